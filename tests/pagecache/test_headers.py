"""Public pages a shared cache may keep: no cookie, Cache-Control, ETag, Last-Modified, 304."""

import pytest

from pagecache.middleware import HEADER
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/blog/", "/blog/feed/", "/sitemap.xml", "/search/?q=peer"]


@pytest.fixture
def pages(post):
    make_comment(post, "An approved comment.")
    return [post.url, *PUBLIC]


@pytest.mark.parametrize("cache_on", [False, True], ids=["cache-off", "cache-on"])
def test_anonymous_public_pages_set_no_cookie_and_may_be_shared(client, settings, pages, cache_on):
    settings.KINSHIP_PAGE_CACHE = cache_on
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, response.cookies)
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "s-maxage=600" in cache_control, url
        assert "max-age=0" in cache_control.replace("s-maxage", ""), url
        assert response.has_header("ETag") and response.has_header("Last-Modified"), url


@pytest.mark.parametrize("cache_on", [False, True], ids=["cache-off", "cache-on"])
def test_article_answers_if_none_match_with_304(client, settings, post, cache_on):
    settings.KINSHIP_PAGE_CACHE = cache_on
    first = client.get(post.url)
    assert "Set-Cookie" not in first.headers
    again = client.get(post.url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    changed = client.get(post.url, headers={"if-none-match": '"something-else"'})
    assert changed.status_code == 200


def test_cached_article_answers_if_modified_since_with_304(client, page_cache, post):
    from tests.pagecache.helpers import warm

    hit = warm(client, post.url)
    again = client.get(post.url, headers={"if-modified-since": hit["Last-Modified"]})
    assert again.status_code == 304


def test_the_comment_form_renders_no_csrf_token_for_readers(client, post):
    html = client.get(post.url).content.decode()
    assert 'name="csrfmiddlewaretoken"' not in html
    assert 'name="security_hash"' in html


def test_signed_in_pages_are_private_and_never_cached(client, page_cache, post, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    for _ in range(3):
        response = client.get(post.url)
        assert response[HEADER] == "bypass"
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


def test_admin_and_comment_views_are_not_public(admin_client, client, post):
    assert "public" not in admin_client.get("/admin/").get("Cache-Control", "")
    assert HEADER not in client.get("/healthz")
    posted = client.get("/comments/posted/?c=nonsense")
    assert "public" not in posted.get("Cache-Control", "")
