"""The header's navigation: the site root's live, public children marked "Show in menus".

Every page shows it, so it is cached (one entry for all sites) and purged by home/signals.py
when a page is published, unpublished, moved or deleted, or a view restriction or a site
changes; only the request's own root page is read fresh.
"""

from django.core.cache import cache
from django.db import transaction

CACHE_KEY = "kinship:navigation"
CACHE_SECONDS = 3600


def menu_pages(root):
    """The pages of `root`'s menu after `root` itself."""
    menus = cache.get(CACHE_KEY) or {}
    if root.pk not in menus:
        menus[root.pk] = list(root.get_children().live().public().in_menu())
        cache.set(CACHE_KEY, menus, CACHE_SECONDS)
    return menus[root.pk]


def purge():
    # Again on commit: a page rendered before the commit may have cached the old menu.
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
