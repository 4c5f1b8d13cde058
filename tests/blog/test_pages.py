"""What readers see: articles, listings, search, the shared layout and error pages (the home
page has tests/home/test_home_page.py)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error
from wagtail.models import Site

from blog.models import BlogPage
from home.models import CrisisResources
from tests.factories import (
    AuthorFactory,
    CategoryFactory,
    article_body,
    make_image,
    make_post,
    publish_approved,
)
from tests.reading import count_cards, get_html, section

XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
SITE_HEADER = '<header class="site-header"'


def intro_body(text):
    return [("intro", f"<p>{text}</p>")]


def words_body(count):
    return intro_body(" ".join(["recovery"] * count))


# --- Each kind of page renders what readers need ----------------------------------------


def test_blog_index(client, blog_index):
    make_post(blog_index, title="Walking the same road", summary="Why peers help.")

    html = get_html(client, "/blog/")

    assert "<h1>Blog</h1>" in html
    assert "Walking the same road" in html
    assert "Why peers help." in html
    assert "1 article" in html


def test_article_shows_title_authors_dates_reading_time_and_blocks(client, blog_index):
    dana = AuthorFactory(name="Dana Rivers", credentials="LCSW")
    sam = AuthorFactory(name="Sam Ortiz", credentials="CADC")
    post = make_post(
        blog_index,
        title="The power of peer support",
        summary="Why sitting with people who understand helps.",
        authors=[dana, sam],
        tags=["peer support", "family"],
    )

    html = get_html(client, post.url)

    assert "<h1>The power of peer support</h1>" in html
    assert "Why sitting with people who understand helps." in html
    for author in (dana, sam):
        assert author.slug
        assert (
            f'<a href="/authors/{author.slug}/">{author.name}</a>, '
            f'<span class="credentials">{author.credentials}</span>'
        ) in html
    assert html.index("Dana Rivers") < html.index("Sam Ortiz")
    assert "<dt>Published</dt>" in html
    assert timezone.localtime(post.first_published_at).strftime("%-d %B %Y") in html
    assert "Last updated" not in html
    assert "1 min read" in html
    assert '<a href="/blog/tag/peer-support/">peer support</a>' in html
    assert '<a href="/blog/tag/family/">family</a>' in html
    # Each block renders with its own template.
    assert re.search(
        r'<section class="benefit"[^>]*>.*?A sense of belonging.*?</section>', html, re.S
    )
    assert re.search(r'<div class="block-intro"><p>(recovery ?)+</p></div>', html)
    assert re.search(
        r'<aside class="cta"[^>]*>.*?<a class="button[^"]*" href="tel:18006624357">'
        r"Call the helpline",
        html,
        re.S,
    )


def test_article_with_images_renders_them(client, blog_index):
    photo = make_image("Author photo", size=(200, 200))
    author = AuthorFactory(name="Pictured Author", photo=photo)
    body = [
        *article_body(),
        ("image", {"image": make_image("Circle"), "alt_text": "Chairs in a circle"}),
    ]
    post = make_post(
        blog_index,
        title="Illustrated article",
        authors=[author],
        listing_image=make_image("Hero"),
        body=body,
    )

    html = get_html(client, post.url)

    assert re.search(r'<figure class="article__hero[^"]*">\s*<img [^>]*src="/media/', html)
    assert re.search(r'<img src="/media/[^"]+" [^>]*alt="Chairs in a circle"', html)
    assert re.search(r'<img [^>]*class="author-card__photo"', html)
    listing = get_html(client, "/blog/")
    assert re.search(r'<div class="post-card__image"><img [^>]*src="/media/', listing)


def test_article_links_categories_to_their_route(client, blog_index):
    category = CategoryFactory(name="Family support", slug="family-support")
    post = make_post(blog_index, title="Talking to family", categories=[category])

    html = get_html(client, post.url)

    assert '<a href="/blog/category/family-support/">Family support</a>' in html


def test_last_updated_only_when_republished_on_a_later_day(client, blog_index):
    post = make_post(blog_index, title="Dated post")
    same_day = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    BlogPage.objects.filter(pk=post.pk).update(
        first_published_at=same_day, last_published_at=same_day + timedelta(hours=9)
    )

    html = get_html(client, post.url)
    assert "1 March 2024" in html
    assert "Last updated" not in html

    BlogPage.objects.filter(pk=post.pk).update(
        last_published_at=datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    )

    html = get_html(client, post.url)
    assert "<dt>Published</dt>" in html
    assert "1 March 2024" in html
    assert "<dt>Last updated</dt>" in html
    assert "5 March 2024" in html


def test_related_posts_share_a_category_or_tag(client, blog_index):
    family = CategoryFactory(name="Family")
    other = CategoryFactory(name="Other")
    post = make_post(blog_index, title="Main article", categories=[family], tags=["hope"])
    make_post(blog_index, title="Same category article", categories=[family])
    make_post(blog_index, title="Same tag article", categories=[other], tags=["hope"])
    make_post(blog_index, title="Unrelated article", categories=[other], tags=["elsewhere"])

    html = get_html(client, post.url)

    related = section(html, 'id="related-heading"')
    assert "Same category article" in related
    assert "Same tag article" in related
    assert "Unrelated article" not in html
    assert "Main article" not in related


def test_author_page(client, blog_index):
    dana = AuthorFactory(
        name="Dana Rivers", credentials="LCSW", role="Clinical Director", bio="Twenty years."
    )
    make_post(blog_index, title="Dana's article", authors=[dana])
    make_post(blog_index, title="Someone else's article")

    html = get_html(client, f"/authors/{dana.slug}/")

    assert "Dana Rivers" in html
    assert "LCSW" in html
    assert "Clinical Director" in html
    assert "Twenty years." in html
    assert "Dana&#x27;s article" in html
    assert "Someone else" not in html


def test_unknown_author_page_is_404(client, site_tree):
    get_html(client, "/authors/nobody/", status=404)


def test_category_route_lists_only_that_category(client, blog_index):
    family = CategoryFactory(name="Family", slug="family", description="For loved ones.")
    other = CategoryFactory(name="Other", slug="other")
    make_post(blog_index, title="Family article", categories=[family])
    make_post(blog_index, title="Other article", categories=[other])

    html = get_html(client, "/blog/category/family/")

    assert "<h1>Family</h1>" in html
    assert "For loved ones." in html
    assert "Family article" in html
    assert "Other article" not in html
    assert count_cards(html) == 1


def test_tag_route_lists_only_that_tag(client, blog_index):
    make_post(blog_index, title="Hopeful article", tags=["hope"])
    make_post(blog_index, title="Untagged article")

    html = get_html(client, "/blog/tag/hope/")

    assert "Tagged “hope”" in html
    assert "Hopeful article" in html
    assert "Untagged article" not in html
    assert count_cards(html) == 1


@pytest.mark.parametrize(
    "url",
    ["/blog/category/nope/", "/blog/tag/nope/", "/blog/?author=nobody"],
)
def test_unknown_filters_are_404(client, blog_index, url):
    CategoryFactory(slug="family")
    make_post(blog_index, title="Any article", tags=["hope"])

    get_html(client, url, status=404)


def test_search_page_finds_words_in_the_body(client, blog_index):
    make_post(blog_index, title="Finding calm", body=intro_body("Meetings brought me serenity."))
    make_post(blog_index, title="Something else", body=intro_body("Nothing to see."))

    html = get_html(client, "/search/", q="serenity")

    assert "Finding calm" in html
    assert "Something else" not in html
    assert "1 result" in html


# --- Reading time ----------------------------------------------------------------------


@pytest.mark.parametrize(("words", "minutes"), [(1, 1), (220, 1), (221, 2), (1000, 5)])
def test_reading_time_is_rounded_up_at_220_words_a_minute(blog_index, words, minutes):
    post = make_post(blog_index, title="Timed", body=words_body(words))

    assert post.reading_minutes == minutes
    assert BlogPage.objects.get(pk=post.pk).reading_minutes == minutes


def test_reading_time_shows_and_updates_after_republishing(client, blog_index):
    post = make_post(blog_index, title="Long read", body=words_body(1000))
    assert "5 min read" in get_html(client, post.url)
    assert "5 min read" in get_html(client, "/blog/")

    draft = BlogPage.objects.get(pk=post.pk)
    draft.body = words_body(300)
    publish_approved(draft)

    assert BlogPage.objects.get(pk=post.pk).reading_minutes == 2
    html = get_html(client, post.url)
    assert "2 min read" in html
    assert "5 min read" not in html


# --- Drafts and unpublished pages --------------------------------------------------------


def test_draft_is_hidden_from_readers(client, home, blog_index):
    # A post created but never published, as the admin saves it (live=False).
    draft = make_post(blog_index, title="Secret draft", publish=False, live=False)
    make_post(blog_index, title="Public article")

    get_html(client, draft.url or f"/blog/{draft.slug}/", status=404)
    for url in ("/", "/blog/"):
        assert "Secret draft" not in get_html(client, url)
    assert "Secret draft" not in get_html(client, "/search/", q="secret")


def test_unpublished_post_is_hidden_from_readers(client, blog_index):
    post = make_post(blog_index, title="Withdrawn article")
    url = post.url
    assert get_html(client, url)

    post.unpublish()

    get_html(client, url, status=404)
    assert "Withdrawn article" not in get_html(client, "/blog/")
    assert "Withdrawn article" not in get_html(client, "/")


def test_readers_see_the_live_version_not_a_newer_draft(client, blog_index):
    post = make_post(blog_index, title="Live title", body=intro_body("Live words here."))
    draft = BlogPage.objects.get(pk=post.pk)
    draft.title = "Draft title"
    draft.body = intro_body("Draft words here.")
    draft.save_revision()

    html = get_html(client, post.url)

    assert "Live title" in html
    assert "Live words here." in html
    assert "Draft title" not in html
    assert "Draft words here." not in html
    listing = get_html(client, "/blog/")
    assert "Live title" in listing
    assert "Draft title" not in listing


# --- Blog index listing ------------------------------------------------------------------


@pytest.fixture
def many_posts(blog_index):
    """11 posts by one author and 1 by another, oldest first."""
    prolific = AuthorFactory(name="Prolific Writer")
    occasional = AuthorFactory(name="Occasional Writer")
    posts = [
        make_post(blog_index, title=f"Numbered post {chr(65 + i)}", authors=[prolific])
        for i in range(11)
    ]
    posts.append(make_post(blog_index, title="Guest post", authors=[occasional]))
    return prolific, occasional, posts


def test_blog_index_paginates_ten_per_page(client, many_posts):
    first = get_html(client, "/blog/")
    assert count_cards(first) == 10
    assert "12 articles, page 1 of 2" in first
    assert "Guest post" in first  # newest first
    assert 'href="?page=2"' in first

    second = get_html(client, "/blog/", page=2)
    assert count_cards(second) == 2
    assert "page 2 of 2" in second
    assert "Numbered post A" in second  # the oldest


def test_blog_index_filters_by_author_and_keeps_the_filter_when_paging(client, many_posts):
    prolific, _occasional, _posts = many_posts

    html = get_html(client, "/blog/", author=prolific.slug)

    assert "Articles by Prolific Writer" in html
    assert "11 articles, page 1 of 2" in html
    assert "Guest post" not in html
    pagination = section(html, 'class="pagination"', "</nav>")
    links = re.findall(r'href="([^"]*)"', pagination)
    assert links
    assert all(f"author={prolific.slug}" in link for link in links)
    assert any("page=2" in link for link in links)

    second = get_html(client, "/blog/", author=prolific.slug, page=2)
    assert count_cards(second) == 1
    assert "Guest post" not in second


@pytest.mark.parametrize(("page", "cards"), [("abc", 10), ("999", 2), ("0", 2), ("-1", 2)])
def test_bad_page_numbers_do_not_fail(client, many_posts, page, cards):
    html = get_html(client, "/blog/", page=page)

    assert count_cards(html) == cards


# --- Shared layout -----------------------------------------------------------------------


@pytest.fixture
def layout_urls(blog_index):
    post = make_post(blog_index, title="Layout article")
    return ["/", "/blog/", post.url, "/search/?q=recovery", f"/authors/{post.authors[0].slug}/"]


def test_base_layout_on_every_page(client, layout_urls):
    for url in layout_urls:
        html = get_html(client, url)
        assert '<a class="skip-link" href="#main">' in html, url
        assert re.search(r'<main id="main"', html), url
        assert html.index('href="#main"') < html.index('<main id="main"'), url
        header = section(html, SITE_HEADER, "</header>")
        assert re.search(r'<nav[^>]*aria-label="Main"', header), url
        assert re.search(r'<form[^>]*role="search"[^>]*action="/search/"', header), url
        assert 'name="q"' in header, url
        footer = section(html, '<footer class="site-footer"', "</footer>")
        assert "988" in footer, url
        assert "1-800-662-4357" in footer, url
        assert 'href="tel:18006624357"' in footer, url


def test_main_navigation_marks_the_current_section(client, blog_index):
    blog_index.show_in_menus = True
    blog_index.save_revision().publish()
    post = make_post(blog_index, title="Nav article")

    header = section(get_html(client, post.url), SITE_HEADER, "</header>")

    assert '<a href="/blog/" aria-current="true">Blog</a>' in header


def test_crisis_resources_come_from_the_site_setting(client, home):
    site = Site.objects.get(is_default_site=True)
    crisis = CrisisResources.for_site(site)
    crisis.heading = "Talk to someone today"
    crisis.introduction = "Our local partners answer day and night."
    crisis.resources = [
        (
            "resource",
            {"name": "Riverside Recovery Line", "description": "", "phone": "555-0100"},
        )
    ]
    crisis.save()

    footer = section(get_html(client, "/"), '<footer class="site-footer"', "</footer>")

    assert "Talk to someone today" in footer
    assert "Our local partners answer day and night." in footer
    assert "Riverside Recovery Line" in footer
    assert 'href="tel:5550100"' in footer
    assert "1-800-662-4357" not in footer
    assert "Need help now?" not in footer


# --- Error pages ---------------------------------------------------------------------------


def test_404_uses_our_template(client, home):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "404.html" in [t.name for t in response.templates]
    assert "couldn’t find" in html
    assert "1-800-662-4357" in section(html, '<footer class="site-footer"', "</footer>")


@pytest.mark.parametrize("url", ["/blog/no-such-post/", "/blog/category/nope/"])
def test_404_inside_the_blog_uses_our_template(client, blog_index, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "couldn’t find" in response.content.decode()


def test_500_renders_without_a_database():
    # No database fixture or mark: pytest-django raises on any query, so this proves
    # the error page works when the database is the thing that failed.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'href="tel:988"' in html
    assert "1-800-662-4357" in html


# --- Escaping --------------------------------------------------------------------------------


def assert_escaped(html):
    assert XSS not in html
    # The only scripts allowed are our own static files (the search box's suggestions) and
    # the article's JSON-LD data block, which is not executable.
    scripts = re.findall(r"<script[^>]*>", html)
    allowed = ('type="application/ld+json"', 'src="/static/')
    assert all(any(a in tag for a in allowed) for tag in scripts), scripts
    assert XSS_ESCAPED in html


def test_title_and_summary_are_escaped(client, home, blog_index):
    post = make_post(blog_index, title=f"Bad {XSS} title", summary=f"Bad {XSS} summary")

    for url in (post.url, "/blog/", "/"):
        assert_escaped(get_html(client, url))
    assert f"Bad {XSS_ESCAPED} summary" in get_html(client, post.url)


def test_author_fields_are_escaped(client, blog_index):
    author = AuthorFactory(name="Robin Hale", bio=f"Bio {XSS} text", role=f"Role {XSS}")
    post = make_post(blog_index, title="Safe title", authors=[author])

    for url in (post.url, f"/authors/{author.slug}/"):
        html = get_html(client, url)
        assert_escaped(html)
        assert f"Bio {XSS_ESCAPED} text" in html


def test_search_query_is_escaped(client, site_tree):
    html = get_html(client, "/search/", q=XSS)

    assert_escaped(html)


# --- No third-party resources -----------------------------------------------------------------

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
TAG = re.compile(r"<(link|script)\b[^>]*>", re.I)
ATTR = re.compile(r'\b(href|src)\s*=\s*["\']?([^"\'\s>]+)', re.I)


def test_home_and_article_load_no_external_stylesheets_scripts_or_fonts(client, home, blog_index):
    post = make_post(blog_index, title="Self-hosted article")

    for url in ("/", post.url):
        html = get_html(client, url)
        # rel="canonical" names this page's own absolute address; it loads nothing.
        tags = [m.group(0) for m in TAG.finditer(html) if 'rel="canonical"' not in m.group(0)]
        assert any('rel="stylesheet"' in t for t in tags), "expected our own stylesheet"
        for tag in tags:
            for _attr, value in ATTR.findall(tag):
                assert not EXTERNAL.match(value), f"{url} loads {value}"
        for style in re.findall(r"<style\b.*?</style>", html, re.S | re.I):
            assert not re.search(r"(@import|url\()\s*['\"]?(https?:)?//", style, re.I)


def test_stylesheet_imports_nothing_from_other_origins():
    path = finders.find("css/kinship.css")
    assert path, "css/kinship.css is missing"
    with open(path, encoding="utf-8") as f:
        css = f.read()

    assert not re.search(r"(@import|url\()\s*['\"]?(https?:)?//", css, re.I)


# --- Search edge cases ------------------------------------------------------------------------


def test_empty_search_shows_no_results(client, blog_index):
    make_post(blog_index, title="Any article")

    for params in ({}, {"q": ""}, {"q": "   "}):
        html = get_html(client, "/search/", **params)
        # No results list; the newest articles are suggested instead.
        assert "search-results" not in html
        assert "No articles matched" not in html


def test_very_long_search_query_is_fine(client, blog_index):
    make_post(blog_index, title="Any article")

    query = ("recovery " * 250)[:2000]
    assert len(query) == 2000

    html = get_html(client, "/search/", q=query)

    assert "<h1>Search results for" in html


def test_search_query_with_a_nul_byte_does_not_fail(client, blog_index):
    make_post(blog_index, title="Any article")

    response = client.get("/search/", {"q": "peer\x00support"})

    assert response.status_code == 200


def test_author_filter_with_a_nul_byte_is_404(client, blog_index):
    make_post(blog_index, title="Any article")

    response = client.get("/blog/", {"author": "x\x00"})

    assert response.status_code == 404


def test_search_with_no_match_says_so(client, blog_index):
    make_post(blog_index, title="Any article", body=article_body())

    html = get_html(client, "/search/", q="xylophone")

    assert "search-results" not in html
    assert "No articles matched “xylophone”" in html


def test_blog_index_is_in_the_main_navigation_by_default(client, home, blog_index):
    assert blog_index.show_in_menus
    html = get_html(client, home.url)
    nav = section(html, 'aria-label="Main"', "</nav>")
    assert f'href="{blog_index.url}"' in nav
