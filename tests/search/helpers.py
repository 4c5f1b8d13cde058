"""Reading the search page in tests."""

import html
import re
from urllib.parse import parse_qsl

RESULTS_RE = re.compile(r'<ul class="post-list search-results">(.*?)</ul>', re.S)
RESULT_LINK_RE = re.compile(r'<h3 class="post-card__title"><a href="([^"]+)"')


def body(html):
    """A post body of one intro block holding `html`."""
    return [("intro", html)]


def search(client, q=None, **params):
    if q is not None:
        params = {"q": q, **params}
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def result_urls(response):
    """The article URLs listed as results, in order (not promotions or suggestions)."""
    match = RESULTS_RE.search(response.content.decode())
    return RESULT_LINK_RE.findall(match.group(1)) if match else []


def found(client, q, **params):
    return result_urls(search(client, q, **params))


def query_links(response):
    """The parameters of each link from the page to itself (href="?..."), as dicts."""
    hrefs = re.findall(r'href="\?([^"]*)"', response.content.decode())
    return [dict(parse_qsl(html.unescape(href))) for href in hrefs]
