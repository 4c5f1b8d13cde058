"""Serving cached pages before Django's request handler (cms/wsgi.py).

A hit needs no URL resolution, no middleware and no database: answering it here skips the
handler's signals and the middleware chain, which cost as much as the cache lookup itself.
A plain hit is written straight from the stored status line, headers and body; a conditional
request gets Django's answer to it (a 304 when the reader's copy is current). Everything
else, and every miss, goes to Django as usual, where PageCacheMiddleware (the outermost
middleware, so stored pages carry every header the others add) stores pages.
"""

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest

from .middleware import answer, cached_entry, served

CONDITIONS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


class CachedPagesFirst:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        request = WSGIRequest(environ)
        try:
            entry = cached_entry(request)
        except DisallowedHost:  # Django answers it with a 400
            entry = None
        if entry is None:
            return self.application(environ, start_response)
        if any(name in environ for name in CONDITIONS):
            response = answer(request, entry)
            start_response(f"{response.status_code} {response.reason_phrase}", response.items())
            return [response.content]
        served(request, entry)
        start_response(entry["status_line"], list(entry["headers"]))
        return [entry["content"]]
