"""Category, tag and author pages (paginated listings) and related posts on the article."""

import re
from urllib.parse import urljoin

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import AuthorFactory, CategoryFactory, make_image, make_post
from tests.reading import count_queries, get_html

PAGINATION = re.compile(r'<nav class="pagination".*?</nav>', re.S)


def card_titles(html):
    return re.findall(r'<h\d class="post-card__title"><a href="[^"]*">([^<]*)</a>', html)


def pager_links(html):
    [nav] = PAGINATION.findall(html)
    return re.findall(r'href="([^"]*)"', nav)


@pytest.fixture
def eleven(blog_index):
    """11 posts by one author, in one category, with one tag (oldest first), plus one
    post outside all three."""
    author = AuthorFactory(name="Prolific Writer")
    family = CategoryFactory(name="Family", slug="family")
    posts = [
        make_post(
            blog_index,
            title=f"Family post {i:02d}",
            authors=[author],
            categories=[family],
            tags=["hope"],
        )
        for i in range(1, 12)
    ]
    make_post(blog_index, title="Outsider post", categories=[CategoryFactory()], tags=["other"])
    return author, posts


@pytest.mark.parametrize(
    "url",
    ["/blog/category/family/", "/blog/tag/hope/", "/authors/prolific-writer/"],
)
def test_taxonomy_pages_paginate_ten_per_page(client, eleven, url):
    first = get_html(client, url)
    assert card_titles(first) == [f"Family post {i:02d}" for i in range(11, 1, -1)]
    assert "Outsider post" not in first
    links = pager_links(first)
    assert "?page=2" in links
    # Pager links carry only the query string, so they stay on this category, tag or author.
    assert all(link.startswith("?") for link in links)
    assert urljoin(f"http://testserver{url}", "?page=2") == f"http://testserver{url}?page=2"

    second = get_html(client, url, page=2)
    assert card_titles(second) == ["Family post 01"]  # the 11th, oldest post
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in second


def test_category_and_tag_pages_count_their_posts(client, eleven):
    assert "11 articles, page 1 of 2" in get_html(client, "/blog/category/family/")
    assert "11 articles, page 2 of 2" in get_html(client, "/blog/tag/hope/", page=2)


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "2\x00"])
def test_bad_page_numbers_on_taxonomy_pages_do_not_fail(client, eleven, page):
    for url in ("/blog/category/family/", "/blog/tag/hope/", "/authors/prolific-writer/"):
        assert card_titles(get_html(client, url, page=page)), url


def test_taxonomy_pages_hide_posts_readers_cannot_see(client, blog_index):
    author = AuthorFactory(name="Careful Writer")
    family = CategoryFactory(slug="family")
    common = {"authors": [author], "categories": [family], "tags": ["hope"]}
    make_post(blog_index, title="Visible post", **common)
    make_post(blog_index, title="Draft post", publish=False, **common)
    private = make_post(blog_index, title="Private post", **common)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    for url in ("/blog/category/family/", "/blog/tag/hope/", f"/authors/{author.slug}/"):
        assert card_titles(get_html(client, url)) == ["Visible post"], url


def test_tag_names_are_escaped(client, blog_index):
    make_post(blog_index, title="Odd tag", tags=["<script>alert(1)</script>"])

    html = get_html(client, "/blog/tag/scriptalert1script/")

    assert "<script>alert(1)" not in html
    assert "Tagged “&lt;script&gt;alert(1)&lt;/script&gt;”" in html


# --- Query counts ----------------------------------------------------------------------------


def test_taxonomy_pages_query_count_does_not_grow_with_posts(
    client, blog_index, django_assert_max_num_queries
):
    author = AuthorFactory()
    family = CategoryFactory(slug="family")
    common = {"categories": [family], "tags": ["hope"]}
    make_post(blog_index, title="Only", authors=[author], listing_image=make_image("0"), **common)
    urls = ["/blog/category/family/", "/blog/tag/hope/", f"/authors/{author.slug}/"]
    baselines = {url: count_queries(client, url) for url in urls}

    for i in range(9):
        make_post(
            blog_index,
            title=f"More {i}",
            authors=[author, AuthorFactory()],
            categories=[family, CategoryFactory()],
            tags=["hope", f"tag-{i}"],
            listing_image=make_image(f"more {i}"),
        )
    for url, baseline in baselines.items():
        client.get(url)
        with django_assert_max_num_queries(baseline):
            html = get_html(client, url)
        assert len(card_titles(html)) == 10, url


def article_with_candidates(blog_index, n_candidates, prefix):
    category = CategoryFactory(slug=f"{prefix}-topic")
    post = make_post(blog_index, title=f"{prefix} article", categories=[category], tags=[prefix])
    for i in range(n_candidates):
        make_post(
            blog_index,
            title=f"{prefix} candidate {i}",
            categories=[category] if i % 2 else [CategoryFactory()],
            tags=[prefix] if i % 2 == 0 else [],
            authors=[AuthorFactory(), AuthorFactory()],
            listing_image=make_image(f"{prefix} {i}"),
        )
    return post


def test_related_posts_query_count_does_not_grow_with_candidates(
    client, blog_index, django_assert_max_num_queries
):
    few = article_with_candidates(blog_index, 2, "few")
    many = article_with_candidates(blog_index, 14, "many")

    def related_cards(article):
        # The stored list, then what a related card reads: authors, categories and the
        # listing image (cards show no tags).
        related = article.related_posts()
        for post in related:
            (
                [a.name for a in post.authors],
                [c.name for c in post.categories.all()],
                post.listing_image,
            )
        return related

    with CaptureQueriesContext(connection) as ctx:
        assert len(related_cards(few)) == 2
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        assert len(related_cards(many)) == 3

    baseline = count_queries(client, few.url)
    client.get(many.url)
    with django_assert_max_num_queries(baseline):
        html = get_html(client, many.url)
    related_section = html[html.index('id="related-heading"') :]
    assert len(card_titles(related_section)) == 3


def test_related_posts_rank_by_shared_topics_and_skip_hidden_posts(client, blog_index):
    family = CategoryFactory(slug="family")
    post = make_post(blog_index, title="Main", categories=[family], tags=["hope", "peer"])
    make_post(blog_index, title="Shares three", categories=[family], tags=["hope", "peer"])
    make_post(blog_index, title="Shares one", tags=["peer"])
    make_post(blog_index, title="Shares two", categories=[family], tags=["hope"])
    private = make_post(blog_index, title="Private match", categories=[family], tags=["hope"])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    make_post(blog_index, title="Draft match", categories=[family], publish=False)

    assert [p.title for p in post.related_posts()] == ["Shares three", "Shares two", "Shares one"]
