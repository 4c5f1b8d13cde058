"""/sitemap.xml (live public pages, category and author pages) and /robots.txt."""

from datetime import UTC, datetime

from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.models import BlogPage
from tests.factories import AuthorFactory, CategoryFactory, make_hidden_posts, make_post

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ROOT = "http://localhost"


def get_sitemap(client):
    """{location: lastmod or None} of /sitemap.xml, in document order."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    urlset = ElementTree.fromstring(response.content)
    assert urlset.tag == f"{NS}urlset"
    return {url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in urlset}


def set_published(post, first, last=None):
    BlogPage.objects.filter(pk=post.pk).update(
        first_published_at=first, last_published_at=last or first
    )


def test_sitemap_lists_pages_category_pages_and_authors(client, home, blog_index):
    dana = AuthorFactory(name="Dana Rivers")
    family = CategoryFactory(name="Family", slug="family")
    CategoryFactory(name="Empty", slug="empty")
    post = make_post(blog_index, title="Mapped article", authors=[dana], categories=[family])
    make_post(blog_index, title="Tagged article", tags=["hope"])

    urls = get_sitemap(client)

    assert f"{ROOT}/" in urls
    assert f"{ROOT}/blog/" in urls
    assert post.get_full_url() in urls
    assert f"{ROOT}/blog/category/family/" in urls
    assert f"{ROOT}/authors/{dana.slug}/" in urls
    # Categories without a visible post, tag pages and the feed are not pages to index.
    assert f"{ROOT}/blog/category/empty/" not in urls
    assert not [url for url in urls if "/tag/" in url or "/feed/" in url]
    assert all(url.startswith(f"{ROOT}/") for url in urls)


def test_lastmod_is_the_last_publication(client, blog_index):
    author = AuthorFactory()
    family = CategoryFactory(slug="family")
    older = make_post(blog_index, title="Older", authors=[author], categories=[family])
    newer = make_post(blog_index, title="Newer", categories=[family])
    set_published(
        older, datetime(2024, 1, 2, 9, 0, tzinfo=UTC), datetime(2024, 2, 3, 9, 0, tzinfo=UTC)
    )
    set_published(newer, datetime(2024, 3, 5, 9, 0, tzinfo=UTC))

    urls = get_sitemap(client)

    assert urls[older.get_full_url()] == "2024-02-03"
    assert urls[newer.get_full_url()] == "2024-03-05"
    # Listings change when a post is published: they carry their newest post's date.
    assert urls[f"{ROOT}/blog/category/family/"] == "2024-03-05"
    assert urls[f"{ROOT}/authors/{author.slug}/"] == "2024-02-03"
    assert urls[f"{ROOT}/blog/"] == "2024-03-05"


def test_sitemap_never_lists_hidden_posts_or_what_only_they_fill(client, blog_index):
    hidden_author = AuthorFactory(name="Hidden author")
    hidden_category = CategoryFactory(slug="hidden-topic")
    visible = make_post(blog_index, title="Visible article")
    hidden = make_hidden_posts(blog_index, authors=[hidden_author], categories=[hidden_category])

    urls = get_sitemap(client)

    assert visible.get_full_url() in urls
    for state, post in hidden.items():
        assert f"/blog/{post.slug}/" not in " ".join(urls), state
    assert f"{ROOT}/authors/{hidden_author.slug}/" not in urls
    assert f"{ROOT}/blog/category/hidden-topic/" not in urls


def test_a_private_section_leaves_the_sitemap(client, home, blog_index):
    author = AuthorFactory()
    post = make_post(blog_index, title="Members article", authors=[author])
    PageViewRestriction.objects.create(
        page=blog_index, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    urls = " ".join(get_sitemap(client))

    assert "/blog/" not in urls
    assert post.slug not in urls
    assert "/authors/" not in urls


def test_sitemap_query_count_does_not_grow_with_pages(
    client, blog_index, django_assert_max_num_queries
):
    make_post(blog_index, title="First", categories=[CategoryFactory()])
    with CaptureQueriesContext(connection) as one_post:
        client.get("/sitemap.xml")

    for i in range(8):
        make_post(
            blog_index,
            title=f"More {i}",
            authors=[AuthorFactory(), AuthorFactory()],
            categories=[CategoryFactory(), CategoryFactory()],
        )
    with django_assert_max_num_queries(len(one_post)):
        urls = get_sitemap(client)
    assert len([url for url in urls if "/authors/" in url]) == 17


# --- robots.txt -----------------------------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_at_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /comments/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not [line for line in lines if line.strip() in ("Disallow: /", "Disallow: /blog/")]


def test_robots_txt_sitemap_url_follows_the_request(client, site_tree):
    response = client.get("/robots.txt", HTTP_HOST="localhost", secure=True)

    assert "Sitemap: https://localhost/sitemap.xml" in response.content.decode().splitlines()
