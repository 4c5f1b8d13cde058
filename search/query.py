"""From what a reader typed to a search query: cleaning, parsing, and the posts searched."""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, Not, Or, Phrase, PlainText
from wagtail.search.utils import parse_query_string

from blog.models import BlogPage

MAX_QUERY_LENGTH = 200
# Letters, digits, spaces and double quotes (phrases); apostrophes and hyphens only inside
# words ("don't", "self-care"). Everything else is a separator: the full-text engines treat
# it so anyway, and SQLite's FTS5 syntax would reject some of it. Colons also go, so
# parse_query_string never reads "word:word" as a filter.
SEPARATORS = re.compile(r"[^\w\s\"'-]|_|(?<!\w)['-]+|['-]+(?!\w)")
WORD = re.compile(r"[^\W_]+")


def clean_query(raw):
    """What the reader typed, safe to show and to store: no NUL bytes (PostgreSQL text cannot
    hold them), trimmed, and cut to a sensible length."""
    return raw.replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def searchable_text(query):
    """The query with separators made spaces: what the search engines are given."""
    return " ".join(SEPARATORS.sub(" ", query).split())


def parse(query):
    """The search query for `query`, or None when nothing searchable is left.

    Words must all match (operator "and", what readers of a search box expect); text in
    double quotes must match as a phrase. An unbalanced quote runs to the end of the query.
    """
    text = searchable_text(query)
    if not WORD.search(text):
        return None
    _filters, search_query = parse_query_string(text, operator="and", zero_terms=None)
    return search_query


def query_terms(search_query):
    """The words of a parsed query, in order, for highlighting."""
    if isinstance(search_query, PlainText | Phrase):
        return WORD.findall(search_query.query_string)
    return [term for sub in getattr(search_query, "subqueries", ()) for term in query_terms(sub)]


def tsquery_sql(search_query, config):
    """(SQL, params) of the PostgreSQL tsquery for a parsed query, as Wagtail's backend
    builds it: every word of plain text must match, a phrase matches as a phrase."""
    if isinstance(search_query, PlainText):
        if search_query.operator == "and":
            return "plainto_tsquery(%s::regconfig, %s)", [config, search_query.query_string]
        words = search_query.query_string.split() or [""]
        sql = " || ".join(["plainto_tsquery(%s::regconfig, %s)"] * len(words))
        return f"({sql})", [param for word in words for param in (config, word)]
    if isinstance(search_query, Phrase):
        return "phraseto_tsquery(%s::regconfig, %s)", [config, search_query.query_string]
    if isinstance(search_query, Not):
        sql, params = tsquery_sql(search_query.subquery, config)
        return f"(!! {sql})", params
    if isinstance(search_query, And | Or):
        connector = " && " if isinstance(search_query, And) else " || "
        parts = [tsquery_sql(sub, config) for sub in search_query.subqueries]
        return "(" + connector.join(sql for sql, _ in parts) + ")", [
            param for _, params in parts for param in params
        ]
    raise ValueError(f"Cannot search for {search_query!r}")


def indexed_texts(page_ids):
    """{page id: the text the search index holds for the post}, in one query. The matching
    text of a result comes from here: it is what the search engine matched, and reading it
    costs no query per post (a post's StreamField would load its images)."""
    column = "body_text" if connection.vendor == "postgresql" else "body"
    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(BlogPage),
        object_id__in=[str(pk) for pk in page_ids],
    ).values_list("object_id", column)
    return {int(object_id): text or "" for object_id, text in entries}
