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


def test_renaming_an_author_reindexes_their_posts(indexed_post, client):
    author = indexed_post.authors[0]
    author.name = "Marisol Ashdown"
    author.save()

    assert list(BlogPage.objects.live().search("Ashdown")) == [indexed_post]
    assert list(BlogPage.objects.live().search("Quenby")) == []
    assert indexed_post.url in client.get("/search/", {"q": "ashdown"}).content.decode()


def test_renaming_a_category_reindexes_its_posts(indexed_post):
    category = indexed_post.categories.get()
    category.name = "Continuing care"
    category.save()

    assert list(BlogPage.objects.live().search("continuing")) == [indexed_post]
    assert list(BlogPage.objects.live().search("aftercare")) == []


def test_renamed_words_reach_the_did_you_mean_vocabulary(indexed_post):
    from search.models import Word

    author = indexed_post.authors[0]
    author.name = "Marisol Ashdown"
    author.save()

    assert Word.objects.filter(word="ashdown").exists()
    assert not Word.objects.filter(word="quenby").exists()
