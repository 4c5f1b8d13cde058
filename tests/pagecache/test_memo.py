"""Each process's memory of the purge tokens (pagecache/memo.py), on a real Redis: a purge
made anywhere is heard before the next answer, and anything that stops the memo hearing
purges sends it back to reading the tokens from Redis.

Two TokenMemo objects stand for two processes: each has its own subscription, as a gunicorn
worker would.
"""

import os
import time

import pytest
from django.core.cache import cache, caches

from cms.settings.base import redis_cache
from pagecache import generations
from pagecache import memo as memo_module
from pagecache.memo import TokenMemo
from pagecache.memo import memo as process_memo
from pagecache.middleware import HEADER
from tests.processes import free_port, redis_for_tests

from .helpers import warm

REDIS_URL = os.environ.get("KINSHIP_TEST_MEMO_REDIS_URL", "redis://127.0.0.1:6379/11")
SCOPE = generations.page_scope(4242)
KEY = generations.key(SCOPE)


@pytest.fixture
def on_redis(settings):
    client = redis_for_tests(REDIS_URL)
    settings.CACHES = {"default": redis_cache(REDIS_URL)}
    process_memo.reset()
    yield client
    process_memo.reset()
    client.flushdb()
    client.close()


@pytest.fixture
def reads(monkeypatch):
    """The token keys each read from the cache asked for."""
    asked = []
    backend = caches["default"]  # the object itself: the proxy follows settings.CACHES
    original = backend.get_many

    def get_many(keys):
        asked.append(sorted(keys))
        return original(keys)

    monkeypatch.setattr(backend, "get_many", get_many)
    return asked


def current(memo):
    return memo.get_many([KEY]).get(KEY)


def test_a_remembered_token_is_not_read_again(on_redis, reads):
    cache.set(KEY, "first", timeout=None)
    worker = TokenMemo()
    first = current(worker)
    assert first and current(worker) == first
    assert reads == [[KEY]]


def test_a_purge_in_another_process_is_heard_by_the_next_read(on_redis, reads):
    cache.set(KEY, "first", timeout=None)
    worker, other = TokenMemo(), TokenMemo()
    before = current(worker)
    assert current(other) == before

    generations.bump([SCOPE])  # as the scheduler, a task worker or an editor's request would
    after = cache.get(KEY)
    assert after != before
    assert current(worker) == after
    assert current(other) == after
    assert reads == [[KEY], [KEY], [KEY], [KEY]]


def test_a_purge_heard_while_reading_is_not_remembered(on_redis):
    cache.set(KEY, "first", timeout=None)
    worker = TokenMemo()
    ticket = worker.ticket()
    read_before_the_purge = cache.get_many([KEY])
    generations.bump([SCOPE])
    on_redis.ping()  # Redis answers it only once it has sent the purge to every subscriber
    worker.remember(read_before_the_purge, ticket)
    assert current(worker) == cache.get(KEY) != read_before_the_purge[KEY]


def test_a_lost_subscription_means_reading_from_redis(on_redis, reads):
    cache.set(KEY, "first", timeout=None)
    worker = TokenMemo()
    assert current(worker) == "first"
    on_redis.client_kill_filter(_type="pubsub")  # Redis restarted, or the connection dropped
    cache.set(KEY, "replaced-unheard", timeout=None)  # a purge this worker cannot hear
    assert current(worker) == "replaced-unheard"
    assert current(worker) == "replaced-unheard"
    assert reads[0] == [KEY] and len(reads) >= 3  # read every time until subscribed again


def test_a_subscription_redis_py_re_established_by_itself_is_not_trusted(on_redis):
    cache.set(KEY, "first", timeout=None)
    worker = TokenMemo()
    assert current(worker) == "first"
    connection = worker._pubsub.connection
    connection.disconnect()
    cache.set(KEY, "replaced-while-away", timeout=None)  # published to no one
    connection.connect()  # what redis-py's retry does: a new socket, subscribed again
    assert current(worker) == "replaced-while-away"


def test_a_remembered_token_is_read_again_after_max_age(on_redis, reads, monkeypatch):
    cache.set(KEY, "first", timeout=None)
    monkeypatch.setattr(memo_module, "MAX_AGE", 0.5)
    worker = TokenMemo()
    current(worker)
    current(worker)
    assert len(reads) == 1
    time.sleep(0.6)
    cache.set(KEY, "replaced-without-a-message", timeout=None)
    assert current(worker) == "replaced-without-a-message"
    assert len(reads) == 2


@pytest.fixture
def in_memory(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def unreachable(settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}


def test_without_redis_nothing_is_remembered(in_memory, reads):
    worker = TokenMemo()
    cache.set(KEY, "first", timeout=None)
    for _ in range(3):
        current(worker)
    assert len(reads) == 3


def test_an_unreachable_redis_is_retried_not_trusted(unreachable, reads):
    worker = TokenMemo()
    assert current(worker) is None
    assert current(worker) is None
    assert len(reads) == 2


@pytest.mark.django_db
def test_a_cached_article_is_answered_without_reading_redis(
    client, page_cache, on_redis, post, monkeypatch
):
    warm(client, post.url)
    client.get(post.url)  # remembers the tokens
    calls = []
    monkeypatch.setattr(caches["default"], "get_many", lambda keys: calls.append(keys) or {})
    response = client.get(post.url)
    assert response[HEADER] == "hit" and calls == []


@pytest.mark.django_db
def test_a_cached_article_follows_a_purge_published_by_another_process(
    client, page_cache, on_redis, post
):
    warm(client, post.url)
    assert client.get(post.url)[HEADER] == "hit"
    # Another process's purge: new tokens in Redis and its message, nothing done in this one.
    scope_key = generations.key(generations.page_scope(post.pk))
    cache.set(scope_key, "from-another-process", timeout=None)
    memo_module.publish([scope_key])
    on_redis.ping()  # the next request comes after Redis has sent the purge to every subscriber
    assert client.get(post.url)[HEADER] == "miss"
