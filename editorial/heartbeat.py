"""The scheduler's heartbeat: when it last finished a round, for /readyz (home/readiness.py).

Kept in the cache (Redis in production), which every process shares; a lost heartbeat (Redis
restarted) only reads as "not seen yet" until the next round, a minute later.
"""

import contextlib
import time

from django.core.cache import cache

KEY = "kinship:scheduler:heartbeat"


def beat():
    """Record that a round has just finished. A cache that is down is not an error here."""
    # The scheduler carries on without it; /readyz will report it late.
    with contextlib.suppress(Exception):
        cache.set(KEY, time.time(), timeout=None)


def last_beat():
    """The time.time() of the last round, or None when none is on record."""
    try:
        return cache.get(KEY)
    except Exception:
        return None
