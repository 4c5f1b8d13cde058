"""Cache generations: how a purge reaches every cached copy of a page at once.

Each cached response records the generation tokens it was rendered under: the site's (`ALL`)
and its scope's (`page:42` for an article and every URL of it, `listings` for the pages that
list posts). A purge replaces the scope's token, so every copy stored under the old one,
whatever its query string, no longer matches and is rendered afresh. Nothing has to enumerate
keys, and no shared index is read, modified and written back by competing processes (the race
that makes a key ring lose entries).

A missing token (a fresh or flushed cache, an evicted key) is created at random with `add()`,
never assumed to be a fixed value: an old entry can then never match again.
"""

import secrets

from django.core.cache import cache

from .memo import memo, publish

ALL = "all"
LISTINGS = "listings"
PREFIX = "kinship:pagecache"


def page_scope(page_id):
    return f"page:{page_id}"


def key(scope):
    return f"{PREFIX}:gen:{scope}"


def _token():
    return secrets.token_hex(8)


def tokens(scopes, found):
    """The current tokens of `scopes` as one string, from `found` (what a get_many of their
    keys returned), creating missing ones; None if the cache is not answering."""
    missing = [key(scope) for scope in scopes if key(scope) not in found]
    if missing:
        for name in missing:
            cache.add(name, _token(), timeout=None)
        found = {**found, **cache.get_many(missing)}
    if any(key(scope) not in found for scope in scopes):
        return None  # the cache is not answering: serve without it
    return ".".join(found[key(scope)] for scope in scopes)


def bump(scopes):
    replaced = {key(scope): _token() for scope in scopes}
    cache.set_many(replaced, timeout=None)
    memo.forget(replaced)
    publish(replaced)  # after the new tokens are in place: see pagecache/memo.py
