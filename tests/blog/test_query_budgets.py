"""Query budgets of the pages readers read, at 1 and at 200 posts: an anonymous reader with no
page cache costs at most ARTICLE_BUDGET queries on an article and LISTING_BUDGET on home and
the listings, whatever the size of the blog or of the article."""

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update

from blog.models import BlogPage, BlogPageAuthor
from blog.taxonomy import BlogPageTag
from tests.factories import AuthorFactory, CategoryFactory, make_full_article, make_image, make_post
from tests.reading import count_cards, count_queries

ARTICLE_BUDGET = 12
LISTING_BUDGET = 10


def quick_posts(settings, blog_index, n, *, authors, categories, tags, images):
    """`n` live posts sharing `categories` and `tags`, made the quick way: added to the tree as
    drafts and put live by one update, with no revision, approval, search or reference index
    entry (a reader's page reads none of them) and no related list (nothing published them).
    A few seconds for 200, where publishing each would take a minute."""
    paused = {k: {**v, "AUTO_UPDATE": False} for k, v in settings.WAGTAILSEARCH_BACKENDS.items()}
    posts = []
    with override_settings(WAGTAILSEARCH_BACKENDS=paused), disable_reference_index_auto_update():
        for i in range(n):
            post = BlogPage(
                title=f"Bulk post {i}",
                slug=f"bulk-post-{i}",
                summary=f"Summary of bulk post {i}.",
                body=[("intro", "<p>Recovery takes time.</p>")],
                listing_image=images[i % len(images)],
            )
            post.blog_authors = [
                BlogPageAuthor(author=a, sort_order=k) for k, a in enumerate(authors)
            ]
            post.categories = categories
            blog_index.add_child(instance=post)
            posts.append(post)
    tag_objects = [Tag.objects.get_or_create(name=t, slug=t)[0] for t in tags]
    BlogPageTag.objects.bulk_create(
        [BlogPageTag(content_object=p, tag=t) for p in posts for t in tag_objects]
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        # Live without revisions or approvals, which the publish rule refuses at every level
        # (editorial/publish_rule.py, and the database trigger of editorial/0004): the trigger
        # is off for this one statement of the test's own transaction.
        cursor.execute("SET LOCAL session_replication_role = replica")
        Page.objects.filter(pk__in=[p.pk for p in posts]).update(
            live=True, first_published_at=now, last_published_at=now, has_unpublished_changes=False
        )
        cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.fixture
def blog_of(settings, home, blog_index):
    """build(n): a blog of `n` posts sharing two categories, two tags and two authors; returns
    the reader's URLs by page name. The article is published last, so it has its full related
    list (ranked among all the others)."""

    def build(n_posts):
        images = [make_image(f"shared {i}") for i in range(3)]
        authors = [AuthorFactory(photo=images[0]), AuthorFactory()]
        categories = [CategoryFactory(), CategoryFactory()]
        tags = ["hope", "peer-support"]
        quick_posts(
            settings,
            blog_index,
            n_posts - 1,
            authors=authors,
            categories=categories,
            tags=tags,
            images=images,
        )
        article = make_post(
            blog_index,
            title="Measured article",
            authors=authors,
            categories=categories,
            tags=tags,
            listing_image=images[1],
        )
        return {
            "home": home.url,
            "article": article.url,
            "blog index": blog_index.url,
            "category": f"{blog_index.url}category/{categories[0].slug}/",
            "tag": f"{blog_index.url}tag/{tags[0]}/",
            "author filter": f"{blog_index.url}?author={authors[0].slug}",
            "author page": authors[0].get_absolute_url(),
        }

    return build


@pytest.mark.parametrize("n_posts", [1, 200])
def test_pages_stay_within_their_query_budget(
    client, blog_of, django_assert_max_num_queries, n_posts
):
    urls = blog_of(n_posts)
    for name, url in urls.items():
        budget = ARTICLE_BUDGET if name == "article" else LISTING_BUDGET
        client.get(url)  # the first view makes the image renditions and fills the caches
        with django_assert_max_num_queries(budget, info=f"{name} at {n_posts} posts"):
            response = client.get(url)
        assert response.status_code == 200, name
        if n_posts == 200 and name != "article":
            assert count_cards(response.content.decode()) >= 9, name
    if n_posts == 200:
        html = client.get(urls["article"]).content.decode()
        assert count_cards(html[html.index('id="related-heading"') :]) == 3


def test_an_article_costs_the_same_with_many_comments_authors_and_tags(client, blog_index):
    small = make_full_article(blog_index, "small", n_authors=1, n_tags=1)
    large = make_full_article(blog_index, "large", n_authors=6, n_tags=12, n_threads=10)

    baseline = count_queries(client, small.url)
    assert baseline <= ARTICLE_BUDGET
    assert count_queries(client, large.url) <= baseline
    html = client.get(large.url).content.decode()
    assert html.count('class="author-card"') == 6
    assert html.count("/blog/tag/large-") == 12
    assert html.count('class="comment"') == 30
