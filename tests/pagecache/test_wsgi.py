"""Cached pages answered before Django's handler (pagecache/wsgi.py, as cms/wsgi.py uses it).

Django's own handler is replaced by a stand-in here: it would close the test's database
connection (request_finished); what matters is which requests reach it."""

import pytest
from django.test import RequestFactory

from pagecache.middleware import HEADER
from pagecache.wsgi import CachedPagesFirst
from tests.pagecache.helpers import warm

pytestmark = pytest.mark.django_db


def django(environ, start_response):
    start_response("200 OK", [("X-Answered-By", "django")])
    return [b"from Django"]


def call(url, **headers):
    environ = RequestFactory().get(url, headers=headers).environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    body = b"".join(CachedPagesFirst(django)(environ, start_response))
    return answer["status"], answer["headers"], body


def test_a_cached_page_is_answered_with_every_header(client, page_cache, post):
    warm(client, post.url)
    status, headers, body = call(post.url)
    assert status == "200 OK"
    assert headers[HEADER] == "hit"
    # Added by middleware further in, and stored with the page.
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Frame-Options" in headers and "ETag" in headers
    assert "public" in headers["Cache-Control"]
    assert post.title.encode() in body


def test_a_current_copy_gets_a_304(client, page_cache, post):
    etag = warm(client, post.url)["ETag"]
    status, headers, body = call(post.url, if_none_match=etag)
    assert status == "304 Not Modified" and body == b""


@pytest.mark.parametrize(
    "headers", [{"cookie": "sessionid=abc"}, {"host": "evil.example"}], ids=["session", "host"]
)
def test_a_session_or_an_unknown_host_goes_to_django(client, page_cache, post, headers):
    warm(client, post.url)
    status, answered, body = call(post.url, **headers)
    assert answered == {"X-Answered-By": "django"} and body == b"from Django"


def test_a_miss_or_the_cache_switched_off_goes_to_django(client, page_cache, post):
    assert call(post.url)[2] == b"from Django"
    warm(client, post.url)
    page_cache.KINSHIP_PAGE_CACHE = False
    assert call(post.url)[2] == b"from Django"
