"""`make bench`: how fast are search and publishing with 5,000 posts (`POSTS=100000` for more)?

Runs on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/kinship_bench):
creates the database if it is missing, migrates it, writes the generated posts unless they
are already there (`manage.py seed_bench` only adds missing ones, so a rerun is quick) and
reports how many posts per second it created, then times the real /search/ view through
Django's test client: a few warm-up requests per query, then timed ones. Prints the median
and 95th percentile per query and the median over every timed search; then publishes a few
new posts the way an editor does (a revision, the clinician's approval, revision.publish())
and prints the time per publish, and removes them again. Exits with status 1 when the median
search misses its target (50 ms up to 5,000 posts, 150 ms above) or a publish takes 300 ms
or more at the median. The load average is printed before and after: on a shared machine it
says how far to trust the numbers. The search box's title suggestions (/search/autocomplete/)
are timed and reported too.

Settings: those of `make run` (cms.settings.dev, where demo content is allowed), with DEBUG
forced off as in production: with DEBUG on, Django keeps every SQL query in memory, which
slows requests down and would be measured with them.
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kinship_bench"
# Targets of the scaling issue: median search time by size, and the median publish.
SEARCH_TARGETS_MS = ((5000, 50), (None, 150))
PUBLISH_TARGET_MS = 300
PUBLISHES = 10

# (label, query string): what readers type, over the generated posts' vocabulary.
SEARCHES = [
    ("one word", {"q": "naloxone"}),
    ("one word, in most posts", {"q": "recovery"}),
    ("rare word", {"q": "naltrexone"}),
    ("one word, stemmed", {"q": "cravings"}),
    ("two words", {"q": "sleep detox"}),
    ("three words", {"q": "peer support group"}),
    ("phrase in quotes", {"q": '"relapse prevention plan"'}),
    ("misspelling", {"q": "mindfullness"}),
    ("in a category", {"q": "anxiety", "category": "mental-health"}),
    ("by an author", {"q": "family", "author": "carmen-alvarez"}),
    ("second page", {"q": "stress", "page": "2"}),
    ("no results", {"q": "xylophone astronomy"}),
]
AUTOCOMPLETES = [
    ("two letters", {"q": "na"}),
    ("a word", {"q": "mindful"}),
    ("two words", {"q": "peer sup"}),
    ("no match", {"q": "xylo"}),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000, help="posts to seed (default 5000)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first (default 3)")
    parser.add_argument(
        "--publishes", type=int, default=PUBLISHES, help=f"posts published (default {PUBLISHES})"
    )
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DEBUG"] = "0"
    # WhiteNoise warns that `collectstatic` has not run; static files play no part here.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    from bench.database import ensure_database

    try:
        if ensure_database(os.environ["DATABASE_URL"]):
            print("Created the benchmark database.")
    except ValueError as error:
        sys.exit(str(error))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if settings.DEBUG:
        sys.exit("The benchmark needs DEBUG off; check DJANGO_SETTINGS_MODULE.")
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Load average before: {load_average()}")
    seeded = seed(args.posts)
    status = run(args.runs, args.warmup, args.posts)
    status |= time_publishing(args.publishes)
    print(f"\n{seeded}")
    print(f"Load average after: {load_average()}")
    sys.exit(status)


def load_average():
    try:
        return Path("/proc/loadavg").read_text().split(" ")[:3]
    except OSError:
        return "unknown"


def seed(posts):
    """Run seed_bench; return a line with the posts it created per second."""
    from django.core.management import call_command

    from blog.models import BlogPage

    before = BlogPage.objects.count()
    started = time.perf_counter()
    call_command("seed_bench", posts=posts)
    seconds = time.perf_counter() - started
    created = BlogPage.objects.count() - before
    if not created:
        return f"seed_bench: nothing to create ({posts:,} posts already present)."
    return f"seed_bench: {created:,} posts in {seconds:.1f} s, {created / seconds:,.0f} posts/s."


def run(runs, warmup, size):
    from django.test import Client

    from blog.models import BlogPage

    # A failing view answers 500 (and stops the run) instead of raising here.
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    posts = BlogPage.objects.live().count()
    print(f"\nLoad average while searching: {load_average()}")
    print(
        f"\nSearch with {posts:,} live posts: median and 95th percentile of {runs} runs per query"
    )
    print(f"after {warmup} warm-up runs, through the /search/ view.\n")
    searches = time_queries(client, "/search/", SEARCHES, runs, warmup)
    overall = statistics.median(t for times in searches.values() for t in times)
    print(f"\nMedian over all {sum(map(len, searches.values()))} searches: {overall:.1f} ms")

    if client.get("/search/autocomplete/", {"q": "re"}).status_code == 404:
        print("\nAutocomplete: /search/autocomplete/ does not exist here, skipped.")
    else:
        print("\nAutocomplete (/search/autocomplete/):\n")
        suggestions = time_queries(client, "/search/autocomplete/", AUTOCOMPLETES, runs, warmup)
        median = statistics.median(t for times in suggestions.values() for t in times)
        print(f"\nMedian over all autocomplete requests: {median:.1f} ms")

    target = next(ms for limit, ms in SEARCH_TARGETS_MS if limit is None or size <= limit)
    if overall >= target:
        print(f"\nFAIL: the median search takes {overall:.1f} ms, the goal is under {target}.")
        return 1
    print(f"\nOK: the median search takes {overall:.1f} ms, under {target} ms.")
    return 0


def time_publishing(count):
    """Publish `count` new posts as an editor would and print the time of each publish
    (revision.publish(): the publish rule, the page, the search index, the vocabulary and
    the ranked documents), then delete them. Returns 1 when the median misses its target."""
    from django.contrib.auth import get_user_model

    from blog.models import BlogIndexPage, BlogPage, BlogPageAuthor
    from blog.taxonomy import BlogCategory
    from demo import bench_content
    from demo.pages import build_body
    from demo.tally import Tally
    from editorial.models import ClinicalApproval

    names = ["writer", "clinician", "editor"]
    users = get_user_model().objects.in_bulk(names, field_name="username")
    blog_index = BlogIndexPage.objects.get(slug="blog")
    author = BlogPageAuthor.objects.select_related("author").first().author
    category = BlogCategory.objects.order_by("pk").first()
    # Articles beyond any seeded run (seed 999), so their words are like every post's.
    articles = list(bench_content.articles(999, count))
    times, posts = [], []
    try:
        for article in articles:
            post = BlogPage(
                title=article.title,
                slug=f"bench-publish-{article.slug}",
                summary=article.summary,
                body=build_body(Tally(), article),
                owner=users["writer"],
            )
            post.blog_authors.add(BlogPageAuthor(author=author, sort_order=0))
            post.categories = [category]
            blog_index.add_child(instance=post)
            posts.append(post)
            revision = post.save_revision(user=users["writer"])
            ClinicalApproval.objects.record(revision, users["clinician"])
            started = time.perf_counter()
            revision.publish(user=users["editor"])
            times.append((time.perf_counter() - started) * 1000)
    finally:
        for post in posts:
            post.delete()
    median = statistics.median(times)
    print(
        f"\nPublishing {count} new posts (revision.publish()): median {median:.0f} ms, "
        f"95th percentile {p95(times):.0f} ms, slowest {max(times):.0f} ms."
    )
    if median >= PUBLISH_TARGET_MS:
        print(f"FAIL: a publish takes {median:.0f} ms, the goal is under {PUBLISH_TARGET_MS}.")
        return 1
    print(f"OK: a publish takes {median:.0f} ms, under {PUBLISH_TARGET_MS} ms.")
    return 0


def time_queries(client, path, queries, runs, warmup):
    """{label: [milliseconds, ...]} for each query, with a printed table row per query."""
    print(f"{'query':<28} {'parameters':<44} {'median':>8} {'p95':>8} {'SQL':>4}")
    timings = {}
    for label, params in queries:
        for _ in range(warmup):
            check(client.get(path, params), path, params)
        statements = count_statements(client, path, params)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(path, params)
            times.append((time.perf_counter() - start) * 1000)
            check(response, path, params)
        timings[label] = times
        shown = " ".join(f"{key}={value}" for key, value in params.items())
        print(
            f"{label:<28} {shown:<44} {statistics.median(times):6.1f}ms {p95(times):6.1f}ms "
            f"{statements:4}"
        )
    return timings


def count_statements(client, path, params):
    """The SQL statements one more, untimed, request runs."""
    from django.db import connection

    statements = 0

    def counting(execute, *args):
        nonlocal statements
        statements += 1
        return execute(*args)

    with connection.execute_wrapper(counting):
        check(client.get(path, params), path, params)
    return statements


def p95(times):
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def check(response, path, params):
    if response.status_code != 200:
        sys.exit(f"{path} {params} answered {response.status_code}; the benchmark stops.")


if __name__ == "__main__":
    main()
