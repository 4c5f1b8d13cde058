"""Every change readers should see is on the next request, and only the pages that show it are
purged (tests run the on-commit purges with the `committed` fixture)."""

import pytest
from wagtail.models import Page

from blog.taxonomy import BlogCategory
from comments import moderation_actions
from home.models import CrisisResources
from pagecache.middleware import HEADER
from tests.factories import AuthorFactory, make_comment, make_post, publish_approved
from tests.pagecache.helpers import served, warm

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return BlogCategory.objects.create(name="Peer support", slug="peer-support")


@pytest.fixture
def author():
    return AuthorFactory(name="Jordan Doe")


@pytest.fixture
def article(blog_index, topic, author):
    return make_post(
        blog_index, title="Group therapy", categories=[topic], authors=[author], tags=["groups"]
    )


@pytest.fixture
def listings(article, blog_index, author):
    return [
        "/",
        blog_index.url,
        f"{blog_index.url}category/peer-support/",
        f"{blog_index.url}tag/groups/",
        f"/authors/{author.slug}/",
        f"{blog_index.url}feed/",
        "/search/?q=therapy",
    ]


def test_a_published_change_shows_on_the_article_and_every_listing(
    client, page_cache, committed, article, listings
):
    for url in [article.url, *listings]:
        warm(client, url)
    article.title = "Group therapy, revised"
    committed(publish_approved, article)
    for url in [article.url, *listings]:
        response, html = served(client, url)
        assert "revised" in html, url
        assert response[HEADER] == "miss", url


def test_an_unpublished_article_is_gone_on_the_next_request(
    client, page_cache, committed, article, listings
):
    for url in [article.url, *listings[:3]]:
        warm(client, url)
    committed(Page.objects.get(pk=article.pk).specific.unpublish)
    assert client.get(article.url).status_code == 404
    for url in listings[:3]:
        assert "Group therapy" not in served(client, url)[1], url


def test_a_deleted_article_is_gone_on_the_next_request(client, page_cache, committed, article):
    warm(client, article.url)
    committed(Page.objects.get(pk=article.pk).delete)
    assert client.get(article.url).status_code == 404


def test_a_moved_slug_purges_the_old_address(client, page_cache, committed, article):
    warm(client, article.url)
    old_url = article.url
    article.slug = "group-therapy-new"
    committed(publish_approved, article)
    # Wagtail redirects the old address to the new one (or it is gone): never the cached page.
    assert client.get(old_url).status_code in (301, 302, 404)
    assert client.get(article.url).status_code == 200


def test_another_article_stays_cached(client, page_cache, committed, article, blog_index):
    other = make_post(blog_index, title="Unrelated")
    warm(client, other.url)
    article.title = "Group therapy, revised"
    committed(publish_approved, article)
    assert served(client, other.url)[0][HEADER] == "hit"


def test_an_approved_comment_shows_at_once_and_a_removed_one_goes(
    client, page_cache, committed, article, moderator
):
    comment = make_comment(article, "Held for a moderator.", public=False, signals=False)
    warm(client, article.url)
    assert "Held for a moderator." not in served(client, article.url)[1]
    committed(moderation_actions.approve, comment, moderator)
    assert "Held for a moderator." in served(client, article.url)[1]
    warm(client, article.url)
    committed(moderation_actions.remove, comment, moderator)
    assert "Held for a moderator." not in served(client, article.url)[1]


def test_a_pending_comment_is_never_served(client, page_cache, article):
    from tests.factories import post_comment

    warm(client, article.url)
    post_comment(client, article, "Waiting to be read")
    for _ in range(2):
        assert "Waiting to be read" not in served(client, article.url)[1]


def test_an_author_change_shows_on_their_articles_and_listings(
    client, page_cache, committed, article, listings, author
):
    for url in [article.url, *listings[:5]]:
        warm(client, url)
    author.credentials = "LCSW, CADC"
    committed(author.save)
    for url in [article.url, listings[4]]:
        assert "LCSW, CADC" in served(client, url)[1], url


def test_a_category_change_shows_on_the_listings_and_its_articles(
    client, page_cache, committed, article, topic
):
    for url in [article.url, "/"]:
        warm(client, url)
    topic.name = "Mutual aid"
    committed(topic.save)
    for url in [article.url, "/"]:
        assert "Mutual aid" in served(client, url)[1], url


def test_a_site_setting_change_shows_on_every_page(client, page_cache, committed, article, home):
    for url in [article.url, "/"]:
        warm(client, url)
    crisis = CrisisResources.for_site(home.get_site())
    crisis.heading = "Help right now, day or night"
    committed(crisis.save)
    for url in [article.url, "/"]:
        assert "Help right now, day or night" in served(client, url)[1], url


def test_an_article_showing_another_as_related_is_purged_with_it(
    client, page_cache, committed, article, blog_index, topic
):
    neighbour = make_post(blog_index, title="Peer groups at night", categories=[topic])
    html = warm(client, article.url).content.decode()
    assert "Peer groups at night" in html  # the neighbour is among the related posts
    neighbour.title = "Peer groups after dark"
    committed(publish_approved, neighbour)
    assert "Peer groups after dark" in served(client, article.url)[1]


def test_a_tag_change_shows_on_its_articles(client, page_cache, committed, article):
    from taggit.models import Tag

    warm(client, article.url)
    tag = Tag.objects.get(name="groups")
    tag.name = "group work"
    committed(tag.save)
    assert "group work" in served(client, article.url)[1]
