"""Search indexing during an import: each post once, in batches, instead of on every save.

modelsearch indexes a page on each save of it (a new post is saved three times: created, its
authors and tags attached, its revision recorded), which is most of an import's time. The
import turns that off for the article model while it runs and indexes the posts it wrote in
batches of BATCH. The switch is process-wide: the import runs in a worker process or the
command's own, which do nothing else meanwhile.
"""

import logging
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler

logger = logging.getLogger(__name__)

BATCH = 200


@contextmanager
def per_save_indexing_off(model):
    disconnected = post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


class IndexQueue:
    def __init__(self, model):
        self.model = model
        self.page_ids = []

    def add(self, page_id):
        self.page_ids.append(page_id)
        if len(self.page_ids) >= BATCH:
            self.flush()

    def flush(self):
        if not self.page_ids:
            return
        ids, self.page_ids = self.page_ids, []
        pages = list(
            self.model.objects.filter(pk__in=ids).prefetch_related(
                "blog_authors__author", "categories", "tags"
            )
        )
        for backend in get_search_backends(with_auto_update=True):
            try:
                backend.add_bulk(self.model, pages)
            except Exception:
                # The posts are saved; `manage.py update_index` can index them later.
                logger.exception("Could not index %d imported posts", len(pages))
