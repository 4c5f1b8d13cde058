"""Values each process keeps from the database until a purge says they have changed.

What every page reads and almost never changes (the site settings in every footer and comment
form, the header's navigation) is kept in the process beside the token of its scope
(pagecache/generations.py) it was read under. Each use checks that token, which costs nothing
when the process remembers it (pagecache/memo.py) and one cache read otherwise, so a value is
exactly as current as a cached page. A change bumps the scope at once, for the rest of its own
transaction, and again on commit: a render between the two may have kept the old value under
the new token. With a cache that does not answer, nothing is kept and every use reads afresh.
"""

import threading

from django.db import transaction

from . import generations
from .memo import memo


class Kept:
    def __init__(self, scope):
        self.scope = scope
        self._key = generations.key(scope)
        self._values = {}  # name → (token, value); a handful of names (sites, roots)
        self._lock = threading.Lock()

    def get(self, name, compute):
        """The value kept as `name`, or `compute()` kept in its place."""
        token = generations.tokens([self.scope], memo.get_many([self._key]))
        if token is None:
            return compute()
        kept = self._values.get(name)
        if kept is not None and kept[0] == token:
            return kept[1]
        value = compute()  # read after the token: a purge meanwhile leaves it unmatched
        with self._lock:
            self._values[name] = (token, value)
        return value

    def purge(self):
        generations.bump([self.scope])
        transaction.on_commit(lambda: generations.bump([self.scope]))
