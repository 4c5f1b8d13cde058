"""Review freshness: the re-review interval setting, the "Clinical review
due" report, the scheduled posts report and the dashboard's editorial status panel."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blog.models import BlogPage
from editorial.models import ClinicalApproval, EditorialSettings
from editorial.review_freshness import (
    add_months,
    count_awaiting_review,
    count_due_for_review,
    count_scheduled,
    posts_due_for_review,
)
from tests.factories import clinician, make_post, user_in_group

REPORT_URL = "/admin/reports/clinical-review-due/"
SCHEDULED_URL = "/admin/reports/scheduled-posts/"


def published_before_the_rule(post):
    """Live content without any approval (published before the rule existed): the database's
    publish-rule check runs at commit, so commit the publish first, as it would have been."""
    connection.check_constraints()
    BlogPage.objects.filter(pk=post.pk).update(clinical_approval=None)


def reviewed_months_ago(post, months, now=None):
    """Backdate the clinical review covering `post`'s live content."""
    now = now or timezone.now()
    ClinicalApproval.objects.filter(pk=post.clinical_approval_id).update(
        approved_at=add_months(now, -months)
    )
    return post


def set_interval(months):
    setting = EditorialSettings.load()
    setting.clinical_review_interval_months = months
    setting.save()


def due_titles(**kwargs):
    return [post.title for post in posts_due_for_review(**kwargs)]


def row_ids(response):
    return [int(pk) for pk in re.findall(r'<tr data-page-id="(\d+)"', response.text)]


@pytest.fixture
def users(db):
    return {
        "writer": user_in_group("writer", "Writers"),
        "clinician": clinician("clinician"),
        "editor": user_in_group("editor", "Editors"),
        "moderator": user_in_group("moderator", "Moderators"),
        "admin": get_user_model().objects.create_superuser("admin", "admin@example.org", "pw"),
    }


def schedule(post_parent, title, editor, when=None):
    """A draft approved by a clinician and an editor to go live at `when` (in the future)."""
    post = make_post(post_parent, title=title, publish=False)
    post.go_live_at = when or timezone.now() + datetime.timedelta(days=3)
    revision = post.save_revision(user=editor)
    ClinicalApproval.objects.record(revision, clinician())
    revision.publish(user=editor)
    post.refresh_from_db()
    assert not post.live
    return post


def submit_for_review(post_parent, title, writer):
    post = make_post(post_parent, title=title, publish=False)
    post.save_revision(user=writer)
    workflow = post.get_workflow()
    workflow.start(post, writer)
    return post


# The setting


def test_interval_defaults_to_twelve_months(db):
    assert EditorialSettings.load().clinical_review_interval_months == 12
    assert EditorialSettings._meta.get_field("clinical_review_interval_months").default == 12


@pytest.mark.parametrize("months, valid", [(0, False), (1, True), (60, True), (61, False)])
def test_interval_is_between_one_and_sixty_months(db, months, valid):
    setting = EditorialSettings(clinical_review_interval_months=months)
    if valid:
        setting.full_clean()
    else:
        with pytest.raises(ValidationError):
            setting.full_clean()


def test_superuser_edits_the_interval_in_settings(client, users):
    client.force_login(users["admin"])
    response = client.get("/admin/settings/editorial/editorialsettings/", follow=True)
    assert response.status_code == 200
    assert "clinical re-review interval" in response.text.lower()
    response = client.post(
        response.redirect_chain[-1][0], {"clinical_review_interval_months": "18"}
    )
    assert response.status_code == 302
    assert EditorialSettings.load().clinical_review_interval_months == 18


# Which posts are due


def test_month_arithmetic_clamps_to_the_end_of_the_month():
    base = datetime.datetime(2024, 3, 31, 12, tzinfo=datetime.UTC)
    assert add_months(base, -1) == datetime.datetime(2024, 2, 29, 12, tzinfo=datetime.UTC)
    assert add_months(base, -13) == datetime.datetime(2023, 2, 28, 12, tzinfo=datetime.UTC)
    assert add_months(base, 12) == datetime.datetime(2025, 3, 31, 12, tzinfo=datetime.UTC)


def test_a_review_older_than_the_interval_is_due(blog_index):
    reviewed_months_ago(make_post(blog_index, title="Stale"), 13)
    reviewed_months_ago(make_post(blog_index, title="Fresh"), 1)
    assert due_titles() == ["Stale"]
    assert count_due_for_review() == 1


def test_changing_the_interval_changes_what_is_due(blog_index):
    reviewed_months_ago(make_post(blog_index, title="Thirteen"), 13)
    reviewed_months_ago(make_post(blog_index, title="Thirty"), 30)
    assert due_titles() == ["Thirty", "Thirteen"]
    set_interval(24)
    assert due_titles() == ["Thirty"]
    set_interval(1)
    reviewed_months_ago(make_post(blog_index, title="Two"), 2)
    assert due_titles() == ["Thirty", "Thirteen", "Two"]


def test_never_reviewed_first_then_oldest_review_first(blog_index):
    reviewed_months_ago(make_post(blog_index, title="Twenty"), 20)
    reviewed_months_ago(make_post(blog_index, title="Forty"), 40)
    reviewed_months_ago(make_post(blog_index, title="Fourteen"), 14)
    # Live content without any approval (e.g. published before the rule existed).
    never = make_post(blog_index, title="Never")
    published_before_the_rule(never)
    assert due_titles() == ["Never", "Forty", "Twenty", "Fourteen"]


def test_the_review_of_the_live_content_counts_not_a_newer_draft_approval(blog_index):
    post = reviewed_months_ago(make_post(blog_index, title="Edited"), 13)
    # A newer draft approved but not yet published: readers still see the old review.
    post.summary = "A fresher summary."
    ClinicalApproval.objects.record(post.save_revision(), clinician())
    assert due_titles() == ["Edited"]
    # Once that version goes live, its approval is the last review.
    post.get_latest_revision().publish()
    assert due_titles() == []


def test_unpublished_posts_are_never_listed(blog_index):
    draft = make_post(blog_index, title="Draft", publish=False)
    ClinicalApproval.objects.record(draft.save_revision(), clinician())
    ClinicalApproval.objects.filter(page=draft).update(approved_at=add_months(timezone.now(), -40))
    withdrawn = reviewed_months_ago(make_post(blog_index, title="Withdrawn"), 40)
    withdrawn.unpublish()
    assert due_titles() == []
    assert count_due_for_review() == 0


def test_the_query_is_one_query_with_the_approval_joined(blog_index, django_assert_num_queries):
    for months in (13, 14, 15):
        reviewed_months_ago(make_post(blog_index, title=f"Post {months}"), months)
    with django_assert_num_queries(1):
        posts = list(posts_due_for_review(months=12))
        names = [post.clinical_approval.reviewer_name for post in posts]
    assert names == ["Casey Reviewer"] * 3


# The report


@pytest.mark.parametrize("role", ["editor", "clinician", "admin"])
def test_the_report_lists_due_posts_for_editors_clinicians_and_superusers(
    client, users, blog_index, role
):
    stale = reviewed_months_ago(make_post(blog_index, title="Sharing in groups"), 13)
    older = reviewed_months_ago(make_post(blog_index, title="Sleep in early recovery"), 25)
    reviewed_months_ago(make_post(blog_index, title="Fresh advice"), 1)
    client.force_login(users[role])
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert "Clinical review due" in response.text
    assert row_ids(response) == [older.pk, stale.pk]
    assert "Fresh advice" not in response.text
    assert "Casey Reviewer" in response.text
    due_date = add_months(timezone.now(), -13).date()
    assert f'datetime="{due_date:%Y-%m-%d}' in response.text
    overdue = re.findall(r"<td>\s*([^<]+?)\s*<span", response.text.replace("\xa0", " "))
    # Reviewed 25 and 13 months ago with a 12-month interval (days may follow at month ends).
    assert [text.split(",")[0] for text in overdue] == ["1 year", "1 month"]


def test_titles_link_to_the_editor_or_for_clinicians_to_the_live_post(client, users, blog_index):
    post = reviewed_months_ago(make_post(blog_index, title="Linked"), 13)
    edit_url = reverse("wagtailadmin_pages:edit", args=[post.pk])
    client.force_login(users["editor"])
    assert f'href="{edit_url}"' in client.get(REPORT_URL).text
    client.force_login(users["clinician"])
    text = client.get(REPORT_URL).text
    assert f'href="{edit_url}"' not in text
    assert f'href="{post.url}"' in text


def test_a_never_reviewed_post_is_shown_as_such(client, users, blog_index):
    post = make_post(blog_index, title="Unreviewed")
    published_before_the_rule(post)
    client.force_login(users["editor"])
    response = client.get(REPORT_URL)
    assert row_ids(response) == [post.pk]
    assert "Never reviewed" in response.text


@pytest.mark.parametrize("role", ["writer", "moderator"])
def test_writers_and_moderators_are_refused(client, users, blog_index, role):
    reviewed_months_ago(make_post(blog_index, title="Hidden from them"), 13)
    client.force_login(users[role])
    for url in (REPORT_URL, REPORT_URL + "results/", SCHEDULED_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    dashboard = client.get(reverse("wagtailadmin_home")).text
    assert "Hidden from them" not in dashboard
    assert "clinical-review-due" not in dashboard  # no reports menu item
    assert "Editorial status" not in dashboard  # no panel


def test_anonymous_users_are_sent_to_the_login(client, db):
    response = client.get(REPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_report_is_in_the_reports_menu_for_editors_and_clinicians(client, users, site_tree):
    for role in ("editor", "clinician", "admin"):
        client.force_login(users[role])
        assert "clinical-review-due" in client.get(reverse("wagtailadmin_home")).text


def test_the_report_exports_to_csv(client, users, blog_index):
    reviewed_months_ago(make_post(blog_index, title="Exported"), 13)
    client.force_login(users["editor"])
    response = client.get(REPORT_URL + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert content.splitlines()[0] == (
        "Title,Reviewer,Last clinical review,Re-review due,Overdue by"
    )
    assert "Exported,Casey Reviewer" in content


@pytest.mark.parametrize("role", ["editor", "clinician"])
def test_the_report_query_count_does_not_grow_with_rows(
    client, users, blog_index, django_assert_max_num_queries, role
):
    client.force_login(users[role])
    reviewed_months_ago(make_post(blog_index, title="First"), 13)
    client.get(REPORT_URL)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as one_row:
        assert len(row_ids(client.get(REPORT_URL))) == 1
    for months in range(14, 24):
        reviewed_months_ago(make_post(blog_index, title=f"Post {months}"), months)
    with django_assert_max_num_queries(len(one_row)):
        assert len(row_ids(client.get(REPORT_URL))) == 11


# Scheduled posts


def test_scheduled_posts_are_counted_and_listed(client, users, blog_index):
    make_post(blog_index, title="Already live")
    later = schedule(blog_index, "Later", users["editor"], timezone.now() + datetime.timedelta(7))
    sooner = schedule(blog_index, "Sooner", users["editor"])
    assert count_scheduled() == 2
    client.force_login(users["clinician"])
    response = client.get(SCHEDULED_URL)
    assert response.status_code == 200
    assert row_ids(response) == [sooner.pk, later.pk]
    assert "Already live" not in response.text


# The dashboard panel


def panel_counts(response):
    found = re.findall(r'data-count="([-a-z]+)" data-value="(\d+)"', response.text)
    return {key: int(value) for key, value in found}


@pytest.fixture
def editorial_state(users, blog_index):
    """One post in clinical review, one scheduled post, one post due for re-review."""
    submit_for_review(blog_index, "In clinical review", users["writer"])
    schedule(blog_index, "Scheduled", users["editor"])
    reviewed_months_ago(make_post(blog_index, title="Due"), 13)
    reviewed_months_ago(make_post(blog_index, title="Fresh"), 2)


def test_the_panel_shows_a_clinicians_three_counts(client, users, editorial_state):
    client.force_login(users["clinician"])
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Editorial status" in response.text
    assert panel_counts(response) == {"awaiting-review": 1, "scheduled": 1, "due-for-review": 1}
    assert 'href="/admin/#awaiting-review-section"' in response.text
    assert f'href="{REPORT_URL}"' in response.text
    assert f'href="{SCHEDULED_URL}"' in response.text


def test_the_clinical_task_is_not_the_editors_or_the_superusers(client, users, editorial_state):
    for role in ("editor", "admin"):
        client.force_login(users[role])
        counts = panel_counts(client.get(reverse("wagtailadmin_home")))
        assert counts == {"awaiting-review": 0, "scheduled": 1, "due-for-review": 1}


def test_after_clinical_approval_the_post_awaits_the_editors(users, blog_index):
    post = submit_for_review(blog_index, "Moving on", users["writer"])
    assert count_awaiting_review(users["clinician"]) == 1
    assert count_awaiting_review(users["editor"]) == 0
    state = post.current_workflow_task_state
    state.task.specific.on_action(state, users["clinician"], "approve")
    assert count_awaiting_review(users["clinician"]) == 0
    assert count_awaiting_review(users["editor"]) == 1
    assert count_awaiting_review(users["admin"]) == 1  # Wagtail's group tasks admit superusers


def test_the_panel_follows_the_interval(client, users, editorial_state):
    set_interval(24)
    client.force_login(users["editor"])
    assert panel_counts(client.get(reverse("wagtailadmin_home")))["due-for-review"] == 0
