"""/search/autocomplete/?q=: titles of live, public posts for the search box, as JSON."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import make_post


def suggest(client, q):
    response = client.get("/search/autocomplete/", {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_titles_and_urls_for_a_prefix(blog_index, client):
    post = make_post(blog_index, title="Relapse prevention plans")
    make_post(blog_index, title="Sleep hygiene")

    assert suggest(client, "rel") == [{"title": "Relapse prevention plans", "url": post.url}]
    assert suggest(client, "relapse prev") == [{"title": post.title, "url": post.url}]
    assert suggest(client, "PLANS") == [{"title": post.title, "url": post.url}]


def test_at_most_eight_titles(blog_index, client):
    for i in range(10):
        make_post(blog_index, title=f"Mindful walking {i}")
    assert len(suggest(client, "mindful")) == 8


def test_only_live_public_posts(blog_index, client):
    make_post(blog_index, title="Hidden draft", publish=False)
    unpublished = make_post(blog_index, title="Hidden unpublished")
    unpublished.unpublish()
    private = make_post(blog_index, title="Hidden private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert suggest(client, "hidden") == []


@pytest.mark.parametrize(
    "q",
    ["", "r", "   ", "!!!", '"', "'", "x" * 2000, "\x00", "<script>", "a:b", "-", "恢复", "🌱"],
)
def test_short_or_malformed_input_gives_an_empty_list(blog_index, client, q):
    make_post(blog_index, title="Recovery")
    assert suggest(client, q) == []


def test_responses_may_be_cached_briefly(blog_index, client):
    response = client.get("/search/autocomplete/", {"q": "rec"})
    assert "max-age=60" in response["Cache-Control"]
