"""Background work of the blog. Ranking related posts reads the topics of the whole blog and
grows with it, so it runs in the task worker, never on an editor's publish request; the
pages whose lists it rewrites are purged from the page cache when it is done
(related.related_lists_changed, blog/cache_purge.py)."""

from django_tasks import task

from . import related


@task(backend="background")
def rank_after_publish(page_id):
    related.published(page_id)


@task(backend="background")
def rank_after_withdrawal(page_ids, holders=None):
    related.withdrawn(page_ids, holders=holders)
