"""The page cache across gunicorn workers, as production runs it: each worker keeps its own
copies of pages and remembers the purge tokens (pagecache/memo.py), and a change made in
another process (here the test's, as an editor's request or the scheduler would) is what
every worker serves on the very next request."""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from cms.settings.base import redis_cache
from pagecache.memo import memo
from tests.factories import make_post, publish_approved
from tests.processes import Gunicorn, redis_for_tests

REDIS_URL = os.environ.get("KINSHIP_TEST_WORKERS_REDIS_URL", "redis://127.0.0.1:6379/12")
WORKERS = 3


@pytest.fixture
def shared_cache(settings):
    client = redis_for_tests(REDIS_URL)
    settings.CACHES = {"default": redis_cache(REDIS_URL)}  # the purges reach the workers' Redis
    memo.reset()
    yield client
    memo.reset()
    client.flushdb()
    client.close()


def workers_with_hits(server, url, since):
    """The workers that served `url` from the cache after the first `since` requests."""
    return {
        line.split()[0]
        for line in server.access_lines()[since:]
        if line.split()[1:3] == ["GET", url] and line.endswith(" hit")
    }


def read_everywhere(server, url, text):
    """Read `url` until every worker has served it from the cache; each answer must show
    `text`. Requests go in concurrent bursts: one at a time, the worker that is idle first
    takes nearly every connection, and on a busy machine another may never get one."""
    since = len(server.access_lines())

    def read(_):
        response = requests.get(server.base + url, timeout=20)
        assert response.status_code == 200
        assert text in response.text, response.headers.get("X-Kinship-Cache")

    with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
        for _ in range(40):
            list(pool.map(read, range(WORKERS * 2)))
            if len(workers_with_hits(server, url, since)) == WORKERS:
                return
    raise AssertionError(f"not every worker served hits:\n{server.access_lines()}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_worker_serves_the_change_on_the_next_request(blog_index, shared_cache, tmp_path):
    article = make_post(blog_index, title="Peer support at night", summary="Groups that meet late.")
    server = Gunicorn(
        tmp_path,
        "cached",
        REDIS_URL,
        workers=WORKERS,
        KINSHIP_TEST_PAGE_CACHE="1",
    )
    try:
        server.wait_ready()
        read_everywhere(server, article.url, "Peer support at night")

        article.title = "Peer support after dark"
        publish_approved(article)  # commits: the purge runs here, in the test's process

        for _ in range(WORKERS * 10):  # the very next requests, whichever worker answers
            response = requests.get(server.base + article.url, timeout=20)
            assert "Peer support after dark" in response.text
            assert "Peer support at night" not in response.text
        read_everywhere(server, article.url, "Peer support after dark")
    finally:
        server.stop()
