"""BlogPage indexes its title, summary, body text, authors, categories and tags."""

import pytest

from blog.models import BlogPage
from tests.factories import AuthorFactory, CategoryFactory, make_post


@pytest.fixture
def indexed_post(blog_index):
    make_post(blog_index, title="Unrelated article", summary="Nothing to see.")
    return make_post(
        blog_index,
        title="Finding your footing",
        summary="Gentle first steps after detox.",
        authors=[AuthorFactory(name="Marisol Quenby")],
        categories=[CategoryFactory(name="Aftercare planning")],
        tags=["sponsorship"],
        body=[
            ("intro", "<p>The <b>halfway</b> house years taught us patience.</p>"),
            (
                "benefit_section",
                {"heading": "Routines that hold", "body": "<p>Breakfast, meetings, sleep.</p>"},
            ),
        ],
    )


@pytest.mark.parametrize(
    "query",
    ["footing", "detox", "halfway", "routines", "breakfast", "Quenby", "aftercare", "sponsorship"],
)
def test_post_is_found_by_each_indexed_field(indexed_post, query):
    results = list(BlogPage.objects.live().search(query))
    assert results == [indexed_post]


def test_unpublished_post_is_not_found(indexed_post):
    indexed_post.unpublish()
    assert list(BlogPage.objects.live().search("footing")) == []


def test_search_page_shows_matching_post(client, indexed_post):
    response = client.get("/search/", {"q": "Quenby"})
    assert response.status_code == 200
    assert "Finding your footing" in response.content.decode()
    assert "Unrelated article" not in response.content.decode()
