"""Opting a view that is not a Wagtail page into the page cache, and hearing of its hits."""

from functools import wraps

from django.dispatch import Signal

# Sent with `request` and `scope` when a page is answered from the cache, so that a view's
# side effects that must happen per request (a search counted) still happen.
served_from_cache = Signal()


def cached_as(scope):
    """Decorate a public view whose page may be cached under `scope`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.page_cache_scope = scope
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
