"""The page cache: anonymous readers' public pages, served from Django's cache.

A view opts in by naming its scope (`request.page_cache_scope`, set by the Wagtail hook for
pages and by `pagecache.views.cached_as` for other views); nothing else is ever stored. A
response is stored only for a GET without a session cookie, from an anonymous user, outside
a preview, with status 200, no Set-Cookie and no private or no-store Cache-Control: so a
draft, a preview, a signed-in editor's page or anything carrying a user's name never is.

A hit costs at most one round trip to the cache: the current tokens of the site and of the
URL's scope, read together with the entry unless this process holds a copy of it
(pagecache/copies.py), and none when it also remembers the tokens (pagecache/memo.py). Each
process remembers which scope a path has; an entry is checked against its own scope, so a
wrong guess costs a second round trip, never a stale page. The tokens are read before the
view runs, and an entry is stored with them: a purge that commits while a page is being
rendered leaves that render unmatched rather than current.
A path whose scope this process does not know yet is rendered without being stored.

Responses that may be shared carry `Cache-Control: public, max-age=0, s-maxage=…` (browsers
revalidate with the ETag; a CDN or proxy keeps the page until the purge that
wagtail.contrib.frontend_cache sends it) and a Last-Modified of their render.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

from . import generations
from .copies import copies
from .memo import memo
from .views import served_from_cache

HEADER = "X-Kinship-Cache"
# Paths whose scope this process has seen; a scope never changes for a path in practice.
KNOWN_SCOPES_MAX = 50_000
_known_scopes = {}


def _digest(value):
    return hashlib.md5(value.encode(), usedforsecurity=False).hexdigest()


def _addresses(request):
    """(the URL without its query string, the entry's key), worked out once per request."""
    try:
        return request._page_cache_addresses
    except AttributeError:
        origin = request.scheme + "://" + request.get_host()
        entry_key = f"{generations.PREFIX}:page:{_digest(origin + request.get_full_path())}"
        request._page_cache_addresses = (origin + request.path, entry_key)
        return request._page_cache_addresses


def _may_read(request):
    """A request that can only be an anonymous reader's (no session, so no user), for a page
    rather than a static file (WhiteNoise, further in, serves those)."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL))
    )


def _shareable(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
        and response.status_code in (200, 304)  # a 304: the reader's copy is current
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _lookup(request, scope):
    """(entry or None, current tokens of `scope` or None)."""
    where, entry_key = _addresses(request)
    scopes = [generations.ALL, scope] if scope else [generations.ALL]
    token_keys = [generations.key(s) for s in scopes]
    copy = copies.get(entry_key) if scope else None
    if copy is not None and copy["scope"] == scope:
        current = generations.tokens(scopes, memo.get_many(token_keys))
        if copy["tokens"] == current:
            return copy, current
        copies.discard(entry_key)  # purged: the shared entry may be newer, or stale too

    ticket = memo.ticket()
    found = cache.get_many([entry_key, *token_keys])
    entry = found.pop(entry_key, None)
    memo.remember(found, ticket)
    current = generations.tokens(scopes, found) if scope else None
    if entry is not None and entry["scope"] != scope:
        current_for_entry = generations.tokens([generations.ALL, entry["scope"]], found)
        if entry["tokens"] == current_for_entry:
            _known_scopes[where] = entry["scope"]
            copies.put(entry_key, entry)
            return entry, current_for_entry
        return None, current
    if entry is not None and entry["tokens"] != current:
        entry = None
    if entry is not None:
        copies.put(entry_key, entry)
    return entry, current


def _revive(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


def cached_entry(request):
    """The current stored entry for `request`, or None: what pagecache.wsgi serves before
    Django's handler runs. A caller that serves it sends `served`."""
    if not (settings.KINSHIP_PAGE_CACHE and _may_read(request)):
        return None
    entry, _current = _lookup(request, _known_scopes.get(_addresses(request)[0]))
    return entry


def served(request, entry):
    served_from_cache.send(sender=None, request=request, scope=entry["scope"])


def answer(request, entry):
    """The stored page as a response: a 304 if the reader's copy is current."""
    served(request, entry)
    response = _revive(entry)
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )


def _store(request, response, scope, current):
    response[HEADER] = "hit"  # what the stored copy will say when it is served
    entry = {
        "scope": scope,
        "tokens": current,
        "status": response.status_code,
        "status_line": f"{response.status_code} {response.reason_phrase}",
        "headers": list(response.items()),
        "content": response.content,
        "stored": time.time(),
    }
    entry_key = _addresses(request)[1]
    cache.set(entry_key, entry, settings.KINSHIP_PAGE_CACHE_SECONDS)
    copies.put(entry_key, entry)
    response[HEADER] = "miss"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        enabled = settings.KINSHIP_PAGE_CACHE and _may_read(request)
        guessed = current = None
        if enabled:
            guessed = _known_scopes.get(_addresses(request)[0])
            entry, current = _lookup(request, guessed)
            if entry is not None:
                return answer(request, entry)

        response = self.get_response(request)
        scope = getattr(request, "page_cache_scope", None)
        if scope is None:
            return response
        if not (_may_read(request) and _shareable(request, response)):
            patch_cache_control(response, private=True, max_age=0)
            response[HEADER] = "bypass"
            return response

        patch_cache_control(
            response, public=True, max_age=0, s_maxage=settings.KINSHIP_PAGE_CACHE_SECONDS
        )
        if response.status_code == 200:
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date()
            if not response.has_header("ETag"):
                set_response_etag(response)  # once here, not on every hit
        if not enabled:
            response[HEADER] = "bypass"
            return response
        if response.status_code != 200:
            response[HEADER] = "miss"
        elif scope == guessed and current and request.method == "GET":
            _store(request, response, scope, current)
        else:
            if len(_known_scopes) >= KNOWN_SCOPES_MAX:
                _known_scopes.clear()
            _known_scopes[_addresses(request)[0]] = scope
            response[HEADER] = "miss"
        return response
