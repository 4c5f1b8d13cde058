"""Each process's own copies of the pages it serves most, beside the shared cache.

A hit on a shared entry reads about 20 KB from Redis and unpickles it: most of what a hit
costs. A copy kept here needs only the scope's tokens from Redis, read on every request as
for a shared entry, so a copy is exactly as current as the shared cache: a purge replaces a
token and every process's copy stops matching at once. A copy also ends when the shared
entry would have (KINSHIP_PAGE_CACHE_SECONDS after the page was rendered), and the least
recently served copies go first once KINSHIP_PAGE_CACHE_LOCAL_BYTES is reached, so a
worker's memory stays bounded however many pages the site has.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings


class Copies:
    def __init__(self):
        self._entries = OrderedDict()
        self._bytes = 0
        # gunicorn's sync workers have one thread, but runserver and threaded workers do not.
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry["expires"] <= time.time():
                self._remove(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        """Keep a copy of `entry`, as the shared cache stores it."""
        size = len(entry["content"])
        budget = settings.KINSHIP_PAGE_CACHE_LOCAL_BYTES
        if size > budget:
            return
        entry = {**entry, "expires": entry["stored"] + settings.KINSHIP_PAGE_CACHE_SECONDS}
        with self._lock:
            self._remove(key)
            while self._entries and self._bytes + size > budget:
                self._remove(next(iter(self._entries)))
            self._entries[key] = entry
            self._bytes += size

    def discard(self, key):
        with self._lock:
            self._remove(key)

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _remove(self, key):
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry["content"])


copies = Copies()
