"""The search page: results, highlighting, filters, pagination, the empty state and bad input."""

import re

import pytest

from tests.factories import AuthorFactory, CategoryFactory, make_image, make_post
from tests.reading import count_queries
from tests.search.helpers import body, found, query_links, result_urls, search


def test_a_result_shows_title_category_authors_date_and_marked_summary(blog_index, client):
    post = make_post(
        blog_index,
        title="Relapse is not the end",
        summary="Why a relapse can be part of recovery.",
        authors=[AuthorFactory(name="Dana Whitlow"), AuthorFactory(name="Lee Park")],
        categories=[CategoryFactory(name="Relapse prevention")],
    )
    html = search(client, "relapse").content.decode()

    assert result_urls(search(client, "relapse")) == [post.url]
    assert f'<a href="{post.url}"><mark>Relapse</mark> is not the end</a>' in html
    assert "Why a <mark>relapse</mark> can be part of recovery." in html
    assert "Relapse prevention" in html
    assert "By Dana Whitlow, Lee Park" in html
    assert post.first_published_at.strftime("%Y-%m-%d") in html


def test_an_excerpt_of_the_matching_text_when_the_summary_does_not_match(blog_index, client):
    make_post(
        blog_index,
        title="Evenings",
        summary="How the week ends.",
        body=body(
            "<p>"
            + "Filler words about the week. " * 20
            + "Our group keeps a gratitude journal together.</p>"
        ),
    )
    html = search(client, "journals").content.decode()

    assert "keeps a gratitude <mark>journal</mark> together" in html
    assert "How the week ends." not in html
    assert "… " in html  # the excerpt starts mid-text


def test_markup_in_content_is_escaped_and_never_marked_inside(blog_index, client):
    make_post(
        blog_index,
        title="Amp <b>up</b> & connect",
        summary="Tips & tricks <script>alert(1)</script>",
    )
    html = search(client, "amp").content.decode()

    assert "<b>up</b>" not in html and "<script>alert(1)</script>" not in html
    assert "<mark>Amp</mark> &lt;b&gt;up&lt;/b&gt; &amp; connect" in html
    assert "&<mark>amp</mark>;" not in html


def test_ten_results_per_page_and_pagination_keeps_the_query(blog_index, client):
    for i in range(12):
        make_post(blog_index, title=f"Breathing exercise {i}")

    first = search(client, "breathing")
    assert len(result_urls(first)) == 10
    assert "12 results, page 1 of 2" in first.content.decode()
    assert {"q": "breathing", "page": "2"} in query_links(first)
    assert len(result_urls(search(client, "breathing", page=2))) == 2


def test_category_filter_keeps_the_query_and_counts_results_per_topic(blog_index, client):
    sleep = CategoryFactory(name="Sleep", slug="sleep")
    family = CategoryFactory(name="Family", slug="family")
    in_sleep = make_post(blog_index, title="Routine at night", categories=[sleep])
    in_family = make_post(blog_index, title="Routine at home", categories=[family])
    make_post(blog_index, title="Routine at home again", categories=[family])
    make_post(blog_index, title="Unrelated", categories=[sleep])

    html = search(client, "routine").content.decode()
    assert 'category=family">Family <span class="topic-list__count">(2)' in html
    assert 'category=sleep">Sleep <span class="topic-list__count">(1)' in html

    filtered = search(client, "routine", category="sleep")
    assert result_urls(filtered) == [in_sleep.url]
    assert in_family.url not in result_urls(filtered)
    # The topic links and "search all" keep the query; the form keeps the filter for a new query.
    links = query_links(filtered)
    assert {"q": "routine", "category": "family"} in links
    assert {"q": "routine"} in links
    assert "Search all articles" in filtered.content.decode()
    assert '<input type="hidden" name="category" value="sleep">' in filtered.content.decode()


def test_author_filter_keeps_the_query_through_pagination(blog_index, client):
    author = AuthorFactory(name="Robin Vale", slug="robin-vale")
    theirs = [make_post(blog_index, title=f"Cravings {i}", authors=[author]) for i in range(11)]
    make_post(blog_index, title="Cravings elsewhere")

    first = search(client, "cravings", author="robin-vale")
    html = first.content.decode()
    assert len(result_urls(first)) == 10
    assert "by <strong>Robin Vale</strong>" in html
    assert {"q": "cravings", "author": "robin-vale", "page": "2"} in query_links(first)
    assert '<input type="hidden" name="author" value="robin-vale">' in html
    second = search(client, "cravings", author="robin-vale", page=2)
    assert set(result_urls(first) + result_urls(second)) == {p.url for p in theirs}


@pytest.mark.parametrize(
    "params",
    [
        {"category": "no-such-topic"},
        {"author": "nobody"},
        {"category": "<script>"},
        {"author": "a\x00b"},
        {"category": "x" * 500},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
    ],
)
def test_unknown_or_malformed_filters_are_ignored(blog_index, client, params):
    post = make_post(blog_index, title="Journaling")
    response = search(client, "journaling", **params)
    assert result_urls(response) == [post.url]
    assert "<script>" not in response.content.decode()


MALFORMED = [
    "",
    "   ",
    "x" * 2000,
    "recovery " * 300,
    "!!!",
    "?*&|",
    "()[]{}<>",
    "'",
    '"',
    '""',
    "'''",
    '"unbalanced quote',
    'peer "support',
    "don't",
    "self-care",
    "- -- ---",
    "!recovery & | :*",
    "title:recovery",
    "recovery:*",
    "\\",
    "%_%",
    "NOT AND OR NEAR",
    "'; DROP TABLE wagtailcore_page; --",
    "1 OR 1=1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "recovery\x00",
    "\x00",
    "ünïcödé 恢复 восстановление 🌱",
    "\u202e\u200b",
]


@pytest.mark.parametrize("q", MALFORMED)
def test_malformed_queries_return_200_with_escaped_output(blog_index, client, q):
    make_post(blog_index, title="Recovery and self-care", summary="Peer support, don't worry.")
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_a_long_query_is_cut_not_refused(blog_index, client):
    post = make_post(blog_index, title="Gardening")
    response = search(client, "gardening " + "x" * 2000)
    assert response.status_code == 200
    assert 'maxlength="200"' in response.content.decode()
    assert result_urls(search(client, "gardening " * 30)) == [post.url]


def test_no_query_shows_topics_and_the_newest_posts(blog_index, client):
    topic = CategoryFactory(name="Aftercare", slug="aftercare")
    newest = make_post(blog_index, title="The newest article", categories=[topic])
    html = search(client).content.decode()

    assert "Browse by topic" in html
    assert 'href="/blog/category/aftercare/"' in html
    assert "Newest articles" in html and newest.url in html
    assert "No articles matched" not in html


def test_no_results_explain_and_suggest_topics_and_newest_posts(blog_index, client):
    CategoryFactory(name="Aftercare", slug="aftercare")
    newest = make_post(blog_index, title="The newest article", categories=[])
    make_post(blog_index, title="Filed", categories=[CategoryFactory(name="Family", slug="fam")])
    html = search(client, "xylophone").content.decode()

    assert "No articles matched “xylophone”." in html
    assert 'href="/blog/category/fam/"' in html
    assert 'href="/blog/category/aftercare/"' not in html  # no visible posts in it
    assert newest.url in html


def test_only_punctuation_asks_for_a_word(blog_index, client):
    html = search(client, "?!").content.decode()
    assert "Type a word to search for." in html


def test_every_page_has_a_labelled_search_box_wired_to_autocomplete(home, blog_index, client):
    post = make_post(blog_index, title="Any article")
    for url in ["/", "/blog/", post.url, "/search/?q=any"]:
        html = client.get(url).content.decode()
        assert '<form class="site-search" role="search" action="/search/"' in html
        assert '<label class="visually-hidden" for="site-search-q">' in html
        assert 'data-autocomplete-url="/search/autocomplete/"' in html
        assert "/static/js/search-autocomplete.js" in html


def make_rich_post(blog_index, title, n):
    return make_post(
        blog_index,
        title=title,
        summary="A summary without the word.",
        body=body(f"<p>Text about mindfulness, number {n}.</p>"),
        authors=[AuthorFactory(), AuthorFactory()],
        categories=[CategoryFactory(), CategoryFactory()],
        tags=[f"tag-{n}-a", f"tag-{n}-b"],
        listing_image=make_image(f"{title} image"),
    )


def test_query_count_does_not_grow_with_the_results_shown(
    blog_index, client, django_assert_max_num_queries
):
    for n in range(2):
        make_rich_post(blog_index, f"Small {n}", n)
    assert len(found(client, "mindfulness")) == 2
    baseline = count_queries(client, "/search/", {"q": "mindfulness"})

    for n in range(2, 15):
        make_rich_post(blog_index, f"Large {n}", n)
    client.get("/search/", {"q": "mindfulness"})
    with django_assert_max_num_queries(baseline):
        response = client.get("/search/", {"q": "mindfulness"})
    assert len(result_urls(response)) == 10
    assert len(re.findall(r"<mark>mindfulness</mark>", response.content.decode())) == 10
