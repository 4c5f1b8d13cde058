"""The purges reach a CDN or proxy in front (wagtail.contrib.frontend_cache), in a task."""

import pytest

from blog.taxonomy import BlogCategory
from home.models import CrisisResources
from tests.factories import AuthorFactory, make_post, publish_approved
from tests.pagecache import backends

pytestmark = pytest.mark.django_db


@pytest.fixture
def frontend_cache(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.pagecache.backends.RecordingBackend"}
    }
    backends.PURGED.clear()
    yield backends.PURGED
    backends.PURGED.clear()


def test_a_publish_purges_the_article_and_the_pages_that_list_it(
    frontend_cache, committed, blog_index
):
    topic = BlogCategory.objects.create(name="Peer support", slug="peer-support")
    author = AuthorFactory(name="Jordan Doe")
    article = make_post(blog_index, title="Group therapy", categories=[topic], authors=[author])
    article.tags.add("groups")
    frontend_cache.clear()
    committed(publish_approved, article)
    root = "http://localhost"
    expected = {
        article.get_full_url(),
        f"{root}/",
        f"{root}/blog/",
        f"{root}/blog/feed/",
        f"{root}/blog/category/peer-support/",
        f"{root}/blog/category/peer-support/feed/",
        f"{root}/blog/tag/groups/",
        f"{root}/authors/{author.slug}/",
        f"{root}/sitemap.xml",
    }
    assert expected <= set(frontend_cache), sorted(frontend_cache)


def test_another_article_is_not_purged(frontend_cache, committed, blog_index):
    article = make_post(blog_index, title="Group therapy")
    other = make_post(blog_index, title="Unrelated")
    frontend_cache.clear()
    committed(publish_approved, article)
    assert other.get_full_url() not in frontend_cache


def test_a_site_setting_purges_every_live_page(frontend_cache, committed, blog_index, home):
    article = make_post(blog_index, title="Group therapy")
    frontend_cache.clear()
    crisis = CrisisResources.for_site(home.get_site())
    committed(crisis.save)
    assert {article.get_full_url(), home.get_full_url(), blog_index.get_full_url()} <= set(
        frontend_cache
    )


def test_without_a_frontend_cache_nothing_is_sent(settings, committed, blog_index):
    settings.WAGTAILFRONTENDCACHE = {}
    backends.PURGED.clear()
    committed(publish_approved, make_post(blog_index, title="Group therapy"))
    assert backends.PURGED == []
