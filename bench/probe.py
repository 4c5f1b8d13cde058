"""`python -m bench.probe OUT`: the pages `make bench-pages` measures, and the SQL each costs.

Run by bench/pages.py under the same settings and environment as the server it describes
(bench.settings, with or without KINSHIP_PAGE_CACHE=0), in a process of its own so the
benchmark itself never loads Django. It chooses the pages from the database (the newest
article, the most used tag), then requests each one through Django's test client, the
whole middleware stack included, three times, and counts the SQL statements of the third:
the first two warm what any long-running worker has warm (the site root, content types, the
page cache when it is on). Writes JSON to OUT: the pages, their statuses and query counts,
the number of live posts and how many of them each search word matches.
"""

import json
import sys

import django

# A word nearly every generated article uses, and one of the rarest (about 3% of them: it is in
# a few phrases of one topic of demo/bench_content.py), so present at any size.
BROAD_WORD = "recovery"
RARE_WORD = "fentanyl"
# The page cache records a URL on its first request and stores it on the second: the third is
# the first a warm server can answer from the cache.
WARMING_REQUESTS = 2


def choose_pages():
    """[(name, path)] of the pages to measure, chosen from the content."""
    from django.db.models import Count

    from blog.models import BlogIndexPage, BlogPage
    from blog.taxonomy import BlogPageTag

    blog_index = BlogIndexPage.objects.live().public().first()
    article = BlogPage.objects.visible().order_by("-first_published_at", "-pk").first()
    tag = (
        BlogPageTag.objects.filter(content_object__in=BlogPage.objects.visible())
        .values("tag__slug")
        .annotate(posts=Count("id"))
        .order_by("-posts", "tag__slug")
        .first()
    )
    if blog_index is None or article is None or tag is None:
        raise SystemExit("No live blog index, article or tagged post: is the database seeded?")
    index_path = path_of(blog_index)
    return [
        ("home", "/"),
        ("blog index", index_path),
        ("tag", f"{index_path}tag/{tag['tag__slug']}/"),
        ("article", path_of(article)),
        (f"search {BROAD_WORD!r}", f"/search/?q={BROAD_WORD}"),
        (f"search {RARE_WORD!r}", f"/search/?q={RARE_WORD}"),
    ]


def path_of(page):
    _, _, path = page.get_url_parts()
    return path


def count_queries(client, path):
    """(status, SQL statements) of a request after two warming ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMING_REQUESTS):
        client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries.captured_queries)


def matches(word):
    """Live posts the search backend finds for `word` (live only: the backend cannot filter
    on visible()'s conditions, and no generated post is private or expired)."""
    from blog.models import BlogPage

    return BlogPage.objects.live().search(word).count()


def main(out):
    django.setup()
    from django.test import Client

    from blog.models import BlogPage

    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    pages = []
    for name, path in choose_pages():
        status, queries = count_queries(client, path)
        pages.append({"name": name, "path": path, "status": status, "queries": queries})
    report = {
        "posts": BlogPage.objects.visible().count(),
        "pages": pages,
        "matches": {word: matches(word) for word in (BROAD_WORD, RARE_WORD)},
    }
    with open(out, "w") as file:
        json.dump(report, file)


if __name__ == "__main__":
    main(sys.argv[1])
