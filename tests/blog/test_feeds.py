"""RSS feeds: /blog/feed/ and /blog/category/<slug>/feed/."""

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import Site

from blog.feeds import FEED_SIZE
from blog.models import BlogPage
from tests.factories import AuthorFactory, CategoryFactory, make_hidden_posts, make_post

FEED = "/blog/feed/"
DC = "{http://purl.org/dc/elements/1.1/}"
ATOM = "{http://www.w3.org/2005/Atom}"


def get_feed(client, url=FEED):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ElementTree.fromstring(response.content)
    assert rss.tag == "rss"
    assert rss.get("version") == "2.0"
    return rss.find("channel")


def item_titles(channel):
    return [item.findtext("title") for item in channel.findall("item")]


def test_feed_lists_live_posts_newest_first(client, blog_index):
    for title in ("First article", "Second article", "Third article"):
        make_post(blog_index, title=title)

    channel = get_feed(client)

    assert channel.findtext("title") == "Kinship: Blog"
    assert channel.findtext("link") == "http://localhost/blog/"
    assert channel.find(f"{ATOM}link").get("href") == "http://localhost/blog/feed/"
    assert channel.findtext("description")
    assert item_titles(channel) == ["Third article", "Second article", "First article"]


def test_feed_item_carries_link_summary_date_authors_and_categories(client, blog_index):
    family = CategoryFactory(name="Family")
    post = make_post(
        blog_index,
        title="Walking together",
        summary="Why company helps.",
        authors=[AuthorFactory(name="Dana Rivers"), AuthorFactory(name="Sam Lee")],
        categories=[family],
        tags=["hope"],
    )

    [item] = get_feed(client).findall("item")

    assert item.findtext("title") == "Walking together"
    assert item.findtext("link") == "http://localhost/blog/" + post.slug + "/"
    assert item.findtext("link") == post.get_full_url()
    guid = item.find("guid")
    assert guid.text == item.findtext("link")
    assert guid.get("isPermaLink") == "true"
    assert item.findtext("description") == "Why company helps."
    published = parsedate_to_datetime(item.findtext("pubDate"))
    assert published == post.first_published_at.replace(microsecond=0)
    assert item.findtext(f"{DC}creator") == "Dana Rivers, Sam Lee"
    assert [c.text for c in item.findall("category")] == ["Family", "hope"]


def test_feed_uses_the_site_name(client, blog_index):
    Site.objects.filter(is_default_site=True).update(site_name="Riverside Recovery")
    make_post(blog_index, title="Any article")

    assert get_feed(client).findtext("title") == "Riverside Recovery: Blog"


def test_feed_shows_the_live_version_not_a_newer_draft(client, blog_index):
    post = make_post(blog_index, title="Published title", summary="Published summary.")
    post.title = "Draft title"
    post.summary = "Draft summary."
    post.save_revision()

    [item] = get_feed(client).findall("item")

    assert item.findtext("title") == "Published title"
    assert item.findtext("description") == "Published summary."


@pytest.mark.parametrize("url", [FEED, "/blog/category/family/feed/"])
def test_feed_never_lists_hidden_posts(client, blog_index, url):
    family = CategoryFactory(slug="family")
    make_post(blog_index, title="Visible article", categories=[family])
    hidden = make_hidden_posts(blog_index, categories=[family])

    titles = item_titles(get_feed(client, url))

    assert titles == ["Visible article"]
    for state, post in hidden.items():
        assert post.title not in titles, state


def test_category_feed_lists_only_that_category(client, blog_index):
    family = CategoryFactory(name="Family", slug="family", description="For loved ones.")
    other = CategoryFactory(name="Other", slug="other")
    make_post(blog_index, title="Family article", categories=[family])
    make_post(blog_index, title="Both article", categories=[family, other])
    make_post(blog_index, title="Other article", categories=[other])

    channel = get_feed(client, "/blog/category/family/feed/")

    assert channel.findtext("title") == "Kinship: Family"
    assert channel.findtext("link") == "http://localhost/blog/category/family/"
    assert channel.findtext("description") == "For loved ones."
    assert channel.find(f"{ATOM}link").get("href") == "http://localhost/blog/category/family/feed/"
    assert item_titles(channel) == ["Both article", "Family article"]


@pytest.mark.parametrize(
    "url", ["/blog/category/nope/feed/", "/blog/category/bad%00slug/feed/", "/blog/feeds/"]
)
def test_unknown_feeds_are_404(client, blog_index, url):
    CategoryFactory(slug="family")

    assert client.get(url).status_code == 404


def test_empty_feed_is_valid(client, blog_index):
    channel = get_feed(client)

    assert channel.findall("item") == []


def test_feed_escapes_markup_from_titles_and_summaries(client, blog_index):
    summary = 'Read <script>alert(1)</script> & "quotes" <img src=x onerror=alert(2)>'
    make_post(blog_index, title="<b>Bold</b> title", summary=summary)

    response = client.get(FEED)
    item = ElementTree.fromstring(response.content).find("channel/item")

    # A description is HTML to a feed reader: the summary must arrive as escaped text.
    description = item.findtext("description")
    assert description == escape(summary)
    assert "<script" not in description
    assert "<img" not in description
    assert "<b>" not in item.findtext("title")
    assert b"<script" not in response.content


def test_feed_holds_the_newest_posts_at_constant_query_count(
    client, blog_index, django_assert_max_num_queries
):
    category = CategoryFactory()
    make_post(blog_index, title="Post 0", categories=[category], tags=["t0"])
    client.get(FEED)
    with CaptureQueriesContext(connection) as one_item:
        client.get(FEED)

    for i in range(1, FEED_SIZE + 2):
        make_post(
            blog_index,
            title=f"Post {i}",
            authors=[AuthorFactory(), AuthorFactory()],
            categories=[category, CategoryFactory()],
            tags=[f"t{i}", "shared"],
        )
    with django_assert_max_num_queries(len(one_item)):
        channel = get_feed(client)

    titles = item_titles(channel)
    assert len(titles) == FEED_SIZE
    assert titles[0] == f"Post {FEED_SIZE + 1}"
    assert "Post 0" not in titles and "Post 1" not in titles


def test_feed_sends_last_modified_of_the_newest_post(client, blog_index):
    post = make_post(blog_index, title="Dated article")
    BlogPage.objects.filter(pk=post.pk).update(
        first_published_at=datetime(2024, 3, 5, 10, 0, tzinfo=UTC),
        last_published_at=datetime(2024, 3, 6, 10, 0, tzinfo=UTC),
    )

    response = client.get(FEED)

    assert response["Last-Modified"] == "Wed, 06 Mar 2024 10:00:00 GMT"
    item = ElementTree.fromstring(response.content).find("channel/item")
    assert item.findtext("pubDate") == "Tue, 05 Mar 2024 10:00:00 +0000"


# --- Feed links in the <head> --------------------------------------------------------------

ALTERNATE = re.compile(
    r'<link rel="alternate" type="application/rss\+xml" title="([^"]*)" href="([^"]*)">'
)


def feed_links(html):
    head = html[: html.index("</head>")]
    return {href: title for title, href in ALTERNATE.findall(head)}


def test_pages_link_the_blog_feed_and_category_pages_their_own(client, home, blog_index):
    family = CategoryFactory(name="Family", slug="family")
    post = make_post(blog_index, title="Linked article", categories=[family])

    for url in ("/", "/blog/", post.url, f"/authors/{post.authors[0].slug}/"):
        assert feed_links(client.get(url).content.decode()) == {FEED: "Kinship: Blog"}, url

    category_links = feed_links(client.get("/blog/category/family/").content.decode())
    assert category_links == {
        FEED: "Kinship: Blog",
        "/blog/category/family/feed/": "Kinship: Family",
    }
