"""Values each process keeps until a purge (pagecache/kept.py): the site settings and the
navigation every page reads, read once, then kept exactly as long as they are current."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import CommentPolicy
from home.models import CrisisResources
from pagecache import generations
from pagecache.kept import Kept
from pagecache.site_settings import kept as kept_settings

from .test_cache_down import DEAD_REDIS

pytestmark = pytest.mark.django_db


def counted(kept, name="value"):
    calls = []

    def compute():
        calls.append(1)
        return f"value {len(calls)}"

    return calls, (lambda: kept.get(name, compute))


def test_a_value_is_computed_once_until_purged(django_capture_on_commit_callbacks):
    kept = Kept("test-scope")
    calls, get = counted(kept)
    assert get() == get() == "value 1"
    with django_capture_on_commit_callbacks(execute=True):
        kept.purge()
        assert get() == "value 2"  # at once, inside the change's own transaction
    assert get() == "value 3"  # and again once it committed
    assert get() == "value 3" and len(calls) == 3


def test_a_purge_from_another_process_is_followed():
    kept = Kept("test-scope")
    calls, get = counted(kept)
    get()
    cache.set(generations.key("test-scope"), "another process's token", timeout=None)
    assert get() == "value 2"


def test_with_the_cache_down_nothing_is_kept(settings):
    settings.CACHES = DEAD_REDIS
    kept = Kept("test-scope")
    calls, get = counted(kept)
    assert [get(), get()] == ["value 1", "value 2"]


def article_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_site_settings_are_read_once_not_per_page(client, post, home):
    for model in (CrisisResources, CommentPolicy):
        model.for_site(home.get_site())  # created, as the first page of a new site would
    article_queries(client, post.url)
    later = article_queries(client, post.url)
    for table in (CrisisResources._meta.db_table, CommentPolicy._meta.db_table):
        assert not any(f'FROM "{table}"' in sql for sql in later), table


def test_a_setting_changed_in_the_admin_shows_on_the_next_page(client, post, home):
    assert "Need help now?" in client.get(post.url).content.decode()
    crisis = CrisisResources.for_site(home.get_site())
    crisis.heading = "Help right now, day or night"
    crisis.save()
    assert "Help right now, day or night" in client.get(post.url).content.decode()
    policy = CommentPolicy.for_site(home.get_site())
    policy.comments_enabled = False
    policy.save()
    assert "Comments are closed on this article." in client.get(post.url).content.decode()


def test_each_request_gets_its_own_copy(rf, home):
    first, second = rf.get("/"), rf.get("/")
    one, two = CrisisResources.for_request(first), CrisisResources.for_request(second)
    assert one is not two and one.pk == two.pk
    assert (one._request, two._request) == (first, second)
    assert CrisisResources.for_request(first) is one  # once per request, as in Wagtail


def test_the_settings_editor_reads_the_database(home):
    kept_for_readers = CrisisResources.for_site(home.get_site())
    CrisisResources.objects.filter(pk=kept_for_readers.pk).update(heading="Edited elsewhere")
    assert CrisisResources.for_site(home.get_site()).heading == "Edited elsewhere"
    assert kept_settings.scope == "site-settings"


def test_the_navigation_follows_a_renamed_section(client, home, blog_index):
    assert ">Stories</a>" not in client.get("/").content.decode()
    blog_index.title = "Stories"
    blog_index.save_revision().publish()
    assert ">Stories</a>" in client.get("/").content.decode()
