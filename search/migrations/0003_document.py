"""The ranked search documents (search/documents.py), on PostgreSQL only.

The table, a GIN index on the whole document (title || body) for matching and one on the
compact vector, the matching function search/ranked.py calls, then a first fill from
Wagtail's search index for the posts readers can see, so an upgraded site searches at once.

The indexes are built without GIN's pending list (fastupdate off): with it, every search
also reads through the entries added since the last vacuum, 8 ms instead of 0.7 ms for a
broad word at 5,000 posts. A publish writes one document, so the cost of writing straight
into the index is small.

search_document_matches() matches with the GIN index always. For a word in nearly every
post the planner prefers reading the whole table, not knowing that this means
decompressing every body vector (86 ms at 5,000 posts, against 5 ms through the index);
a function's SET clause is the one way to tell it for this statement alone. It returns only
the small columns, each match ranked on its compact vector. On SQLite only Django's state knows the model:
search there goes through Wagtail's backend (search/views.py).
"""

import django.contrib.postgres.fields
import django.contrib.postgres.search
from django.db import migrations, models

DOCUMENT_INDEX = "search_document_match_gin"
COMPACT_INDEX = "search_document_compact_gin"
MATCHES = "search_document_matches"

CREATE_MATCHES = f"""
CREATE FUNCTION {MATCHES}(query tsquery, weights real[])
RETURNS TABLE (page_id integer, path varchar, first_published_at timestamptz,
               expire_at timestamptz, categories integer[], authors integer[], coarse real)
LANGUAGE sql STABLE
SET enable_seqscan = off
AS $$
    SELECT d.page_id, d.path, d.first_published_at, d.expire_at, d.categories, d.authors,
           ts_rank(weights, d.compact, query)
    FROM search_document d
    WHERE (d.title || d.body) @@ query
$$
"""

# Live posts outside any view restriction, with their entry in Wagtail's index.
FILL = """
INSERT INTO search_document (page_id, path, first_published_at, expire_at, title, body,
                             compact, title_norm, categories, authors)
SELECT p.id, p.path, p.first_published_at, p.expire_at, e.title, e.body,
       e.title || ts_filter(e.body, '{a,b,c}'), e.title_norm,
       ARRAY(SELECT c.blogcategory_id FROM blog_blogpage_categories c
             WHERE c.blogpage_id = p.id ORDER BY 1),
       ARRAY(SELECT a.author_id FROM blog_blogpageauthor a WHERE a.page_id = p.id ORDER BY 1)
FROM wagtailcore_page p
JOIN blog_blogpage b ON b.page_ptr_id = p.id
JOIN wagtailsearch_indexentry e
  ON e.content_type_id = p.content_type_id AND e.object_id = p.id::text
WHERE p.live AND NOT EXISTS (
    SELECT 1 FROM wagtailcore_pageviewrestriction r
    JOIN wagtailcore_page rp ON rp.id = r.page_id
    WHERE p.path LIKE rp.path || '%%'
)
"""


def create_table(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.create_model(apps.get_model("search", "Document"))
    schema_editor.execute(
        f"CREATE INDEX {DOCUMENT_INDEX} ON search_document USING gin ((title || body)) "
        "WITH (fastupdate = off)"
    )
    schema_editor.execute(
        f"CREATE INDEX {COMPACT_INDEX} ON search_document USING gin (compact) "
        "WITH (fastupdate = off)"
    )
    schema_editor.execute(CREATE_MATCHES)
    schema_editor.execute(FILL)


def drop_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {MATCHES}(tsquery, real[])")
        schema_editor.delete_model(apps.get_model("search", "Document"))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_indexentry_document_index"),
        ("blog", "0002_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Document",
                    fields=[
                        ("page_id", models.PositiveIntegerField(primary_key=True, serialize=False)),
                        ("path", models.CharField(max_length=255)),
                        ("first_published_at", models.DateTimeField(null=True)),
                        ("expire_at", models.DateTimeField(null=True)),
                        ("title", django.contrib.postgres.search.SearchVectorField()),
                        ("body", django.contrib.postgres.search.SearchVectorField()),
                        ("compact", django.contrib.postgres.search.SearchVectorField()),
                        ("title_norm", models.FloatField(default=1.0)),
                        (
                            "categories",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), default=list, size=None
                            ),
                        ),
                        (
                            "authors",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), default=list, size=None
                            ),
                        ),
                    ],
                ),
            ],
        ),
        # After the state operation, so the historical models include Document.
        migrations.RunPython(create_table, drop_table),
    ]
