"""Query budgets: a page's query count must not grow with what is on it."""

from tests.factories import AuthorFactory, CategoryFactory, make_full_article, make_image, make_post
from tests.reading import count_queries

# Generous fixed ceilings: a regression that adds a query per item breaks the
# equality checks below long before it reaches these.
ARTICLE_MAX_QUERIES = 30
LISTING_MAX_QUERIES = 25


def test_article_query_count_does_not_grow_with_authors_or_tags(
    client, blog_index, django_assert_max_num_queries
):
    small = make_full_article(blog_index, "small", n_authors=1, n_tags=1)
    large = make_full_article(blog_index, "large", n_authors=6, n_tags=12)
    baseline = count_queries(client, small.url)
    assert baseline <= ARTICLE_MAX_QUERIES

    client.get(large.url)
    with django_assert_max_num_queries(baseline):
        response = client.get(large.url)
    html = response.content.decode()
    assert html.count('class="author-card"') == 6
    assert html.count("/blog/tag/large-tag-") == 12


def test_blog_index_query_count_does_not_grow_with_posts(
    client, blog_index, django_assert_max_num_queries
):
    category = CategoryFactory()
    make_post(
        blog_index,
        title="Only post",
        categories=[category],
        tags=["hope"],
        listing_image=make_image("only"),
    )
    baseline = count_queries(client, blog_index.url)
    assert baseline <= LISTING_MAX_QUERIES

    for i in range(9):
        make_post(
            blog_index,
            title=f"Post {i}",
            authors=[AuthorFactory(), AuthorFactory()],
            categories=[category, CategoryFactory()],
            tags=[f"tag-{i}", "hope"],
            listing_image=make_image(f"listing {i}"),
        )
    client.get(blog_index.url)
    with django_assert_max_num_queries(baseline):
        response = client.get(blog_index.url)
    assert response.content.decode().count('class="post-card"') == 10


def test_home_and_author_pages_query_count_does_not_grow(
    client, home, blog_index, django_assert_max_num_queries
):
    author = AuthorFactory(photo=make_image("author"))
    # Enough posts to fill both the featured and the latest sections of the home page.
    for i in range(4):
        make_post(
            blog_index, title=f"First {i}", authors=[author], listing_image=make_image(f"f{i}")
        )
    home_baseline = count_queries(client, home.url)
    author_baseline = count_queries(client, author.get_absolute_url())

    for i in range(6):
        make_post(
            blog_index,
            title=f"More {i}",
            authors=[author, AuthorFactory()],
            categories=[CategoryFactory()],
            tags=[f"more-{i}"],
            listing_image=make_image(f"more {i}"),
        )
    client.get(home.url)
    client.get(author.get_absolute_url())
    with django_assert_max_num_queries(home_baseline):
        client.get(home.url)
    with django_assert_max_num_queries(author_baseline):
        response = client.get(author.get_absolute_url())
    assert response.content.decode().count('class="post-card"') == 10
