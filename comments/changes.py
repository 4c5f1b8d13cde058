"""Telling the rest of the site that what readers see of an article's comments has changed.

Sent once the change commits, with the ids of the articles concerned. The blog listens
(blog/cache_purge.py): the article shows the comments, its listings show their count. Comments
never import the blog, so they say what changed and the blog decides which pages show it.
"""

from django.db import transaction
from django.dispatch import Signal

public_comments_changed = Signal()  # page_ids: a set of article ids


def announce(comments):
    page_ids = {int(c.object_pk) for c in comments if str(c.object_pk).isdigit()}
    if page_ids:
        transaction.on_commit(lambda: public_comments_changed.send(sender=None, page_ids=page_ids))
