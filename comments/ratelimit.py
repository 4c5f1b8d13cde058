"""A fixed-window rate limit in the cache (local memory in development, Redis in production).

The counters must be shared by every process that serves requests: production settings refuse
a per-process cache unless KINSHIP_SINGLE_PROCESS=1 says only one process runs. When the cache
cannot be reached the limit fails closed: hit() raises Unavailable (and logs a warning), and the
views refuse the post with a 503 that gives the reader their words back (comments/views.py,
comments/reporting.py). Open, a Redis outage would turn the limit off for everyone, flooding
the moderators' queue just when the site is struggling.
"""

import hashlib
import ipaddress
import logging

from django.core.cache import cache

from .client import client_ip

logger = logging.getLogger(__name__)

POST_LIMIT = (5, 600)  # comments per IP address or email address, per 10 minutes
REPORT_LIMIT = (10, 3600)  # reports per IP address, per hour

# Gmail ignores dots in the local part, so n.a.m.e@gmail.com reaches name@gmail.com. Other
# providers treat dots as part of the address, so they are kept everywhere else.
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def _key(scope, value):
    digest = hashlib.sha256(str(value).lower().encode()).hexdigest()[:32]
    return f"kinship:ratelimit:{scope}:{digest}"


class Unavailable(Exception):
    """The cache holding the counters did not answer: the attempt cannot be counted."""


def hit(scope, value, limit):
    """Count one attempt; True while the limit is not exceeded. Raises Unavailable when the
    cache is down."""
    if not value:
        return True
    try:
        return _count(_key(scope, value), limit)
    except Exception as error:  # redis ConnectionError/TimeoutError, or any other cache failure
        logger.warning(
            "Rate limit %s refused the attempt, the cache is unavailable: %s: %s",
            scope,
            type(error).__name__,
            error,
        )
        raise Unavailable(scope) from error


class CacheUnavailable(Exception):
    pass


def _count(key, limit):
    allowed, window = limit
    added = cache.add(key, 1, timeout=window)
    if added is None:  # django-redis answers None when Redis is down (IGNORE_EXCEPTIONS)
        raise CacheUnavailable("the cache did not answer")
    if added:
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    if count == 1:
        # Redis's INCR re-created a key that expired after the existence check, without a
        # timeout: give it one, or the address would stay counted for ever.
        cache.touch(key, window)
    return count <= allowed


def normalise_email(email):
    """The mailbox behind an address: lower-cased, without a +tag (name+1@example.org is
    name@example.org), and without dots for Gmail. Only for counting; never stored."""
    email = str(email or "").strip().lower()
    local, at, domain = email.rpartition("@")
    if not at or not local or not domain:
        return email
    local = local.split("+", 1)[0] or local
    if domain in DOTLESS_DOMAINS:
        domain = DOTLESS_DOMAINS[domain]
        local = local.replace(".", "") or local
    return f"{local}@{domain}"


def address_scope(ip):
    """The unit an address is counted in: the address for IPv4, its /64 for IPv6 (one
    subscriber's allocation; privacy addressing rotates addresses within it)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def allow_comment(request, email):
    """Count one comment against the reader's address and their email; False when either has
    reached POST_LIMIT. A refused post is not counted against the email. Raises Unavailable
    when the cache is down."""
    ip = client_ip(request)
    if not hit("comment-ip", address_scope(ip) if ip else None, POST_LIMIT):
        return False
    return hit("comment-email", normalise_email(email), POST_LIMIT)
