"""Did you mean…? Trigram suggestions from the vocabulary of live, public posts (PostgreSQL)."""

import html
import re
from urllib.parse import parse_qsl

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.search.models import IndexEntry

from search import vocabulary
from search.models import Document, Word
from tests.factories import CategoryFactory, make_post, publish_approved
from tests.search.helpers import body, result_urls, search

DID_YOU_MEAN_RE = re.compile(r'Did you mean <a href="\?([^"]*)">')


def suggestion(client, q, **params):
    """The parameters of the did-you-mean link, or None."""
    match = DID_YOU_MEAN_RE.search(search(client, q, **params).content.decode())
    return dict(parse_qsl(html.unescape(match.group(1)))) if match else None


@pytest.fixture
def posts(blog_index):
    return [
        make_post(
            blog_index,
            title="Relapse prevention",
            body=body("<p>Meditation helps many people.</p>"),
            categories=[CategoryFactory(name="Wellbeing", slug="wellbeing")],
        ),
        make_post(blog_index, title="Sleep", body=body("<p>Meditation before bed.</p>")),
    ]


def test_a_misspelt_word_gets_a_suggestion_that_finds_results(posts, client):
    link = suggestion(client, "relaspe")
    assert link == {"q": "relapse"}
    assert result_urls(search(client, **link)) == [posts[0].url]
    page = search(client, "relaspe").content.decode()
    assert 'Did you mean <a href="?q=relapse">relapse</a>?' in page


def test_only_unknown_words_are_replaced_and_filters_are_kept(posts, client):
    link = suggestion(client, "Relapse preventon", category="wellbeing")
    assert link == {"q": "Relapse prevention", "category": "wellbeing"}


def test_known_words_and_other_forms_of_them_get_no_suggestion(posts, client):
    assert suggestion(client, "relapse") is None
    assert suggestion(client, "meditating") is None  # stem of "meditation"'s family
    assert suggestion(client, "Relapses prevented") is None
    assert suggestion(client, "the") is None  # stop word


def test_nothing_close_enough_gets_no_suggestion(posts, client):
    assert suggestion(client, "xylophone") is None


def test_published_words_join_and_unpublished_words_leave(blog_index, posts, client):
    post = make_post(blog_index, title="Kintsugi", body=body("<p>Golden repair.</p>"))
    assert suggestion(client, "kintsgi") == {"q": "kintsugi"}

    post.unpublish()
    assert suggestion(client, "kintsgi") is None
    assert not Word.objects.filter(word="kintsugi").exists()


def test_a_word_stays_while_another_live_post_uses_it(blog_index, posts, client):
    first = make_post(blog_index, title="Kintsugi one")
    second = make_post(blog_index, title="Kintsugi two")
    assert Word.objects.get(word="kintsugi").documents == 2

    first.unpublish()
    assert Word.objects.get(word="kintsugi").documents == 1
    second.delete()
    assert not Word.objects.filter(word="kintsugi").exists()


def test_a_new_revision_replaces_the_posts_words(blog_index, posts, client):
    post = make_post(blog_index, title="Kintsugi", summary="Golden repair.")
    post.title = "Wabi sabi"
    publish_approved(post)

    assert suggestion(client, "kintsgi") is None
    assert suggestion(client, "wabbi") == {"q": "wabi"}


def test_drafts_never_reach_the_vocabulary(blog_index, posts, client):
    make_post(blog_index, title="Quokka draft", publish=False)
    live = make_post(blog_index, title="Visible")
    live.title = "Wombat draft title"
    live.save_revision()

    assert not Word.objects.filter(word__in=["quokka", "wombat"]).exists()
    assert suggestion(client, "quokkas") is None


def test_rebuild_matches_the_incremental_vocabulary(blog_index, posts):
    make_post(blog_index, title="Kintsugi and relapse")
    incremental = dict(Word.objects.values_list("word", "documents"))
    assert incremental["relapse"] == 2

    Word.objects.all().delete()
    assert vocabulary.rebuild() == len(incremental)
    assert dict(Word.objects.values_list("word", "documents")) == incremental
    assert Word.objects.get(word="relapse").lexeme == "relaps"


def test_rebuild_command_restores_the_index_and_the_vocabulary(posts, client):
    IndexEntry.objects.all().delete()
    Document.objects.all().delete()
    Word.objects.all().delete()
    assert result_urls(search(client, "relapse")) == []

    call_command("rebuild_search_index", verbosity=0)

    assert result_urls(search(client, "relapse")) == [posts[0].url]
    assert suggestion(client, "relaspe") == {"q": "relapse"}


def test_the_suggestion_lookup_can_use_the_trigram_index(posts):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + vocabulary.SUGGEST_SQL, [["relaspe"], "english"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_word_word_trgm" in plan
