"""Counting searches without a database write while the reader waits (search/hits.py)."""

import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query

from editorial.management.commands.run_scheduler import PERIODIC_COMMANDS
from search import hits
from tests.factories import make_post, user_in_group
from tests.search.helpers import search

WRITES = ("INSERT", "UPDATE", "DELETE")


def logged(query_string):
    query = Query.objects.filter(query_string=query_string).first()
    return query.hits if query else 0


def test_a_search_writes_nothing_to_the_database(blog_index, client):
    make_post(blog_index, title="Sleep")
    # A site's first request creates its settings rows (crisis resources): not search's.
    search(client, "sleep", page=2)
    with CaptureQueriesContext(connection) as ctx:
        search(client, "sleep")
    sql = [query["sql"].lstrip().upper() for query in ctx.captured_queries]
    writes = [statement for statement in sql if statement.startswith(WRITES)]
    assert writes == []
    assert hits.pending() == 1 and logged("sleep") == 0


def test_searches_are_in_the_query_log_after_the_flush(blog_index, client):
    make_post(blog_index, title="Sleep")
    for q in ["Sleep", "  sleep ", "naps"]:
        search(client, q)

    call_command("flush_search_hits")

    assert (logged("sleep"), logged("naps")) == (2, 1)
    assert hits.pending() == 0
    hits.flush()  # nothing new: nothing counted twice
    assert logged("sleep") == 2


def test_a_flush_adds_to_the_days_count(blog_index, client):
    Query.get("sleep").add_hit()
    search(client, "sleep")
    hits.flush()
    search(client, "sleep")
    hits.flush()
    assert logged("sleep") == 3


def test_a_search_stored_while_a_flush_runs_is_counted_by_the_next(db):
    hits.record("first")
    # A reader has taken number 2 but not yet stored the search when the flush reads.
    cache.incr(hits.LAST)
    hits.flush()
    assert logged("first") == 1
    cache.set(f"{hits.PREFIX}2", f"{Query.objects.get().daily_hits.get().date}\tlate")

    hits.flush()
    assert logged("late") == 1
    assert hits.pending() == 0


def test_a_search_that_never_arrives_is_given_up_after_one_more_flush(db):
    cache.add(hits.LAST, 0, timeout=None)
    cache.incr(hits.LAST)  # taken, never stored (the cache lost it)
    hits.record("after")
    hits.flush()
    hits.flush()
    assert hits.pending() == 0 and logged("after") == 1


def test_the_report_shows_searches_not_yet_flushed(blog_index, client):
    make_post(blog_index, title="Sleep")
    search(client, "sleep")
    client.force_login(user_in_group("ed", "Editors"))

    report = client.get(reverse("popular_search_terms"))
    assert "sleep" in report.content.decode()
    assert logged("sleep") == 1


def test_the_scheduler_writes_the_counts():
    assert "flush_search_hits" in PERIODIC_COMMANDS


def test_a_search_answered_from_the_page_cache_is_counted(blog_index, client, settings):
    settings.KINSHIP_PAGE_CACHE = True
    make_post(blog_index, title="Sleep")
    answers = [client.get("/search/", {"q": "sleep"})["X-Kinship-Cache"] for _ in range(4)]
    assert answers[-1] == "hit"
    client.get("/search/", {"q": "sleep", "page": "1"})  # a further page: not a new search
    hits.flush()
    assert logged("sleep") == 4


# --- each process holds its searches for a moment and stores them together -----------------


@pytest.fixture
def holding(settings):
    settings.KINSHIP_SEARCH_HITS_SECONDS = 60
    yield settings
    hits.store_held()


def test_held_searches_cost_no_cache_write_until_stored_together(db, holding, monkeypatch):
    writes = []
    monkeypatch.setattr(hits, "_store", lambda searches: writes.append(list(searches)))
    for q in ["sleep", "naps", "sleep"]:
        hits.record(q)
    assert writes == []
    hits.store_held()
    assert [[line.split("\t")[1] for line in batch] for batch in writes] == [
        ["sleep", "naps", "sleep"]
    ]


def test_held_searches_are_flushed_and_counted_by_their_own_process(db, holding):
    for q in ["sleep", "naps", "sleep"]:
        hits.record(q)
    assert cache.get(hits.LAST) is None  # nothing stored yet
    assert hits.pending() == 3
    hits.flush()
    assert (logged("sleep"), logged("naps")) == (2, 1)


def test_held_searches_reach_the_cache_by_themselves(db, holding):
    holding.KINSHIP_SEARCH_HITS_SECONDS = 0.2
    hits.record("sleep")
    deadline = time.monotonic() + 10
    while cache.get(hits.LAST) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cache.get(hits.LAST) == 1  # another process's flush would find it now


def test_a_full_batch_is_stored_at_once(db, holding, monkeypatch):
    monkeypatch.setattr(hits, "BATCH", 3)
    for q in ["a", "b", "c"]:
        hits.record(q)
    assert cache.get(hits.LAST) == 3


def test_cached_results_pages_are_counted_while_held(blog_index, client, settings, holding):
    settings.KINSHIP_PAGE_CACHE = True
    make_post(blog_index, title="Sleep")
    answers = [client.get("/search/", {"q": "sleep"})["X-Kinship-Cache"] for _ in range(4)]
    assert answers[-1] == "hit"
    assert cache.get(hits.LAST) is None
    hits.flush()
    assert logged("sleep") == 4
