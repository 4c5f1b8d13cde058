"""The <head> of every page: description, canonical URL, robots, OpenGraph and Twitter card
tags; and the print stylesheet."""

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.models import Site

from blog.models import BlogPage
from tests.factories import AuthorFactory, CategoryFactory, make_image, make_post

ROOT = "http://localhost"


class HeadParser(HTMLParser):
    """Collects the <meta> and <link> elements of the <head>."""

    def __init__(self):
        super().__init__()
        self.meta = {}  # name or property -> [content, ...]
        self.links = {}  # rel -> [attrs, ...]
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif self.in_head and tag == "meta" and "content" in attrs:
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs["content"])
        elif self.in_head and tag == "link":
            self.links.setdefault(attrs.get("rel"), []).append(attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


class Head:
    def __init__(self, html):
        parser = HeadParser()
        parser.feed(html)
        self.meta = parser.meta
        self.links = parser.links
        self.html = html

    def one(self, key):
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def all(self, key):
        return self.meta.get(key, [])

    @property
    def canonical(self):
        links = self.links.get("canonical", [])
        assert len(links) <= 1
        return links[0]["href"] if links else None


def get_head(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, url
    return Head(response.content.decode())


def assert_social_tags(head, url, title, og_type="website", card="summary"):
    """The tags every indexable page has, consistent with each other."""
    assert head.canonical == url
    assert head.one("og:url") == url
    assert head.one("og:type") == og_type
    assert head.one("og:title") == title
    assert head.one("twitter:title") == title
    assert f"<title>{title} · " in head.html.replace("&amp;", "&")
    description = head.one("description")
    assert description.strip()
    assert head.one("og:description") == description
    assert head.one("twitter:description") == description
    assert head.one("og:site_name") == "Kinship"
    assert head.one("twitter:card") == card
    assert "robots" not in head.meta


# --- Each kind of page ---------------------------------------------------------------------


def test_home_page(client, home, blog_index):
    home.hero_text = "<p>Stories &amp; support for <b>families</b> in recovery.</p>"
    home.save()

    head = get_head(client, "/")

    assert_social_tags(head, f"{ROOT}/", "Kinship")
    # Without a search description, the home page is described by its hero text.
    assert head.one("description") == "Stories & support for families in recovery."
    assert "og:image" not in head.meta


def test_blog_index(client, blog_index):
    blog_index.introduction = "<p>Articles from our counsellors.</p>"
    blog_index.save()

    head = get_head(client, "/blog/")

    assert_social_tags(head, f"{ROOT}/blog/", "Blog")
    assert head.one("description") == "Articles from our counsellors."


def test_search_description_wins_over_other_text(client, blog_index):
    blog_index.introduction = "<p>Articles from our counsellors.</p>"
    blog_index.search_description = "Recovery articles, reviewed by clinicians."
    blog_index.save()
    post = make_post(blog_index, title="Described", search_description="Written for search.")

    assert get_head(client, "/blog/").one("description") == blog_index.search_description
    assert get_head(client, post.url).one("description") == "Written for search."


def test_every_page_has_a_description(client, home, blog_index):
    head = get_head(client, "/")

    assert head.one("description") == (
        "Articles on addiction recovery from Kinship, reviewed by clinicians."
    )


def test_category_page(client, blog_index):
    CategoryFactory(name="Family", slug="family", description="For loved ones.")

    head = get_head(client, "/blog/category/family/")

    assert_social_tags(head, f"{ROOT}/blog/category/family/", "Family · Articles")
    assert head.one("description") == "For loved ones."


def test_tag_page(client, blog_index):
    make_post(blog_index, title="Hopeful", tags=["hope"])

    head = get_head(client, "/blog/tag/hope/")

    assert_social_tags(head, f"{ROOT}/blog/tag/hope/", "Tagged “hope” · Articles")
    assert head.one("description") == "Articles tagged “hope” from Kinship."


def test_article_with_a_listing_image(client, blog_index):
    image = make_image("Group circle", size=(1600, 900))
    image.description = "Six people talking in a circle of chairs"
    image.save()
    dana = AuthorFactory(name="Dana Rivers")
    post = make_post(
        blog_index,
        title="Walking together",
        summary="Why company helps.",
        authors=[dana, AuthorFactory()],
        tags=["hope", "peer support"],
        listing_image=image,
    )
    BlogPage.objects.filter(pk=post.pk).update(
        first_published_at=datetime(2024, 3, 5, 10, 0, tzinfo=UTC),
        last_published_at=datetime(2024, 4, 6, 11, 30, tzinfo=UTC),
    )

    head = get_head(client, post.url)

    assert_social_tags(
        head, post.get_full_url(), "Walking together", og_type="article", card="summary_large_image"
    )
    assert head.one("description") == "Why company helps."
    rendition = (
        get_image_model().objects.get(pk=image.pk).renditions.get(filter_spec="fill-1200x630")
    )
    assert head.one("og:image") == ROOT + rendition.url
    assert head.one("og:image").startswith("http://localhost/media/images/")
    assert head.one("og:image:width") == "1200"
    assert head.one("og:image:height") == "630"
    assert head.one("og:image:alt") == "Six people talking in a circle of chairs"
    assert head.one("twitter:image") == head.one("og:image")
    assert head.one("twitter:image:alt") == "Six people talking in a circle of chairs"
    assert head.one("article:published_time") == "2024-03-05T10:00:00+00:00"
    assert head.one("article:modified_time") == "2024-04-06T11:30:00+00:00"
    assert head.all("article:author")[0] == f"{ROOT}/authors/{dana.slug}/"
    assert len(head.all("article:author")) == 2
    assert head.all("article:tag") == ["hope", "peer support"]


def test_article_without_an_image_gets_a_small_card(client, blog_index):
    post = make_post(blog_index, title="Plain article")

    head = get_head(client, post.url)

    assert_social_tags(head, post.get_full_url(), "Plain article", og_type="article")
    assert "og:image" not in head.meta
    assert "twitter:image" not in head.meta


def test_article_whose_image_file_is_missing_has_no_image_tags(client, blog_index):
    image = make_image("Gone")
    post = make_post(blog_index, title="Lost image", listing_image=image)
    image.file.storage.delete(image.file.name)

    head = get_head(client, post.url)

    assert "og:image" not in head.meta
    assert head.one("twitter:card") == "summary"


def test_seo_title_is_the_social_title(client, blog_index):
    post = make_post(blog_index, title="Long headline", seo_title="Short title")

    head = get_head(client, post.url)

    assert head.one("og:title") == "Short title"
    assert "<title>Short title · Kinship</title>" in head.html


def test_author_page(client, blog_index):
    dana = AuthorFactory(name="Dana Rivers", role="Clinical Director")
    make_post(blog_index, title="By Dana", authors=[dana])

    head = get_head(client, f"/authors/{dana.slug}/", utm_source="x")

    assert_social_tags(head, f"{ROOT}/authors/{dana.slug}/", "Dana Rivers, LCSW, CADC", "profile")
    assert head.one("description") == "Dana Rivers, Clinical Director: articles and biography."


def test_search_page_is_not_indexed(client, blog_index):
    make_post(blog_index, title="Serenity now")

    head = get_head(client, "/search/", q="serenity <b>")

    assert head.one("robots") == "noindex"
    assert head.canonical is None
    assert "og:url" not in head.meta
    assert "serenity <b>" in head.one("og:title")
    assert "serenity <b>" not in head.html
    assert head.one("description")
    assert head.one("twitter:card") == "summary"


def test_not_found_page_is_not_indexed(client, blog_index):
    head = get_head(client, "/blog/no-such-post/", status=404)

    assert head.one("robots") == "noindex"
    assert head.canonical is None
    assert head.one("og:title") == "Page not found"


def test_site_name_comes_from_the_wagtail_site(client, blog_index):
    Site.objects.filter(is_default_site=True).update(site_name="Riverside Recovery")

    head = get_head(client, "/blog/")

    assert head.one("og:site_name") == "Riverside Recovery"


# --- Canonical URLs ------------------------------------------------------------------------


@pytest.fixture
def eleven_posts(blog_index):
    author = AuthorFactory(name="Prolific Writer")
    family = CategoryFactory(slug="family")
    for i in range(11):
        make_post(blog_index, title=f"Post {i}", authors=[author], categories=[family])
    return author


@pytest.mark.parametrize(
    ("url", "params", "canonical"),
    [
        ("/blog/", {"page": "2"}, "/blog/?page=2"),
        ("/blog/", {"page": "1"}, "/blog/"),
        ("/blog/", {"page": "999"}, "/blog/?page=2"),  # the page actually shown
        ("/blog/", {"page": "abc", "utm_source": "news", "fbclid": "x"}, "/blog/"),
        ("/blog/category/family/", {"page": "2", "sort": "x"}, "/blog/category/family/?page=2"),
        ("/blog/", {"author": "prolific-writer", "page": "2"}, None),
    ],
)
def test_canonical_keeps_only_what_chooses_the_content(
    client, eleven_posts, url, params, canonical
):
    if canonical is None:
        canonical = f"/blog/?author={eleven_posts.slug}&page=2"
        params["author"] = eleven_posts.slug

    head = get_head(client, url, **params)

    assert head.canonical == ROOT + canonical
    assert head.one("og:url") == ROOT + canonical


def test_author_page_canonical_keeps_its_page_number(client, eleven_posts):
    head = get_head(client, f"/authors/{eleven_posts.slug}/", page="2", ref="mail")

    assert head.canonical == f"{ROOT}/authors/{eleven_posts.slug}/?page=2"


def test_article_canonical_drops_comment_parameters(client, blog_index):
    post = make_post(blog_index, title="Discussed")

    head = get_head(client, post.url, comments="newest", reply_to="3")

    assert head.canonical == post.get_full_url()


# --- Escaping and cost -----------------------------------------------------------------------


def test_tags_escape_what_editors_typed(client, blog_index):
    title = 'Quote " and <script>alert(1)</script>'
    summary = 'Say "hi" <img src=x onerror=alert(2)> & leave'
    post = make_post(blog_index, title=title, summary=summary, tags=['"><script>'])

    response = client.get(post.url)
    html = response.content.decode()
    head = Head(html)

    assert head.one("og:title") == title
    assert head.one("og:description") == summary
    assert head.one("description") == summary
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert '"><script>' not in html


def test_social_image_costs_no_extra_rendition_query(client, blog_index, settings):
    """The social and hero renditions come in one query, and the JSON-LD reuses the hero."""
    # No rendition cache: count what the database is asked.
    settings.CACHES = {
        **settings.CACHES,
        "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    post = make_post(blog_index, title="Pictured", listing_image=make_image("pictured"))
    client.get(post.url)  # renditions are generated on the first view

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(post.url)

    lookups = [
        q["sql"] for q in ctx.captured_queries if 'FROM "wagtailimages_rendition"' in q["sql"]
    ]
    assert len(lookups) == 1
    html = response.content.decode()
    assert "fill-1200x630" in html
    assert "width-1200" in html


# --- Print stylesheet --------------------------------------------------------------------------


def test_every_page_links_the_print_stylesheet(client, home, blog_index):
    post = make_post(blog_index, title="Printable")

    for url in ("/", "/blog/", post.url, "/search/?q=print", f"/authors/{post.authors[0].slug}/"):
        stylesheets = get_head(client, url).links.get("stylesheet", [])
        print_sheets = [link for link in stylesheets if link["href"] == "/static/css/print.css"]
        assert print_sheets and print_sheets[0].get("media") == "print", url


def test_print_stylesheet_is_found_and_prints_link_addresses():
    path = finders.find("css/print.css")
    assert path, "css/print.css is missing"
    with open(path, encoding="utf-8") as f:
        css = f.read()

    assert 'content: " (" attr(href) ")"' in css
    assert ".site-search" in css and ".comment-form" in css and ".skip-link" in css
    assert "break-inside: avoid" in css
    assert "@import" not in css and "url(" not in css
