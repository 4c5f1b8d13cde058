"""Compare in one click: on each revision row of a page's history (the action cell override,
templates/wagtailadmin/generic/history/action_cell.html), and from the editor's status side
panel: the last approved version, or the live one, against the latest revision."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.urls import reverse

from blog.models import BlogPage
from editorial.models import ClinicalApproval
from tests.factories import clinician, user_in_group

pytestmark = pytest.mark.django_db

PREVIOUS = "Compare with previous version"
CURRENT = "Compare with current version"
LAST_APPROVED = "Compare with the last approved version"
LIVE = "Compare with live version"


@pytest.fixture
def editor_client(client, db):
    client.force_login(user_in_group("editor-1", "Editors"))
    return client


def edit(post, summary):
    """An editor's saved draft: a new revision, logged as the editor logs it."""
    draft = BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    draft.summary = summary
    return draft.save_revision(log_action=True)


def approve_latest(post):
    # The post's publish commits before a later approval (the publish-rule trigger runs at
    # commit; a test's transaction never commits).
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    revision = BlogPage.objects.get(pk=post.pk).get_latest_revision()
    return ClinicalApproval.objects.record(revision, clinician())


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def in_a_dropdown(tag):
    return any("w-dropdown" in (parent.get("data-controller") or "") for parent in tag.parents)


def links(html, text):
    return [a for a in html.find_all("a") if a.get_text(strip=True) == text]


# --- History ---------------------------------------------------------------------------------


def compare_url(post, a, b):
    return reverse("wagtailadmin_pages:revisions_compare", args=[post.pk, a, b])


def test_history_rows_show_compare_links_outside_the_menu(editor_client, post):
    published = post.live_revision_id
    first = edit(post, "First change.")
    second = edit(post, "Second change.")
    html = soup(editor_client, reverse("wagtailadmin_pages:history", args=[post.pk]))

    # Each edit row compares with the version before it; the older one also with the latest.
    previous = links(html, PREVIOUS)
    current = links(html, CURRENT)
    assert sorted(a["href"] for a in previous) == sorted(
        [compare_url(post, published, first.pk), compare_url(post, first.pk, second.pk)]
    )
    assert [a["href"] for a in current] == [compare_url(post, first.pk, "latest")]
    for link in [*previous, *current]:
        assert not in_a_dropdown(link)
        assert editor_client.get(link["href"]).status_code == 200

    # The other actions stay in the row's "…" menu.
    preview = links(html, "Preview")
    assert len(preview) == 2 and all(in_a_dropdown(link) for link in preview)


# --- The status side panel ---------------------------------------------------------------


def panel_link(client, post):
    """The link of the clinical review row of the editor's status side panel, or None."""
    html = soup(client, reverse("wagtailadmin_pages:edit", args=[post.pk]))
    rows = [row for row in html.find_all("section") if "Clinical review:" in row.get_text()]
    assert len(rows) == 1
    # The row's section and, under it, the compare link: one item of the panel.
    return rows[0].parent.find("a")


def test_side_panel_compares_an_edit_with_the_last_approved_version(editor_client, post):
    approval = ClinicalApproval.objects.latest_for(post)
    edit(post, "Changed after the approval.")
    link = panel_link(editor_client, post)
    assert link.get_text(strip=True) == LAST_APPROVED
    assert link["href"] == compare_url(post, approval.revision_id, "latest")
    response = editor_client.get(link["href"])
    assert response.status_code == 200
    assert b"Changed after the approval." in response.content


def test_side_panel_compares_an_approved_unpublished_edit_with_live(editor_client, post):
    edit(post, "Approved, not yet published.")
    approve_latest(post)
    link = panel_link(editor_client, post)
    assert link.get_text(strip=True) == LIVE
    assert link["href"] == compare_url(post, "live", "latest")
    assert editor_client.get(link["href"]).status_code == 200


def test_side_panel_has_no_compare_link_when_nothing_changed(editor_client, post):
    assert panel_link(editor_client, post) is None
