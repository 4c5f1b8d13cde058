"""Search that costs the same at any size: one ranked statement per results page, a capped
candidate set for broad words, did-you-mean only for few results, and a vocabulary update
that never scans (PostgreSQL)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import ranked, vocabulary
from search.models import Document
from search.query import parse
from tests.factories import CategoryFactory, make_post
from tests.search.helpers import body, found, result_urls, search


def statements(client, q, **params):
    client.get("/search/", {"q": q, **params})  # warm: renditions, content types
    with CaptureQueriesContext(connection) as ctx:
        search(client, q, **params)
    return [query["sql"] for query in ctx.captured_queries]


def make_posts(blog_index, count, start=0, **kwargs):
    text = body("<p>Recovery takes time.</p>")
    return [
        make_post(blog_index, title=f"Evening {n}", body=text, **kwargs)
        for n in range(start, start + count)
    ]


def test_one_ranked_statement_gives_the_page_the_total_and_the_topic_counts(blog_index, client):
    topic = CategoryFactory(name="Rest", slug="rest")
    make_posts(blog_index, 12, categories=[topic])
    sql = statements(client, "recovery", category="rest", page="2")

    assert sum(Document._meta.db_table in statement for statement in sql) == 1
    # Wagtail's backend ran a search, a count and a facet query, each with its own tsquery.
    assert sum("tsquery(" in statement for statement in sql) == 1


def test_queries_do_not_grow_with_the_number_of_matching_posts(
    blog_index, client, django_assert_max_num_queries
):
    make_posts(blog_index, 3)
    few = len(statements(client, "recovery"))
    make_posts(blog_index, 30, start=3)

    client.get("/search/", {"q": "recovery"})
    with django_assert_max_num_queries(few):
        response = search(client, "recovery")
    assert "33 results, page 1 of 4" in response.content.decode()


def test_a_broad_word_ranks_a_capped_set_and_pages_through_every_match(
    blog_index, client, monkeypatch
):
    monkeypatch.setattr(ranked, "CANDIDATES", 4)
    in_body = make_posts(blog_index, 13)
    in_title = make_post(blog_index, title="Recovery at night", body=body("<p>Rest.</p>"))

    pages = [found(client, "recovery", page=n) for n in (1, 2)]
    assert pages[0][0] == in_title.url
    assert (len(pages[0]), len(pages[1])) == (10, 4)
    everything = pages[0] + pages[1]
    assert sorted(everything) == sorted([in_title.url] + [p.url for p in in_body])
    assert "14 results, page 1 of 2" in search(client, "recovery").content.decode()


def test_did_you_mean_is_asked_only_when_results_are_few(blog_index, client, monkeypatch):
    make_posts(blog_index, 2)
    asked = []
    monkeypatch.setattr(vocabulary, "suggest", lambda query: asked.append(query))

    search(client, "recovery")
    assert asked == ["recovery"]
    make_posts(blog_index, 5, start=2)
    search(client, "recovery")
    assert asked == ["recovery"]


def test_posts_past_their_expiry_or_made_private_are_left_out_at_once(blog_index, client):
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Page, PageViewRestriction

    kept, expired, private = make_posts(blog_index, 3)
    # Time has passed its expiry time (stored on the page and its document), and the
    # scheduler has not unpublished it yet.
    past = timezone.now() - timedelta(minutes=1)
    Page.objects.filter(pk=expired.pk).update(expire_at=past)
    Document.objects.filter(pk=expired.pk).update(expire_at=past)
    # A restriction added after publishing: no post is refreshed, the query checks paths.
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert found(client, "recovery") == [kept.url]


def test_a_moved_post_is_found_by_its_new_place_in_the_tree(home, blog_index, client):
    from wagtail.models import PageViewRestriction

    from blog.models import BlogIndexPage

    other = home.add_child(instance=BlogIndexPage(title="Members", slug="members"))
    post = make_posts(blog_index, 1)[0]
    post.move(other, pos="last-child")
    post.refresh_from_db()

    assert Document.objects.get(pk=post.pk).path == post.path
    PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert result_urls(search(client, "recovery")) == []


def test_the_vocabulary_drops_unused_words_by_primary_key(blog_index):
    post = make_post(blog_index, title="Quokka", body=body("<p>Wombat.</p>"))
    with CaptureQueriesContext(connection) as ctx:
        post.unpublish()
    deletes = [q["sql"] for q in ctx.captured_queries if "DELETE FROM search_word" in q["sql"]]
    assert deletes and all(" WHERE id = ANY(" in sql for sql in deletes)
    assert not vocabulary.Word.objects.filter(word__in=["quokka", "wombat"]).exists()

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN DELETE FROM search_word WHERE id = ANY(%s)", [[1, 2]])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_word_pkey" in plan and "trgm" not in plan


def test_the_best_match_leads_however_many_newer_posts_match(blog_index, client, monkeypatch):
    monkeypatch.setattr(ranked, "CANDIDATES", 4)
    oldest = make_post(blog_index, title="Recovery at night", body=body("<p>Rest.</p>"))
    make_posts(blog_index, 12)  # newer, the word only in their text
    assert found(client, "recovery")[0] == oldest.url


def test_a_repeated_search_takes_its_counts_from_the_cache_until_a_post_changes(blog_index, client):
    from search import counts

    make_posts(blog_index, 2)
    assert "2 results" in search(client, "recovery").content.decode()
    sql, params = ranked.statement(parse("recovery"), 0, 10)
    name = counts.key(sql, {k: v for k, v in params.items() if k not in ranked.PAGING})
    assert counts.get(name) == (2, {})
    counts.put(name, 7, {})  # what the statement would now skip counting
    assert "7 results" in search(client, "recovery").content.decode()

    make_posts(blog_index, 1, start=2)  # its document refreshed: every kept count ends
    assert counts.get(name) is None
    assert "3 results" in search(client, "recovery").content.decode()
