"""Each process's own copies of the pages it serves (pagecache/copies.py): as current as the
shared cache, ended with it, and bounded in size."""

import pytest
from django.core.cache import cache

from pagecache import generations
from pagecache.copies import Copies
from pagecache.middleware import HEADER
from tests.pagecache.helpers import warm

pytestmark = pytest.mark.django_db


def entry(content=b"x" * 100, stored=1000.0):
    return {"scope": "listings", "tokens": "a.b", "content": content, "stored": stored}


def shared_keys():
    return [key for key in cache._cache if f"{generations.PREFIX}:page:" in key]  # LocMemCache


def test_a_hit_is_answered_from_the_copy_without_reading_the_shared_entry(client, page_cache, post):
    warm(client, post.url)
    assert shared_keys()
    for key in shared_keys():
        cache.delete(key.split(":", 2)[2])  # the shared entry gone (evicted, say)
    assert not shared_keys()
    response = client.get(post.url)
    assert response[HEADER] == "hit" and post.title in response.content.decode()


def test_a_purge_ends_every_copy_at_once(client, page_cache, post):
    warm(client, post.url)
    generations.bump([generations.page_scope(post.pk)])
    assert client.get(post.url)[HEADER] == "miss"


def test_a_copy_is_never_served_when_the_cache_does_not_answer(client, page_cache, post):
    warm(client, post.url)
    cache.clear()  # as a Redis restarted empty: new tokens, so nothing matches
    assert client.get(post.url)[HEADER] == "miss"


def test_a_copy_ends_when_the_shared_entry_would(settings, monkeypatch):
    settings.KINSHIP_PAGE_CACHE_SECONDS = 600
    kept = Copies()
    kept.put("page", entry(stored=1000.0))
    monkeypatch.setattr("pagecache.copies.time.time", lambda: 1599.0)
    assert kept.get("page") is not None
    monkeypatch.setattr("pagecache.copies.time.time", lambda: 1600.0)
    assert kept.get("page") is None


def test_the_least_recently_served_copies_go_first_within_the_budget(settings, monkeypatch):
    settings.KINSHIP_PAGE_CACHE_LOCAL_BYTES = 250
    monkeypatch.setattr("pagecache.copies.time.time", lambda: 1000.0)
    kept = Copies()
    kept.put("a", entry())
    kept.put("b", entry())
    kept.get("a")  # served: b is now the least recent
    kept.put("c", entry())
    assert kept.get("a") is not None and kept.get("c") is not None
    assert kept.get("b") is None
    kept.put("huge", entry(content=b"x" * 251))  # larger than the budget: not kept
    assert kept.get("huge") is None and kept.get("a") is not None
