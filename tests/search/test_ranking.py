"""What the search page finds and in which order (PostgreSQL full-text search, English)."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import make_hidden_posts, make_post
from tests.search.helpers import body, found


def test_title_match_ranks_above_summary_match_above_body_only_match(blog_index, client):
    in_body = make_post(
        blog_index,
        title="Staying well through winter",
        summary="Small habits for dark evenings.",
        # Many mentions in the body still rank below one in the summary or title.
        body=body("<p>" + "Relapse is part of many stories. " * 30 + "</p>"),
    )
    in_summary = make_post(
        blog_index,
        title="Notes from a group evening",
        summary="What we learned about relapse together.",
        body=body("<p>An evening of sharing.</p>"),
    )
    # A long title: modelsearch scales title rank by average title length over this one's.
    in_title = make_post(
        blog_index,
        title="A long and patient guide to what you can do after a relapse happens to you",
        summary="Gentle first steps.",
        body=body("<p>Nothing else here.</p>"),
    )
    make_post(blog_index, title="Unrelated", summary="Sleep.", body=body("<p>Rest.</p>"))

    assert found(client, "relapse") == [in_title.url, in_summary.url, in_body.url]


def test_author_category_and_tag_names_rank_above_the_body(blog_index, client):
    from tests.factories import AuthorFactory, CategoryFactory

    in_body = make_post(blog_index, title="One", body=body("<p>" + "mindfulness " * 20 + "</p>"))
    by_category = make_post(
        blog_index, title="Two", categories=[CategoryFactory(name="Mindfulness")]
    )
    by_tag = make_post(blog_index, title="Three", tags=["mindfulness"])
    by_author = make_post(blog_index, title="Four", authors=[AuthorFactory(name="Mindfulness Mo")])

    urls = found(client, "mindfulness")
    assert set(urls[:3]) == {by_category.url, by_tag.url, by_author.url}
    assert urls[3] == in_body.url


def test_quoted_words_match_as_a_phrase(blog_index, client):
    together = make_post(
        blog_index, title="Circles", body=body("<p>We found peer support in a church hall.</p>")
    )
    apart = make_post(
        blog_index, title="Walking", body=body("<p>A peer walked with me; support came later.</p>")
    )

    assert found(client, '"peer support"') == [together.url]
    assert set(found(client, "peer support")) == {together.url, apart.url}


def test_every_word_must_match(blog_index, client):
    both = make_post(blog_index, title="Sleep and recovery", body=body("<p>Sleep heals.</p>"))
    make_post(blog_index, title="Sleep hygiene", body=body("<p>Dark rooms.</p>"))

    assert found(client, "sleep heals") == [both.url]
    assert found(client, "sleep zeppelin") == []


def test_stemming_finds_other_forms_of_a_word(blog_index, client):
    post = make_post(
        blog_index, title="Coming back", body=body("<p>Relapses are not failures.</p>")
    )

    assert found(client, "relapse") == [post.url]
    assert found(client, "RELAPSING") == [post.url]


@pytest.fixture
def hidden_posts(blog_index):
    """A live post and one post in each state readers must never find, all with one word."""
    word = body("<p>Kintsugi mends what broke.</p>")
    visible = make_post(blog_index, title="Visible", body=word)
    return visible, list(make_hidden_posts(blog_index, body=word).values())


def test_drafts_unpublished_private_and_expired_posts_are_never_found(hidden_posts, client):
    visible, hidden = hidden_posts
    assert found(client, "kintsugi") == [visible.url]


def test_posts_in_a_private_section_are_not_found(blog_index, client):
    make_post(blog_index, title="Members only", body=body("<p>Kintsugi.</p>"))
    PageViewRestriction.objects.create(
        page=blog_index, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert found(client, "kintsugi") == []


def test_an_unpublished_draft_of_a_live_post_is_not_searchable(blog_index, client):
    post = make_post(blog_index, title="Visible title", body=body("<p>Live words.</p>"))
    post.title = "Quokka draft title"
    post.summary = "An unreviewed quokka summary."
    post.save_revision()

    assert found(client, "quokka") == []
    assert found(client, "visible") == [post.url]
