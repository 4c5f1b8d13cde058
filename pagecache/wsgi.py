"""Serving cached pages before Django's request handler (cms/wsgi.py).

A hit needs no URL resolution, no middleware and no database: answering it here skips the
handler's signals and the middleware chain, which cost as much as the cache lookup itself.
Everything else, and every miss, goes to Django as usual, where PageCacheMiddleware (the
outermost middleware, so stored pages carry every header the others add) stores pages.
"""

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest

from .middleware import cached_response


class CachedPagesFirst:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        request = WSGIRequest(environ)
        try:
            response = cached_response(request)
        except DisallowedHost:  # Django answers it with a 400
            response = None
        if response is None:
            return self.application(environ, start_response)
        status = f"{response.status_code} {response.reason_phrase}"
        start_response(status, list(response.items()))
        return [response.content]
