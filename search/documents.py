"""The ranked search documents: one row per live, public post (search.models.Document).

PostgreSQL only, like the vocabulary: elsewhere every function here does nothing and the
search page uses Wagtail's backend. A document is copied from the post's entry in Wagtail's
search index whenever the vocabulary is refreshed (publish, unpublish, delete, an author or
category renamed: search/signals.py), and from a whole batch at once by seed_bench, so it
always holds what Wagtail indexed. `manage.py rebuild_search_index` rebuilds them all.

Readers never find a post through a stale document: search/ranked.py checks the expiry
time and view restrictions when it searches, and the results page loads its posts through
BlogPage.objects.visible().
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from blog.models import BlogPage, BlogPageAuthor

from . import counts
from .models import Document

TABLE = Document._meta.db_table
# Wagtail's index puts the summary and the author, category and tag names in the body
# vector at weight C and the article text at D (BlogPage.search_fields); the compact
# vector keeps the title and everything above D.
COMPACT_WEIGHTS = "{a,b,c}"


def _upsert_sql():
    categories = BlogPage.categories.through._meta
    return f"""
INSERT INTO {TABLE} (page_id, path, first_published_at, expire_at, title, body, compact,
                     title_norm, categories, authors)
SELECT p.id, p.path, p.first_published_at, p.expire_at, e.title, e.body,
       e.title || ts_filter(e.body, '{COMPACT_WEIGHTS}'), e.title_norm,
       ARRAY(SELECT c.{categories.get_field("blogcategory").column}
             FROM {categories.db_table} c
             WHERE c.{categories.get_field("blogpage").column} = p.id ORDER BY 1),
       ARRAY(SELECT a.author_id FROM {BlogPageAuthor._meta.db_table} a
             WHERE a.page_id = p.id ORDER BY 1)
FROM wagtailcore_page p
JOIN wagtailsearch_indexentry e ON e.content_type_id = %s AND e.object_id = p.id::text
WHERE p.id = ANY(%s)
ON CONFLICT (page_id) DO UPDATE SET
    path = EXCLUDED.path, first_published_at = EXCLUDED.first_published_at,
    expire_at = EXCLUDED.expire_at, title = EXCLUDED.title, body = EXCLUDED.body,
    compact = EXCLUDED.compact, title_norm = EXCLUDED.title_norm,
    categories = EXCLUDED.categories, authors = EXCLUDED.authors
"""


def enabled():
    return connection.vendor == "postgresql"


def refresh(page_ids):
    """Copy these posts' documents from the search index if readers can see them, and drop
    them otherwise (unpublished, private, expired or deleted)."""
    if not enabled():
        return
    page_ids = sorted({int(pk) for pk in page_ids})
    if not page_ids:
        return
    visible = list(BlogPage.objects.visible().filter(pk__in=page_ids).values_list("pk", flat=True))
    gone = sorted(set(page_ids) - set(visible))
    with transaction.atomic(), connection.cursor() as cursor:
        if gone:
            cursor.execute(f"DELETE FROM {TABLE} WHERE page_id = ANY(%s)", [gone])
        if visible:
            cursor.execute(_upsert_sql(), [_content_type_id(), sorted(visible)])
    counts.purge()


def rebuild(batch_size=2000):
    """Rebuild every document from the search index. Returns the number of documents."""
    if not enabled():
        return 0
    visible = list(BlogPage.objects.visible().order_by("pk").values_list("pk", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        for start in range(0, len(visible), batch_size):
            cursor.execute(_upsert_sql(), [_content_type_id(), visible[start : start + batch_size]])
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        counts.purge()
        return cursor.fetchone()[0]


def _content_type_id():
    return ContentType.objects.get_for_model(BlogPage).pk
