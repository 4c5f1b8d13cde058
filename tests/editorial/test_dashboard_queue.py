"""The dashboard's "Awaiting your review" panel (editorial/dashboard.py) and the action view
its clinical-review buttons post to (editorial/review.py ReviewAction)."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import TaskState

from blog.authors import Author
from editorial.dashboard import AwaitingReviewPanel
from editorial.models import ClinicalApproval
from tests.factories import make_post, user_in_group

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("wagtailadmin_home")


@pytest.fixture
def writer(db):
    return user_in_group("wren", "Writers", first_name="Wren", last_name="Writer")


@pytest.fixture
def reviewer(db):
    user = user_in_group("maya", "Clinical reviewers", first_name="Maya")
    Author.objects.create(name="Maya Castillo", credentials="LCSW, CADC", user=user)
    return user


@pytest.fixture
def editor(db):
    return user_in_group("eddie", "Editors", first_name="Eddie")


def waiting(blog_index, writer, title):
    """A new post, submitted by `writer`: waiting for clinical review."""
    post = make_post(blog_index, title=title, publish=False, owner=writer)
    post.save_revision(user=writer)
    post.get_workflow().start(post, writer)
    return post


def clinically_approved(blog_index, writer, reviewer, title):
    """A post past clinical review, waiting for the editors."""
    post = waiting(blog_index, writer, title)
    state = post.current_workflow_task_state
    state.task.specific.on_action(state, reviewer, "approve")
    return post


def rows(response):
    soup = BeautifulSoup(response.text, "html.parser")
    panel = soup.find(id="awaiting-review-section")
    return {row.find("td", class_="title").get_text(strip=True): row for row in panel.tbody("tr")}


def action_url(post, action):
    state = post.current_workflow_task_state
    return reverse("editorial_review_action", args=[post.pk, action, state.pk])


def message_texts(response):
    return [re.sub(r"\s+", " ", str(m.message)).strip() for m in response.context["messages"]]


# The panel


def test_wagtails_panel_is_replaced_by_kinships(client, blog_index, writer, reviewer):
    waiting(blog_index, writer, "Peer support")
    client.force_login(reviewer)
    response = client.get(DASHBOARD)
    panels = response.context["panels"]
    assert any(isinstance(panel, AwaitingReviewPanel) for panel in panels)
    assert not any(type(panel) is WorkflowObjectsToModeratePanel for panel in panels)
    assert response.text.count('id="awaiting-review-section"') == 1


def test_a_clinicians_title_opens_the_review_page(client, blog_index, writer, reviewer):
    post = waiting(blog_index, writer, "Peer support")
    client.force_login(reviewer)
    row = rows(client.get(DASHBOARD))["Peer support"]
    assert row.find("td", class_="title").a["href"] == reverse("editorial_review", args=[post.pk])


def test_a_clinicians_main_actions_are_visible_buttons(client, blog_index, writer, reviewer):
    post = waiting(blog_index, writer, "Peer support")
    client.force_login(reviewer)
    row = rows(client.get(DASHBOARD))["Peer support"]
    dropdown = row.find(attrs={"data-controller": "w-dropdown"})
    visible = [
        button
        for button in row("button", attrs={"data-workflow-action-url": True})
        if dropdown not in button.parents
    ]
    assert [b.get_text(strip=True) for b in visible] == ["Approve", "Request changes"]
    assert [b["data-workflow-action-url"] for b in visible] == [
        action_url(post, "approve"),
        action_url(post, "reject"),
    ]
    assert not visible[0].has_attr("data-launch-modal")  # approves at once
    assert visible[1].has_attr("data-launch-modal")  # asks what needs to change
    # The rest stays in the menu: approving with a comment, and the preview. Clinicians have
    # no editor and no compare view, so neither is offered.
    in_menu = [item.get_text(strip=True) for item in dropdown(["a", "button"])]
    assert "Approve with comment" in in_menu and "Preview" in in_menu
    assert "Edit" not in in_menu and not any("Compare" in item for item in in_menu)


def test_an_editors_rows_keep_wagtails_links_and_menu(client, blog_index, writer, reviewer, editor):
    post = clinically_approved(blog_index, writer, reviewer, "Peer support")
    client.force_login(editor)
    row = rows(client.get(DASHBOARD))["Peer support"]
    assert row.find("td", class_="title").a["href"] == reverse(
        "wagtailadmin_pages:edit", args=[post.pk]
    )
    state = post.current_workflow_task_state
    urls = [
        b["data-workflow-action-url"]
        for b in row("button", attrs={"data-workflow-action-url": True})
    ]
    assert urls and all(
        url.startswith(f"/admin/pages/workflow/action/{post.pk}/") and url.endswith(f"/{state.pk}/")
        for url in urls
    )
    assert row.find(attrs={"data-controller": "w-dropdown"}).find("a", string="Edit")


def test_the_task_column_shows_each_steps_status(client, blog_index, writer, reviewer, editor):
    clinically_approved(blog_index, writer, reviewer, "Peer support")
    client.force_login(editor)
    row = rows(client.get(DASHBOARD))["Peer support"]
    tooltips = [
        span["data-w-tooltip-content-value"]
        for span in row.find("td", class_="tasks")("span", attrs={"data-controller": "w-tooltip"})
    ]
    assert tooltips == ["Clinical review: Approved", "Editorial approval: In progress"]


def test_the_panel_costs_the_same_however_many_posts_wait(
    client, blog_index, writer, reviewer, django_assert_max_num_queries
):
    waiting(blog_index, writer, "Waiting 0")
    client.force_login(reviewer)
    client.get(DASHBOARD)  # warm the caches a first request fills
    with CaptureQueriesContext(connection) as one_waiting:
        assert len(rows(client.get(DASHBOARD))) == 1
    for n in range(1, 5):
        waiting(blog_index, writer, f"Waiting {n}")
    with django_assert_max_num_queries(len(one_waiting)):
        response = client.get(DASHBOARD)
    assert len(rows(response)) == 5


# Acting from the dashboard


def test_approving_from_the_dashboard_says_so_and_links_the_next_post(
    client, blog_index, writer, reviewer
):
    post = waiting(blog_index, writer, "Peer support")
    following = waiting(blog_index, writer, "Walking together")
    client.force_login(reviewer)
    # As Wagtail's dashboard script posts it: the token and `next`, the dashboard.
    response = client.post(action_url(post, "approve"), {"next": DASHBOARD}, follow=True)
    assert response.redirect_chain[-1][0] == DASHBOARD
    assert ClinicalApproval.objects.latest_for(post).reviewer == reviewer
    [message] = message_texts(response)
    assert message.startswith(
        "Approved “Peer support” — clinically reviewed by Maya Castillo, LCSW, CADC."
    )
    next_url = reverse("editorial_review", args=[following.pk])
    assert re.search(rf'href="{next_url}"[^>]*>\s*Next in your queue: Walking together', message)
    assert list(rows(response)) == ["Walking together"]


def test_the_last_approval_has_no_next_link(client, blog_index, writer, reviewer):
    post = waiting(blog_index, writer, "Peer support")
    client.force_login(reviewer)
    response = client.post(action_url(post, "approve"), {"next": DASHBOARD}, follow=True)
    [message] = message_texts(response)
    assert "Next in your queue" not in message


def test_requesting_changes_in_the_dashboards_dialog(client, blog_index, writer, reviewer):
    post = waiting(blog_index, writer, "Peer support")
    url = action_url(post, "reject")
    client.force_login(reviewer)
    ajax = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    # The dialog asks what needs to change, posts back to the same view, and refuses a blank.
    dialog = json.loads(client.get(url, **ajax).content)
    assert f'action="{url}"' in dialog["html"] and "What needs to change?" in dialog["html"]
    blank = json.loads(client.post(url, {"comment": "", "next": DASHBOARD}, **ajax).content)
    assert blank["step"] == "action"
    assert post.current_workflow_task_state.status == "in_progress"

    done = client.post(url, {"comment": "Cite the guidance.", "next": DASHBOARD}, **ajax)
    assert json.loads(done.content) == {"step": "success", "redirect": DASHBOARD}
    assert TaskState.objects.get(workflow_state__object_id=str(post.pk)).status == "rejected"
    assert message_texts(client.get(DASHBOARD)) == [
        "Changes requested on “Peer support”; Wren Writer has been told."
    ]


def test_without_next_the_clinician_returns_to_the_dashboard(client, blog_index, writer, reviewer):
    post = waiting(blog_index, writer, "Peer support")
    client.force_login(reviewer)
    response = client.post(action_url(post, "approve"))
    assert response["Location"] == DASHBOARD  # not the editor, which clinicians never get


@pytest.mark.parametrize("role", ["Writers", "Editors", "Moderators"])
def test_other_roles_cannot_act_through_it(client, blog_index, writer, role):
    post = waiting(blog_index, writer, "Peer support")
    client.force_login(user_in_group("someone", role))
    response = client.post(action_url(post, "approve"), {"next": DASHBOARD})
    assert response.status_code == 302
    assert post.current_workflow_task_state.status == "in_progress"
    assert not ClinicalApproval.objects.filter(page=post).exists()


def test_a_task_state_of_another_page_is_not_found(client, blog_index, writer, reviewer):
    post = waiting(blog_index, writer, "Peer support")
    other = waiting(blog_index, writer, "Other")
    client.force_login(reviewer)
    forged = reverse(
        "editorial_review_action", args=[post.pk, "approve", other.current_workflow_task_state.pk]
    )
    assert client.post(forged).status_code == 404
    assert not ClinicalApproval.objects.exists()


def test_an_editorial_task_is_not_found_through_it(client, blog_index, writer, reviewer, editor):
    post = clinically_approved(blog_index, writer, reviewer, "Peer support")
    client.force_login(editor)
    assert client.post(action_url(post, "approve")).status_code == 404
    assert post.current_workflow_task_state.task.name == "Editorial approval"


def test_an_unknown_task_state_is_not_found(client, blog_index, writer, reviewer):
    post = waiting(blog_index, writer, "Peer support")
    client.force_login(reviewer)
    url = reverse("editorial_review_action", args=[post.pk, "approve", 987654])
    assert client.post(url).status_code == 404
