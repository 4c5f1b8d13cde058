"""Keeping the report's findings current in the task worker: checking a long body, or every
post after a guide change, never holds an editor's request."""

from django_tasks import task

from . import results


@task(backend="background")
def recheck_pages(page_ids):
    return results.recheck(page_ids)


@task(backend="background")
def recheck_all():
    return results.recheck()
