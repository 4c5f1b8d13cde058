"""One ranked query per results page: the page's posts and, unless they are kept, the total
and the topic counts.

PostgreSQL only (search/documents.py keeps the table it reads). The statement works so that
a broad word ("recovery" is in nearly every post) costs little more than a rare one:

1. Candidates, never more than CANDIDATES of each kind: the best matches of the compact
   vector (title, summary, author, category and tag names: a few dozen lexemes, stored
   inline, through its own GIN index), ranked by it, and the newest matches of the whole
   text (through the date index for a broad word, the GIN index for a rare one). A post
   whose compact vector does not match ranks lowest on it, so for one word these are
   exactly the best CANDIDATES by compact rank, however many posts match; for several
   words, a post matching some of them only in its compact vector may be passed over for a
   newer one. Expired posts and those under a view restriction are left out throughout.
2. Order: the best CANDIDATES of those are ranked on the full title and body vectors, as
   Wagtail's backend ranks (title rank scaled by its length norm, plus the body rank):
   reading every match's body vector is what made broad searches slow. Pages past them
   follow in compact-rank order, then newest, over every match.
3. Counts: the total and the topic counts (before the topic filter, so the reader can switch
   topic) come from every match, the part that grows with the matches; search/counts.py
   keeps them per query until a document changes, and the statement skips them while kept.

The statement is planned for its own words (plan_cache_mode): a plan made for a rare word
would read every match of a broad one.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from modelsearch.backends.database.postgres.weights import get_sql_weights
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from . import counts
from .documents import TABLE
from .query import tsquery_sql

# Ten pages of ten results are ranked on the whole text; a reader rarely reads further.
CANDIDATES = 100

FILTERS = """(d.expire_at IS NULL OR d.expire_at > now())
      AND NOT (d.path LIKE ANY(%(restricted)s::text[]))
      {author}"""

RANKED_SQL = f"""
WITH matches AS MATERIALIZED (
    SELECT d.page_id, d.categories, d.first_published_at, d.coarse
    FROM search_document_matches({{tsquery}}, %(weights)s::float4[]) d
    WHERE {FILTERS}
),
chosen AS MATERIALIZED (SELECT * FROM matches {{category_where}}),
best_compact AS (
    SELECT * FROM (
        SELECT d.page_id, d.first_published_at,
               ts_rank(%(weights)s::float4[], d.compact, {{tsquery}}) AS coarse
        FROM {TABLE} d
        WHERE d.compact @@ {{tsquery}} AND {FILTERS} {{category_and}}
    ) ranked
    ORDER BY coarse DESC, first_published_at DESC NULLS LAST, page_id DESC
    LIMIT %(candidates)s
),
newest AS (
    SELECT d.page_id, d.first_published_at,
           ts_rank(%(weights)s::float4[], d.compact, {{tsquery}}) AS coarse
    FROM {TABLE} d
    WHERE (d.title || d.body) @@ {{tsquery}} AND {FILTERS} {{category_and}}
    ORDER BY d.first_published_at DESC NULLS LAST, d.page_id DESC
    LIMIT %(candidates)s
),
top AS MATERIALIZED (
    SELECT * FROM (SELECT * FROM best_compact UNION SELECT * FROM newest) candidates
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
SELECT 'total', NULL::int, count(*)::int FROM chosen WHERE %(count)s
UNION ALL
SELECT 'topic', category, count(*)::int FROM matches, unnest(matches.categories) AS category
WHERE %(count)s
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
    counts, from one statement (plus one small query for the view restrictions, and one
    cache read for the counts)."""
    sql, params = statement(search_query, offset, limit, category_id, author_id)
    counts_key = counts.key(sql, {k: v for k, v in params.items() if k not in PAGING})
    kept = counts.get(counts_key)
    params["count"] = kept is None
    result = RankedPage()
    positions = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        cursor.execute(sql, params)
        for kind, key, value in cursor.fetchall():
            if kind == "total":
                result.total = value
            elif kind == "topic":
                result.topic_counts[key] = value
            else:
                positions[key] = value
    if kept is None:
        counts.put(counts_key, result.total, result.topic_counts)
    else:
        result.total, result.topic_counts = kept
    result.page_ids = sorted(positions, key=positions.get)
    return result


# What differs between the pages of one search, and so not part of its counts' key.
PAGING = ("offset", "limit", "beyond", "count")


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
        "count": True,
        "author": author_id,
        "category": category_id,
    }
    # The tsquery's own parameters are positional; name them to mix with the others.
    for position, value in enumerate(query_params):
        params[f"q{position}"] = value
    tsquery = tsquery.replace("%s", "{}").format(
        *(f"%(q{position})s" for position in range(len(query_params)))
    )
    category = "categories @> ARRAY[%(category)s]::int[]"
    sql = RANKED_SQL.format(
        tsquery=tsquery,
        author="AND d.authors @> ARRAY[%(author)s]::int[]" if author_id else "",
        category_where=f"WHERE {category}" if category_id else "",
        category_and=f"AND d.{category}" if category_id else "",
    )
    return sql, params


def _restricted_paths():
    """Tree paths of the pages under a view restriction (password, login or groups):
    readers never find a post below one, as Page.objects.public() leaves them out."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


def _search_config():
    return getattr(get_search_backend(), "config", None) or "simple"
