"""Background work of the page cache: purging a frontend cache is network I/O that may fail,
so it never runs on an editor's request."""

from django_tasks import task
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.models import Page


@task(backend="background")
def purge_site_from_frontend_cache():
    """Every address of every live, public page: a site-wide change (a setting, the menu)
    shows on all of them."""
    urls = []
    for page in Page.objects.live().public().specific().iterator(chunk_size=500):
        base = page.get_full_url()
        if base:
            urls.extend(base + path.lstrip("/") for path in page.get_cached_paths())
    purge_urls_from_cache_task.call(urls)
