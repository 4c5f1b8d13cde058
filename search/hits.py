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
"""

from collections import Counter

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


def record(query_string):
    """Count one search for `query_string` (normalised as Wagtail's Query.get does)."""
    cache.add(LAST, 0, timeout=None)
    try:
        number = cache.incr(LAST)
    except ValueError:  # the counter was evicted between add() and incr()
        cache.add(LAST, 0, timeout=None)
        number = cache.incr(LAST)
    day = timezone.now().date().isoformat()  # the day Query.add_hit() would count it on
    cache.set(f"{PREFIX}{number}", f"{day}\t{query_string}", timeout=SLOT_TIMEOUT)


def pending():
    """How many recorded searches have not been flushed yet (at most)."""
    return max(0, (cache.get(LAST) or 0) - (cache.get(FLUSHED) or 0))


def flush():
    """Write the recorded searches to Wagtail's query log. Returns the number written.
    Does nothing while another process is flushing."""
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
