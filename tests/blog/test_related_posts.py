"""Related posts are ranked when posts are published, unpublished, deleted or made private,
and stored (blog/related.py); the article shows the stored list."""

import random
import re

import pytest
from django.db.models import Count, Q
from wagtail.models import PageViewRestriction

from blog.models import BlogPage, BlogPageTag, RelatedPost
from blog.related import articles_showing, rank, refresh_related, related_lists_changed
from tests.factories import CategoryFactory, make_post, pass_expiry
from tests.reading import get_html, section


def stored(post):
    return list(
        RelatedPost.objects.filter(page=post)
        .order_by("sort_order")
        .values_list("related__title", flat=True)
    )


CARD_TITLE = re.compile(r'class="post-card__title"><a href="[^"]*">([^<]*)<')


def shown(client, post):
    """The titles of the related cards on the article, in their order."""
    html = get_html(client, post.url)
    if 'id="related-heading"' not in html:
        return []
    return CARD_TITLE.findall(section(html, 'id="related-heading"'))


@pytest.fixture
def family(blog_index):
    """An article and two older neighbours sharing its category."""
    topic = CategoryFactory(slug="family")
    article = make_post(blog_index, title="Article", categories=[topic], tags=["hope"])
    make_post(blog_index, title="Older", categories=[topic])
    make_post(blog_index, title="Closer", categories=[topic], tags=["hope"])
    return article, topic


@pytest.fixture
def changes():
    sent = []

    def record(sender, page_ids, **kwargs):
        sent.append(page_ids)

    related_lists_changed.connect(record)
    yield sent
    related_lists_changed.disconnect(record)


def test_a_newly_published_post_appears_in_its_neighbours_lists(client, blog_index, family):
    article, topic = family
    assert stored(article) == ["Closer", "Older"]

    newest = make_post(blog_index, title="Newest", categories=[topic], tags=["hope"])

    assert stored(newest) == ["Closer", "Article", "Older"]
    # Article was published before Newest existed: Newest's publication refreshed its list.
    assert stored(article) == ["Newest", "Closer", "Older"]
    assert shown(client, article) == ["Newest", "Closer", "Older"]


def test_an_unpublished_post_leaves_the_lists_that_showed_it(client, blog_index, family, changes):
    article, topic = family
    closer = RelatedPost.objects.get(page=article, related__title="Closer").related
    assert article.pk in articles_showing([closer.pk])

    closer.unpublish()

    assert stored(article) == ["Older"]
    assert shown(client, article) == ["Older"]
    assert articles_showing([closer.pk]) == []
    assert not RelatedPost.objects.filter(page=closer).exists()
    assert any(article.pk in ids for ids in changes)


def test_a_deleted_post_leaves_the_lists_that_showed_it(blog_index, family):
    article, topic = family
    extra = make_post(blog_index, title="Extra", categories=[topic])
    assert stored(article) == ["Closer", "Extra", "Older"]

    extra.delete()

    assert stored(article) == ["Closer", "Older"]


def test_a_private_post_leaves_the_lists_until_it_is_public_again(client, blog_index, family):
    article, topic = family
    closer = RelatedPost.objects.get(page=article, related__title="Closer").related

    restriction = PageViewRestriction.objects.create(
        page=closer, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert stored(article) == ["Older"]

    restriction.delete()
    assert stored(article) == ["Closer", "Older"]
    assert shown(client, article) == ["Closer", "Older"]


def test_articles_showing_lists_the_live_articles_whose_list_holds_a_post(blog_index, family):
    article, topic = family
    older = RelatedPost.objects.get(page=article, related__title="Older").related
    closer = RelatedPost.objects.get(page=article, related__title="Closer").related
    unrelated = make_post(blog_index, title="Unrelated", categories=[CategoryFactory()])

    assert set(articles_showing([older.pk])) == {article.pk, closer.pk}
    assert set(articles_showing([older.pk, closer.pk])) == {article.pk, closer.pk, older.pk}
    assert articles_showing([unrelated.pk]) == []
    assert articles_showing([]) == []


def test_refreshing_stores_the_current_ranking(blog_index, family):
    article, topic = family
    RelatedPost.objects.filter(page=article).delete()

    assert refresh_related(article) == rank(article.pk)
    assert stored(article) == ["Closer", "Older"]


def ranked_by_the_orm(page_id, limit=3):
    """The ranking as the ORM states it (slow at scale: categories times tags per post),
    the oracle for rank()'s SQL."""
    through = BlogPage.categories.through
    categories = through.objects.filter(blogpage_id=page_id).values("blogcategory_id")
    tags = BlogPageTag.objects.filter(content_object_id=page_id).values("tag_id")
    in_categories, in_tags = Q(categories__in=categories), Q(tagged_items__tag__in=tags)
    return list(
        BlogPage.objects.visible()
        .exclude(pk=page_id)
        .filter(in_categories | in_tags)
        .annotate(
            shared=Count("categories", filter=in_categories, distinct=True)
            + Count("tagged_items", filter=in_tags, distinct=True)
        )
        .order_by("-shared", "-first_published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )


def test_rank_agrees_with_the_ranking_as_the_orm_states_it(blog_index):
    chooser = random.Random(7)
    topics = [CategoryFactory(slug=f"topic-{n}") for n in range(4)]
    words = ["hope", "sleep", "work", "family", "grief", "money"]
    posts = [
        make_post(
            blog_index,
            title=f"Post {n}",
            categories=chooser.sample(topics, chooser.randint(0, 2)),
            tags=chooser.sample(words, chooser.randint(0, 3)),
        )
        for n in range(24)
    ]
    pass_expiry(posts[3])
    PageViewRestriction.objects.create(page=posts[5], restriction_type="login")
    for post in posts:
        assert rank(post.pk) == ranked_by_the_orm(post.pk), post.title
