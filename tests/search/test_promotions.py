"""Editors' control of search: promoted results, the query log and its report, permissions."""

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from search import hits as search_hits
from tests.factories import CategoryFactory, make_post, user_in_group
from tests.search.helpers import search


@pytest.fixture
def promoted(blog_index):
    make_post(blog_index, title="Crisis lines and help")
    post = make_post(blog_index, title="Where to start", summary="Our guide for the first week.")
    query = Query.get("Getting help")
    SearchPromotion.objects.create(query=query, page=post, description="Start here.", sort_order=0)
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://988lifeline.org/",
        external_link_text="988 Suicide & Crisis Lifeline",
        sort_order=1,
    )
    return post


def recommended(response):
    html = response.content.decode()
    if "Recommended" not in html:
        return ""
    start = html.index('<section class="search-promotions"')
    return html[start : html.index("</section>", start)]


def test_promoted_pages_and_links_come_first_for_their_query(promoted, client):
    section = recommended(search(client, "getting  HELP"))
    assert f'<a href="{promoted.url}">Where to start</a>' in section
    assert "Start here." in section
    assert '<a href="https://988lifeline.org/">988 Suicide &amp; Crisis Lifeline</a>' in section
    assert section.index(promoted.url) < section.index("988lifeline")

    assert recommended(search(client, "help")) == ""


def test_promotions_show_on_the_first_page_only(blog_index, promoted, client):
    for i in range(11):
        make_post(blog_index, title=f"Getting help {i}")
    assert recommended(search(client, "getting help"))
    assert recommended(search(client, "getting help", page=2)) == ""


def test_promoted_pages_readers_cannot_see_are_left_out(promoted, client):
    PageViewRestriction.objects.create(
        page=promoted, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    section = recommended(search(client, "getting help"))
    assert promoted.url not in section and "988lifeline" in section

    promoted.unpublish()
    assert promoted.url not in recommended(search(client, "getting help"))


def hits(query_string):
    # Searches are counted in the cache and written in batches (search/hits.py).
    search_hits.flush()
    query = Query.objects.filter(query_string=query_string).first()
    return query.hits if query else 0


def test_each_search_typed_is_logged_once(blog_index, client):
    make_post(blog_index, title="Sleep", categories=[CategoryFactory(slug="rest")])
    search(client, "Sleep")
    search(client, "  sleep ")
    assert hits("sleep") == 2

    # Refinements of the same search are not new searches.
    search(client, "sleep", page=2)
    search(client, "sleep", category="rest")
    assert hits("sleep") == 2


def test_empty_and_unsearchable_queries_are_not_logged(blog_index, client):
    search(client, "")
    search(client, "?!")
    search_hits.flush()
    assert not Query.objects.exists()


def test_editors_manage_promotions_and_read_the_search_terms_report(site_tree, client):
    Query.get("sleep").add_hit()
    client.force_login(user_in_group("ed", "Editors"))

    assert client.get(reverse("wagtailsearchpromotions:index")).status_code == 200
    assert client.get(reverse("wagtailsearchpromotions:add")).status_code == 200
    report = client.get(reverse("popular_search_terms"))
    assert report.status_code == 200
    assert "sleep" in report.content.decode()
    # The reports menu leads editors to this report, not to Wagtail's superuser-only one.
    dashboard = client.get("/admin/").content.decode()
    assert reverse("popular_search_terms") in dashboard
    assert reverse("wagtailsearchpromotions:search_terms") not in dashboard


def test_writers_are_refused(site_tree, client):
    client.force_login(user_in_group("wr", "Writers"))

    # Wagtail answers a refused admin page with a redirect to the dashboard and a message.
    for name in [
        "wagtailsearchpromotions:index",
        "wagtailsearchpromotions:add",
        "popular_search_terms",
    ]:
        response = client.get(reverse(name))
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert reverse("popular_search_terms") not in client.get("/admin/").content.decode()


def test_superusers_keep_wagtails_own_report(site_tree, client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("wagtailsearchpromotions:search_terms")).status_code == 200
    assert client.get(reverse("popular_search_terms")).status_code == 200
