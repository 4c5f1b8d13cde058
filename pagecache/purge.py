"""Purging: the page cache at once, a CDN or proxy in front in the background.

Both run when the transaction commits: before it, a render could still read the old rows and
store them under the new generation.
"""

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

from . import generations
from .tasks import purge_site_from_frontend_cache


def purge(scopes, addresses=None):
    """Make every page in `scopes` render afresh, and ask the frontend cache to drop the same
    pages by address (a CDN knows no scopes). `addresses` returns them; it is called at once
    (before the commit) and only when a frontend cache is configured:
    working out a page's listings costs queries no one needs otherwise."""
    scopes = set(scopes)
    front = bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))
    urls = sorted({url for url in addresses() if url}) if front and addresses else []

    def run():
        generations.bump(scopes)
        if not front:
            return
        if generations.ALL in scopes:
            purge_site_from_frontend_cache.enqueue()
        elif urls:
            purge_urls_from_cache_task.using(backend="background").enqueue(urls)

    transaction.on_commit(run)


def purge_all():
    purge([generations.ALL])
