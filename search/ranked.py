"""One ranked query per results page: the page's posts, the total and the topic counts.

PostgreSQL only (search/documents.py keeps the table it reads). The statement works in
three steps so that a broad word ("recovery" is in nearly every post) costs little more
than a rare one:

1. Match: the GIN index on each document's whole vector finds the candidates
   (search_document_matches(), migration 0003, makes sure the index is used); the same
   pass ranks each by its compact vector (title, summary, author, category and tag names:
   a few dozen lexemes, stored inline) and drops expired posts and those under a view
   restriction. The topic counts come from these candidates, before the topic filter, so
   the reader can switch topic; the total from the candidates in the chosen topic.
2. Cap: only the best CANDIDATES by that compact rank are ranked on the full title and body
   vectors, as Wagtail's backend ranks (title rank scaled by its length norm, plus the body
   rank): reading every match's body vector is what made broad searches slow.
3. Order: those, best first; any further pages follow in compact-rank order, then newest.

With CANDIDATES matches or fewer, the order is the full ranking of every match.
"""

from dataclasses import dataclass, field

from django.db import connection
from modelsearch.backends.database.postgres.weights import get_sql_weights
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from .documents import TABLE
from .query import tsquery_sql

# Thirty pages of ten results are ranked on the whole text; a reader rarely reads further.
CANDIDATES = 300

RANKED_SQL = f"""
WITH matches AS MATERIALIZED (
    SELECT d.page_id, d.categories, d.first_published_at, d.coarse
    FROM search_document_matches({{tsquery}}, %(weights)s::float4[]) d
    WHERE (d.expire_at IS NULL OR d.expire_at > now())
      AND NOT (d.path LIKE ANY(%(restricted)s::text[]))
      {{author}}
),
chosen AS MATERIALIZED (SELECT * FROM matches {{category}}),
top AS MATERIALIZED (
    SELECT page_id, coarse, first_published_at FROM chosen
    ORDER BY coarse DESC, first_published_at DESC NULLS LAST, page_id DESC
    LIMIT %(candidates)s
),
refined AS (
    SELECT t.page_id, 0 AS tier,
           ts_rank(%(weights)s::float4[], d.title, {{tsquery}}) * d.title_norm
           + ts_rank(%(weights)s::float4[], d.body, {{tsquery}}) AS fine,
           t.coarse, t.first_published_at
    FROM top t JOIN {TABLE} d USING (page_id)
),
rest AS (
    SELECT c.page_id, 1 AS tier, NULL::float4 AS fine, c.coarse, c.first_published_at
    FROM chosen c
    WHERE %(beyond)s AND NOT EXISTS (SELECT 1 FROM top t WHERE t.page_id = c.page_id)
),
page AS (
    SELECT * FROM (SELECT * FROM refined UNION ALL SELECT * FROM rest) ranked
    ORDER BY tier, fine DESC NULLS LAST, coarse DESC, first_published_at DESC NULLS LAST,
             page_id DESC
    OFFSET %(offset)s LIMIT %(limit)s
)
SELECT 'total', NULL::int, count(*)::int FROM chosen
UNION ALL
SELECT 'topic', category, count(*)::int FROM matches, unnest(matches.categories) AS category
GROUP BY category
UNION ALL
SELECT 'post', page_id, (row_number() OVER (
    ORDER BY tier, fine DESC NULLS LAST, coarse DESC, first_published_at DESC NULLS LAST,
             page_id DESC
))::int FROM page
"""


@dataclass
class RankedPage:
    total: int = 0
    page_ids: list = field(default_factory=list)  # best first
    topic_counts: dict = field(default_factory=dict)  # category id -> matching posts


def ranked_page(search_query, offset, limit, category_id=None, author_id=None):
    """The posts `offset` to `offset + limit` of the search, with the total and topic
    counts, from one statement (plus one small query for the view restrictions)."""
    sql, params = statement(search_query, offset, limit, category_id, author_id)
    result = RankedPage()
    positions = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, key, value in cursor.fetchall():
            if kind == "total":
                result.total = value
            elif kind == "topic":
                result.topic_counts[key] = value
            else:
                positions[key] = value
    result.page_ids = sorted(positions, key=positions.get)
    return result


def statement(search_query, offset, limit, category_id=None, author_id=None):
    """(SQL, params) of the ranked query. The tsquery is written out where it is used, not
    read from a CTE, so that the planner sees a constant and can match with the GIN index."""
    tsquery, query_params = tsquery_sql(search_query, _search_config())
    params = {
        "weights": get_sql_weights(),
        "restricted": [f"{path}%" for path in _restricted_paths()],
        "candidates": CANDIDATES,
        "beyond": offset + limit > CANDIDATES,
        "offset": offset,
        "limit": limit,
        "author": author_id,
        "category": category_id,
    }
    # The tsquery's own parameters are positional; name them to mix with the others.
    for position, value in enumerate(query_params):
        params[f"q{position}"] = value
    tsquery = tsquery.replace("%s", "{}").format(
        *(f"%(q{position})s" for position in range(len(query_params)))
    )
    sql = RANKED_SQL.format(
        tsquery=tsquery,
        author="AND d.authors @> ARRAY[%(author)s]::int[]" if author_id else "",
        category="WHERE categories @> ARRAY[%(category)s]::int[]" if category_id else "",
    )
    return sql, params


def _restricted_paths():
    """Tree paths of the pages under a view restriction (password, login or groups):
    readers never find a post below one, as Page.objects.public() leaves them out."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


def _search_config():
    return getattr(get_search_backend(), "config", None) or "simple"
