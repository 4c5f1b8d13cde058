"""A fixed-window rate limit in the cache (local memory in development, Redis in production)."""

import hashlib

from django.core.cache import cache

POST_LIMIT = (5, 600)  # comments per IP address or email address, per 10 minutes
REPORT_LIMIT = (10, 3600)  # reports per IP address, per hour


def _key(scope, value):
    digest = hashlib.sha256(str(value).lower().encode()).hexdigest()[:32]
    return f"kinship:ratelimit:{scope}:{digest}"


def hit(scope, value, limit):
    """Count one attempt; True while the limit is not exceeded."""
    if not value:
        return True
    allowed, window = limit
    key = _key(scope, value)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= allowed
