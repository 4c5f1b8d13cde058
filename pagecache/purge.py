"""Purging: the page cache at once, a CDN or proxy in front in the background.

Both run when the transaction commits: before it, a render could still read the old rows and
store them under the new generation.
"""

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

from . import generations
from .tasks import purge_site_from_frontend_cache


def purge(scopes, urls=()):
    """Make every page in `scopes` render afresh, and ask the frontend cache to drop `urls`
    (the same pages, by address: a CDN knows no scopes)."""
    scopes, urls = set(scopes), sorted({url for url in urls if url})

    def run():
        generations.bump(scopes)
        if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
            return
        if generations.ALL in scopes:
            purge_site_from_frontend_cache.enqueue()
        elif urls:
            purge_urls_from_cache_task.using(backend="background").enqueue(urls)

    transaction.on_commit(run)


def purge_all():
    purge([generations.ALL])
