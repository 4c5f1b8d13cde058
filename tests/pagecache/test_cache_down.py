"""A cache that does not answer (Redis down): pages are served, uncached, and never stale."""

import pytest

from pagecache.middleware import HEADER

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
            "IGNORE_EXCEPTIONS": True,
        },
    }
}


def test_pages_are_served_when_the_cache_is_down(client, page_cache, settings, post):
    settings.CACHES = DEAD_REDIS
    for url in [post.url, "/", "/blog/"]:
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response[HEADER] == "miss", url
