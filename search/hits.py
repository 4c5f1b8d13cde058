"""Counting the searches readers type, without writing to the database while they wait.

Wagtail's Query.add_hit() writes two rows on every search. Here a search only takes the
next number from a counter in the cache and stores "date, query" under it (two cache
operations); flush() later adds them up and writes one update per query and day, for the
popular search terms report. The cache is the one every process shares (Redis in
production), so any process may flush: `manage.py flush_search_hits` (the scheduler's
round), and the report itself before it reads the counts, so an editor always sees every
search recorded by the process serving them.

A search stored between the flusher reading the counter and reading the slots would be
missed; so a slot the flusher finds empty above what it had seen before is looked for again
on the next flush, and only then given up (it expired, or the cache lost it).

Even that would be three round trips to Redis on every search, the cached results pages
included, which otherwise need none. So each process holds the searches it records for up
to KINSHIP_SEARCH_HITS_SECONDS (or BATCH of them) and stores them together: two round trips
per batch. A process's own flush, pending count and exit store them first. A process killed
outright loses at most that second of counts: the report is a count, not a record.
"""

import atexit
import threading
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

PREFIX = "kinship:search-hits:"
LAST = PREFIX + "last"  # the number of the latest recorded search
FLUSHED = PREFIX + "flushed"  # every search up to this number has been flushed or given up
SEEN = PREFIX + "seen"  # LAST as the previous flush read it
LOCK = PREFIX + "lock"
# A recorded search waits at most this long for a flush (the scheduler runs every minute).
SLOT_TIMEOUT = 7 * 24 * 3600
LOCK_TIMEOUT = 300
CHUNK = 1000
BATCH = 100  # searches a process stores together at the most

_held = []  # this process's searches not yet in the cache
_timer = None
_lock = threading.Lock()


def record(query_string):
    """Count one search for `query_string` (normalised as Wagtail's Query.get does)."""
    day = timezone.now().date().isoformat()  # the day Query.add_hit() would count it on
    search = f"{day}\t{query_string}"
    seconds = settings.KINSHIP_SEARCH_HITS_SECONDS
    if not seconds:
        _store([search])
        return
    global _timer
    with _lock:
        _held.append(search)
        full = len(_held) >= BATCH
        if not full and _timer is None:
            _timer = threading.Timer(seconds, store_held)
            _timer.daemon = True
            _timer.start()
    if full:
        store_held()


def store_held():
    """Put this process's held searches in the cache, where any process's flush finds them."""
    global _timer
    with _lock:
        searches = _held[:]
        _held.clear()
        if _timer is not None:
            _timer.cancel()
            _timer = None
    if searches:
        _store(searches)


atexit.register(store_held)  # a worker stopped or restarted keeps its counts


def _store(searches):
    """Take the next numbers from the counter and store `searches` under them."""
    cache.add(LAST, 0, timeout=None)
    try:
        last = cache.incr(LAST, len(searches))
    except ValueError:  # the counter was evicted between add() and incr()
        cache.add(LAST, 0, timeout=None)
        last = cache.incr(LAST, len(searches))
    if last is None:  # the cache is not answering (and ignores the error): nothing to keep
        return
    first = last - len(searches) + 1
    slots = {f"{PREFIX}{number}": search for number, search in enumerate(searches, first)}
    cache.set_many(slots, timeout=SLOT_TIMEOUT)


def pending():
    """How many recorded searches have not been flushed yet (at most)."""
    store_held()
    return max(0, (cache.get(LAST) or 0) - (cache.get(FLUSHED) or 0))


def flush():
    """Write the recorded searches to Wagtail's query log. Returns the number written.
    Does nothing while another process is flushing."""
    store_held()
    if not cache.add(LOCK, 1, timeout=LOCK_TIMEOUT):
        return 0
    try:
        return _flush()
    finally:
        cache.delete(LOCK)


def _flush():
    last = cache.get(LAST) or 0
    flushed = cache.get(FLUSHED) or 0
    if flushed > last:  # the counter was lost: start again from its new value
        flushed = 0
    seen = max(cache.get(SEEN) or 0, flushed)
    counts, found, first_missing = Counter(), [], None
    for start in range(flushed + 1, last + 1, CHUNK):
        keys = [f"{PREFIX}{n}" for n in range(start, min(start + CHUNK, last + 1))]
        values = cache.get_many(keys)
        for number, key in enumerate(keys, start):
            if key in values:
                day, _, query_string = values[key].partition("\t")
                counts[day, query_string] += 1
                found.append(key)
            elif number > seen and first_missing is None:
                first_missing = number
    if counts:
        _write(counts)
    cache.delete_many(found)
    cache.set(FLUSHED, first_missing - 1 if first_missing else last, timeout=None)
    cache.set(SEEN, last, timeout=None)
    return sum(counts.values())


def _write(counts):
    with transaction.atomic():
        for (day, query_string), hits in sorted(counts.items()):
            query = Query.get(query_string)
            daily, created = QueryDailyHits.objects.get_or_create(
                query=query, date=day, defaults={"hits": hits}
            )
            if not created:
                QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + hits)
