"""Reading the pages the site serves: their HTML, parts of it, and what they cost in queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def get_html(client, url, status=200, **params):
    """The page at `url` (with query `params`), checking it answers with `status`."""
    response = client.get(url, params)
    assert response.status_code == status, f"{url} returned {response.status_code}"
    return response.content.decode()


def section(html, start_marker, end_marker=None):
    """The part of the page between two markers (or to the end)."""
    start = html.index(start_marker)
    end = html.index(end_marker, start) if end_marker else len(html)
    return html[start:end]


def count_cards(html):
    return html.count('<article class="post-card">')


def count_queries(client, url, params=None):
    """The queries a view of `url` makes, once warmed up (the first view generates image
    renditions and the search page's query log rows)."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)
