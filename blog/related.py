"""Related posts, ranked when posts are published and stored (RelatedPost), so reading an
article never ranks the blog: its view reads three stored rows.

The ranking: posts readers can see that share a category or a tag with the post, the most
shared first (categories and tags count alike), then the newest.

Lists change when posts come and go (blog/signals.py calls these):
- a post published: its own list, then the lists of the posts now in it, so a new post
  appears beside its nearest neighbours (at most RELATED_COUNT more refreshes);
- a post unpublished, deleted or made private: the lists that showed it;
- a view restriction lifted: as if the post were published again.
`articles_showing()` answers which articles show a post, and `related_lists_changed` is sent
with the articles whose list a change rewrote (an unpublished post's holders no longer show
it afterwards): the page cache purges both.
"""

from django.db import connection
from django.dispatch import Signal
from django.utils import timezone
from wagtail.models import Page

from .models import BlogPage, RelatedPost
from .taxonomy import BlogPageTag

RELATED_COUNT = 3
# The best-ranked live posts checked for visibility (view restrictions) at first.
CANDIDATES = 20

PostCategory = BlogPage.categories.through

# Sent with page_ids: the articles whose stored related list was just rewritten.
related_lists_changed = Signal()


def rank(page_id, limit=RELATED_COUNT):
    """The ids of the `limit` posts most related to post `page_id`, by the ranking above.

    The shared topics are counted over the category and tag rows alone (a UNION ALL, then
    GROUP BY), not by joining each candidate's categories to its tags, whose product grows
    with every topic a post has; only the best candidates are then checked for visibility.
    At 10,000 posts this is a few milliseconds where the join took 38."""
    candidates = CANDIDATES
    while True:
        ranked = _shared_topic_ranking(page_id, candidates)
        visible = set(BlogPage.objects.visible().filter(pk__in=ranked).values_list("pk", flat=True))
        ids = [pk for pk in ranked if pk in visible][:limit]
        if len(ids) == limit or len(ranked) < candidates:
            return ids
        candidates *= 4  # many of the best are hidden (private sections): look further


def _shared_topic_ranking(page_id, candidates):
    """Live, unexpired posts sharing a topic with `page_id`, most shared first, then newest."""
    page_table = Page._meta.db_table
    sql = f"""
        WITH shared AS (
            SELECT post_id, count(*) AS n FROM (
                SELECT other.blogpage_id AS post_id
                FROM {PostCategory._meta.db_table} other
                WHERE other.blogcategory_id IN (
                    SELECT blogcategory_id FROM {PostCategory._meta.db_table}
                    WHERE blogpage_id = %(page)s)
                UNION ALL
                SELECT other.content_object_id
                FROM {BlogPageTag._meta.db_table} other
                WHERE other.tag_id IN (
                    SELECT tag_id FROM {BlogPageTag._meta.db_table}
                    WHERE content_object_id = %(page)s)
            ) AS rows
            WHERE post_id <> %(page)s
            GROUP BY post_id
        )
        SELECT shared.post_id FROM shared
        JOIN {page_table} page ON page.id = shared.post_id
        WHERE page.live AND (page.expire_at IS NULL OR page.expire_at > %(now)s)
        ORDER BY shared.n DESC, page.first_published_at DESC, page.id DESC
        LIMIT %(candidates)s
    """
    params = {"page": page_id, "now": timezone.now(), "candidates": candidates}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def refresh_related(page):
    """Rank `page`'s related posts again and store them; returns their ids. A post readers
    cannot see keeps no list (its page is not shown)."""
    ids, _changed = _refresh(page.pk)
    return ids


def _refresh(page_id):
    is_visible = BlogPage.objects.visible().filter(pk=page_id).exists()
    ids = rank(page_id) if is_visible else []
    stored = RelatedPost.objects.filter(page_id=page_id)
    if list(stored.values_list("related_id", flat=True)) == ids:
        return ids, False
    stored.delete()
    RelatedPost.objects.bulk_create(
        RelatedPost(page_id=page_id, related_id=pk, sort_order=order)
        for order, pk in enumerate(ids)
    )
    return ids, True


def published(page_id):
    """Post `page_id` went live (or public again): its list, then the lists of the posts in
    it."""
    ids, changed = _refresh(page_id)
    changed_ids = {page_id} if changed else set()
    changed_ids |= {pk for pk in ids if _refresh(pk)[1]}
    _announce(changed_ids)


def withdrawn(page_ids, holders=None):
    """Readers can no longer see the posts `page_ids`: rank again every list that showed one
    (`holders`, when their rows are gone already: a deleted post's), and drop their own."""
    page_ids = set(page_ids)
    if holders is None:
        holders = articles_showing(page_ids)
    changed_ids = {pk for pk in set(holders) - page_ids if _refresh(pk)[1]}
    RelatedPost.objects.filter(page_id__in=page_ids).delete()
    _announce(changed_ids)


def _announce(page_ids):
    if page_ids:
        related_lists_changed.send(sender=RelatedPost, page_ids=sorted(page_ids))


def articles_showing(page_ids):
    """The ids of the live articles whose stored related list holds any of `page_ids`."""
    return list(
        RelatedPost.objects.filter(related_id__in=list(page_ids), page__live=True)
        .values_list("page_id", flat=True)
        .distinct()
        .order_by()
    )


def refresh_all():
    """Rank every visible post's list (for posts published before lists were stored)."""
    for pk in BlogPage.objects.visible().values_list("pk", flat=True).iterator():
        _refresh(pk)
