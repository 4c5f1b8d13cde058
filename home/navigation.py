"""The header's navigation: the site root's live, public children marked "Show in menus".

Every page shows it, so each process keeps it (pagecache/kept.py) until home/signals.py
purges it: a page published, unpublished, moved or deleted, a view restriction or a site
changed. Only the request's own root page is read fresh.
"""

from pagecache.kept import Kept

kept = Kept("navigation")


def menu_pages(root):
    """The pages of `root`'s menu after `root` itself."""
    return kept.get(root.pk, lambda: list(root.get_children().live().public().in_menu()))


def purge():
    kept.purge()
