"""Every workflow email and admin message in Kinship's words, with links the reader can act on.

The workflow runs through Wagtail's own views (the page editor and the workflow action view),
with the email queued and sent by the task queue as in production (emails_at_commit runs the
on-commit queueing at once; the test settings run tasks immediately).
"""

import html
import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import resolve, reverse
from django.utils import timezone
from wagtail.log_actions import registry as log_registry
from wagtail.models import (
    GroupApprovalTask,
    Page,
    PageSubscription,
    TaskState,
    Workflow,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset
from wagtail.users.models import UserProfile

from blog.authors import Author
from blog.models import BlogPage
from editorial.emails import ready_for_review_message
from tests.factories import AuthorFactory, admin_post_form_data, user_in_group

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("emails_at_commit")]

BASE_URL = "http://kinship.example:8123"
TITLE = "The power of peer support"
GENERIC_WORDS = ("moderation", "rejected", "edit the page", "workflow")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE_URL


@pytest.fixture
def people(site_tree):
    writer = user_in_group("writer", "Writers", first_name="Wren", last_name="Writer")
    clinician = user_in_group("clinician", "Clinical reviewers", first_name="Maya")
    Author.objects.create(name="Maya Castillo", credentials="LCSW, CADC", user=clinician)
    editor = user_in_group("editor", "Editors", first_name="Eddie", last_name="Editor")
    return writer, clinician, editor


@pytest.fixture
def author(db):
    return AuthorFactory(name="Jordan Reyes", credentials="CPRS")


def to(user):
    return [message for message in mail.outbox if user.email in message.to]


def the_one_to(user):
    [message] = to(user)
    return message


def links(message):
    return re.findall(r"https?://\S+", message.body)


def admin_link(message, view_name):
    """The message's one link to `view_name`, checked to be on WAGTAILADMIN_BASE_URL."""
    found = []
    for link in links(message):
        if link.startswith(BASE_URL) and resolve(urlsplit(link).path).view_name == view_name:
            found.append(urlsplit(link).path)
    assert len(found) == 1, (view_name, links(message))
    return found[0]


def assert_kinship_words(message):
    text = f"{message.subject}\n{message.body}".lower()
    for word in GENERIC_WORDS:
        assert word not in text, (word, message.subject, message.body)
    assert f"Hello {message_greeting(message)}," in message.body


def message_greeting(message):
    user = get_user_model().objects.get(email=message.to[0])
    return user.get_short_name() or user.get_username()


def assert_opens_for(client, user, path):
    client.force_login(user)
    assert client.get(path).status_code == 200, path


def flash_messages(response):
    """The request's messages (with any earlier ones not yet shown), without Wagtail's buttons."""
    texts = [
        html.unescape(str(m.message).split("<span")[0].strip())
        for m in get_messages(response.wsgi_request)
    ]
    assert not [text for text in texts if "moderation" in text], texts
    return texts


def submit_new_post(client, writer, blog_index, author):
    client.force_login(writer)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk]),
        admin_post_form_data(author, **{"action-submit": "submit"}),
    )
    assert response.status_code == 302
    return BlogPage.objects.get(slug="power-of-peer-support"), response


def task_state(post):
    return WorkflowState.objects.get(
        object_id=str(post.pk), status__in=["in_progress", "needs_changes"]
    ).current_task_state


def workflow_action(client, user, post, action, **data):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, action, task_state(post).pk])
    return client.post(url, data)


def edit(client, user, post, author, **data):
    client.force_login(user)
    row = post.blog_authors.get()
    authors = inline_formset([{"id": str(row.pk), "author": str(author.pk)}], initial=1, min=1)
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        admin_post_form_data(author, blog_authors=authors, **data),
    )


def editor_approves(client, editor, post, author, **data):
    return edit(
        client,
        editor,
        post,
        author,
        **data,
        **{
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({}),
        },
    )


# Email


def test_clinicians_are_asked_for_their_clinical_review_on_the_review_page(
    client, blog_index, people, author
):
    writer, clinician, editor = people
    post, _ = submit_new_post(client, writer, blog_index, author)

    message = the_one_to(clinician)
    assert message.subject == f"Ready for your clinical review: “{TITLE}”"
    assert f"“{TITLE}” is ready for your clinical review. Wren Writer submitted it." in message.body
    assert "approve it, or request changes, on its Review page" in message.body
    assert_kinship_words(message)
    assert not re.search(r"\bedit(or|ing)?\b", message.body.lower())  # clinicians do not edit
    review = admin_link(message, "editorial_review")
    assert review == reverse("editorial_review", args=[post.pk])
    assert_opens_for(client, clinician, review)
    assert_opens_for(client, clinician, admin_link(message, "wagtailadmin_account"))
    assert to(editor) == [] and to(writer) == []


def test_workflow_email_is_sent_by_the_task_queue_after_the_commit(
    client, blog_index, people, author, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.undo()  # the real on_commit, not the one emails_at_commit puts in its place
    writer, clinician, _ = people
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_new_post(client, writer, blog_index, author)
    assert mail.outbox == []  # nothing is sent during the request
    for callback in callbacks:
        callback()
    assert [m.subject for m in mail.outbox] == [f"Ready for your clinical review: “{TITLE}”"]


def test_editors_hear_who_approved_it_clinically_and_the_writer_hears_it_moved_on(
    client, blog_index, people, author
):
    writer, clinician, editor = people
    post, _ = submit_new_post(client, writer, blog_index, author)
    mail.outbox.clear()
    workflow_action(client, clinician, post, "approve", comment="Clear and accurate.")

    to_editor = the_one_to(editor)
    assert to_editor.subject == f"Ready for editorial approval: “{TITLE}”"
    assert (
        f"“{TITLE}” was clinically approved by Maya Castillo, LCSW, CADC and is ready for your "
        "editorial approval." in to_editor.body
    )
    assert "Their comment:\nClear and accurate." in to_editor.body
    assert "Approving it publishes it at once" in to_editor.body
    assert_kinship_words(to_editor)
    edit_path = admin_link(to_editor, "wagtailadmin_pages:edit")
    assert edit_path == reverse("wagtailadmin_pages:edit", args=[post.pk])
    assert_opens_for(client, editor, edit_path)

    to_writer = the_one_to(writer)
    assert to_writer.subject == f"Clinically approved: “{TITLE}”"
    assert f"“{TITLE}” was clinically approved by Maya Castillo, LCSW, CADC." in to_writer.body
    assert "It now goes to the Editors for editorial approval." in to_writer.body
    assert_kinship_words(to_writer)
    assert_opens_for(client, writer, admin_link(to_writer, "wagtailadmin_pages:edit"))
    assert to(clinician) == []


def test_the_writer_hears_which_changes_were_requested_and_by_whom(
    client, blog_index, people, author
):
    writer, clinician, editor = people
    post, _ = submit_new_post(client, writer, blog_index, author)
    mail.outbox.clear()
    workflow_action(client, clinician, post, "reject", comment="Please cite the SAMHSA guidance.")

    message = the_one_to(writer)
    assert message.subject == f"Changes requested: “{TITLE}”"
    assert (
        "Changes requested by Maya Castillo, LCSW, CADC: Please cite the SAMHSA guidance."
        in message.body
    )
    assert "then resubmit it to Clinical review" in message.body
    assert_kinship_words(message)
    assert_opens_for(client, writer, admin_link(message, "wagtailadmin_pages:edit"))
    assert to(clinician) == [] and to(editor) == []

    # The writer resubmits: the clinician is told it comes back with the changes.
    mail.outbox.clear()
    edit(client, writer, post, author, summary="With SAMHSA's guidance.", **{"action-submit": "1"})
    resubmitted = the_one_to(clinician)
    assert "Wren Writer resubmitted it after the changes that were requested." in resubmitted.body
    assert_kinship_words(resubmitted)


def clinically_approved_post(client, blog_index, people, author):
    writer, clinician, _ = people
    post, _ = submit_new_post(client, writer, blog_index, author)
    workflow_action(client, clinician, post, "approve")
    mail.outbox.clear()
    return post


def test_the_writer_hears_it_was_approved_and_published_with_its_public_link(
    client, blog_index, people, author
):
    writer, _, editor = people
    post = clinically_approved_post(client, blog_index, people, author)
    response = editor_approves(client, editor, post, author)

    post = BlogPage.objects.get(pk=post.pk)
    assert post.live
    message = the_one_to(writer)
    assert message.subject == f"Approved and published: “{TITLE}”"
    assert f"“{TITLE}” was approved and published by Eddie Editor." in message.body
    assert_kinship_words(message)
    assert post.full_url in links(message)
    client.logout()
    assert client.get(urlsplit(post.full_url).path).status_code == 200
    assert f"Approved and published “{TITLE}”." in flash_messages(response)


def test_the_writer_hears_it_was_scheduled_in_the_sites_timezone(
    client, blog_index, people, author, settings
):
    settings.TIME_ZONE = "America/Chicago"
    writer, _, editor = people
    post = clinically_approved_post(client, blog_index, people, author)
    go_live_at = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    response = editor_approves(
        client, editor, post, author, go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M:%S")
    )

    post = BlogPage.objects.get(pk=post.pk)
    assert not post.live and post.scheduled_revision is not None
    when = go_live_at.strftime("%-d %b %Y, 09:30 %Z")  # e.g. "5 Dec 2026, 09:30 CST"
    assert when.endswith(("CST", "CDT"))
    message = the_one_to(writer)
    assert message.subject == f"Approved and scheduled: “{TITLE}”"
    assert f"“{TITLE}” was approved and scheduled for {when} by Eddie Editor." in message.body
    assert_kinship_words(message)
    assert_opens_for(client, writer, admin_link(message, "wagtailadmin_pages:edit"))
    assert f"Approved and scheduled “{TITLE}” for {when}." in flash_messages(response)


def test_editors_see_the_go_live_time_their_approval_will_schedule(
    client, blog_index, people, author
):
    writer, clinician, editor = people
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1)).replace(second=0)
    client.force_login(writer)
    client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk]),
        admin_post_form_data(
            author,
            go_live_at=tomorrow.strftime("%Y-%m-%d %H:%M:%S"),
            **{"action-submit": "1"},
        ),
    )
    post = BlogPage.objects.get(slug="power-of-peer-support")
    workflow_action(client, clinician, post, "approve")
    message = the_one_to(editor)
    assert f"Approving it schedules it for {tomorrow.strftime('%-d %b %Y, %H:%M %Z')}." in (
        message.body
    )


def test_an_editors_request_for_changes_names_the_editor(client, blog_index, people, author):
    writer, _, editor = people
    post = clinically_approved_post(client, blog_index, people, author)
    response = edit(
        client,
        editor,
        post,
        author,
        **{
            "action-workflow-action": "1",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": json.dumps({"comment": "Shorten the intro."}),
        },
    )
    message = the_one_to(writer)
    assert "Changes requested by Eddie Editor: Shorten the intro." in message.body
    assert "resubmit it to Editorial approval" in message.body
    assert_kinship_words(message)
    assert (
        f"Requested changes to “{TITLE}”. The writer gets your comment by email."
        in flash_messages(response)
    )


def test_a_review_request_someone_already_answered_is_not_sent(client, blog_index, people, author):
    writer, clinician, _ = people
    post, _ = submit_new_post(client, writer, blog_index, author)
    state = task_state(post)
    assert ready_for_review_message(state.pk, clinician.pk) is not None
    workflow_action(client, clinician, post, "approve")
    assert TaskState.objects.get(pk=state.pk).status == "approved"
    assert ready_for_review_message(state.pk, clinician.pk) is None


def test_superusers_get_a_submission_notice_only_when_the_setting_asks(
    client, blog_index, people, author, settings
):
    settings.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = True
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    writer, clinician, _ = people
    post, _ = submit_new_post(client, writer, blog_index, author)

    # Not asked for a clinical review: superusers are not clinical reviewers.
    message = the_one_to(admin)
    assert message.subject == f"Submitted for review: “{TITLE}”"
    assert f"“{TITLE}” was submitted for review by Wren Writer." in message.body
    assert_kinship_words(message)
    assert_opens_for(client, admin, admin_link(message, "wagtailadmin_pages:edit"))
    assert len(to(clinician)) == 1


def test_a_notification_setting_turned_off_is_respected(client, blog_index, people, author):
    writer, clinician, _ = people
    UserProfile.objects.update_or_create(
        user=clinician, defaults={"submitted_notifications": False}
    )
    UserProfile.objects.update_or_create(user=writer, defaults={"approved_notifications": False})
    post, _ = submit_new_post(client, writer, blog_index, author)
    workflow_action(client, clinician, post, "approve")
    assert to(clinician) == [] and to(writer) == []


def test_another_workflow_keeps_wagtails_notifications(home, people):
    """Kinship's words are for its editorial workflow; a workflow an administrator adds for
    other pages keeps Wagtail's email."""
    _, _, editor = people
    workflow = Workflow.objects.create(name="Home page sign-off")
    task = GroupApprovalTask.objects.create(name="Sign-off")
    task.groups.set(editor.groups.all())
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    page = Page.objects.get(pk=home.pk).specific
    page.save_revision()
    workflow.start(page, user=None)
    message = the_one_to(editor)
    assert "submitted for approval" in message.subject  # Wagtail's template


def test_editing_comments_are_told_apart_from_readers_comments(client, blog_index, people, author):
    """Wagtail's comment notification (its own template names, overridden in templates/)."""
    writer, _, editor = people
    client.force_login(writer)
    client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk]),
        admin_post_form_data(author),
    )
    post = BlogPage.objects.get(slug="power-of-peer-support")
    PageSubscription.objects.update_or_create(
        page=post, user=writer, defaults={"comment_notifications": True}
    )
    mail.outbox.clear()
    edit(
        client,
        editor,
        post,
        author,
        **{
            "comments-TOTAL_FORMS": "1",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "",
            "comments-0-contentpath": "title",
            "comments-0-text": "Can the title be shorter?",
            "comments-0-replies-TOTAL_FORMS": "0",
            "comments-0-replies-INITIAL_FORMS": "0",
            "comments-0-replies-MIN_NUM_FORMS": "0",
            "comments-0-replies-MAX_NUM_FORMS": "0",
        },
    )
    message = the_one_to(writer)
    assert message.subject == f"Editing comments on “{TITLE}” from Eddie Editor"
    assert f"Eddie Editor updated the editing comments on “{TITLE}”." in message.body
    assert "New comments:\n - “Can the title be shorter?”" in message.body
    assert_kinship_words(message)
    assert_opens_for(client, writer, admin_link(message, "wagtailadmin_pages:edit"))


# Admin messages


def test_submitting_says_clinical_review(client, blog_index, people, author):
    writer, clinician, _ = people
    post, response = submit_new_post(client, writer, blog_index, author)
    assert f"Created “{TITLE}” and submitted it for clinical review." in flash_messages(response)

    workflow_action(client, clinician, post, "reject", comment="Cite sources.")
    response = edit(client, writer, post, author, **{"action-submit": "1"})
    assert f"Resubmitted “{TITLE}” for clinical review." in flash_messages(response)


def test_submitting_a_saved_draft_says_clinical_review(client, blog_index, people, author):
    writer, _, _ = people
    client.force_login(writer)
    client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk]),
        admin_post_form_data(author),
    )
    post = BlogPage.objects.get(slug="power-of-peer-support")
    response = edit(client, writer, post, author, **{"action-submit": "1"})
    assert f"Submitted “{TITLE}” for clinical review." in flash_messages(response)


def test_a_resubmission_the_clinical_approval_still_covers_goes_to_the_editors(
    client, blog_index, people, author
):
    writer, clinician, editor = people
    post = clinically_approved_post(client, blog_index, people, author)
    edit(client, writer, post, author, **{"action-cancel-workflow": "1"})
    mail.outbox.clear()
    response = edit(client, writer, post, author, **{"action-submit": "1"})
    assert (
        f"Submitted “{TITLE}” for editorial approval: its content is unchanged since its last "
        "clinical approval." in flash_messages(response)
    )
    assert to(clinician) == []
    message = the_one_to(editor)
    assert "was clinically approved by Maya Castillo, LCSW, CADC" in message.body


def test_withdrawing_a_post_from_review(client, blog_index, people, author):
    writer, _, _ = people
    post, _ = submit_new_post(client, writer, blog_index, author)
    # During clinical review the post is locked for the writer; Wagtail still lets them cancel.
    response = edit(client, writer, post, author, **{"action-cancel-workflow": "1"})
    assert WorkflowState.objects.get(object_id=str(post.pk)).status == "cancelled"
    assert f"Withdrew “{TITLE}” from review. Submit it again when it is ready." in (
        flash_messages(response)
    )


def test_restarting_the_review(client, blog_index, people, author):
    # After changes are requested, Wagtail offers the writer a restart beside the resubmit.
    writer, clinician, _ = people
    post, _ = submit_new_post(client, writer, blog_index, author)
    workflow_action(client, clinician, post, "reject", comment="Cite sources.")
    response = edit(client, writer, post, author, **{"action-restart-workflow": "1"})
    assert f"Restarted the review of “{TITLE}”: it is back in clinical review." in (
        flash_messages(response)
    )


def test_an_editors_approval_of_changed_content_says_it_went_back(
    client, blog_index, people, author
):
    _, clinician, editor = people
    post = clinically_approved_post(client, blog_index, people, author)
    response = editor_approves(client, editor, post, author, summary="Words nobody reviewed.")
    message = the_one_to(clinician)
    assert "Eddie Editor changed it after its clinical approval." in message.body
    approved_on = timezone.localdate().strftime("%-d %B %Y")
    assert (
        f"It was last clinically approved by Maya Castillo, LCSW, CADC on {approved_on}; the "
        "Review page shows what has changed since." in message.body
    )
    assert "resubmitted" not in message.body
    assert (
        f"Saved “{TITLE}”. Its content changed, so it went back to clinical review before it "
        "can be approved." in flash_messages(response)
    )


def test_a_plain_save_keeps_wagtails_message(client, blog_index, people, author):
    writer, _, _ = people
    client.force_login(writer)
    client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk]),
        admin_post_form_data(author),
    )
    post = BlogPage.objects.get(slug="power-of-peer-support")
    response = edit(client, writer, post, author, summary="Second draft.")
    assert f"Page '{TITLE}' has been updated." in flash_messages(response)


def test_a_title_with_markup_characters_is_escaped_once(client, blog_index, people, author):
    writer, _, _ = people
    client.force_login(writer)
    client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk]),
        admin_post_form_data(author, title="Peers & <friends>", **{"action-submit": "1"}),
    )
    response = client.get(reverse("wagtailadmin_home"))
    assert "Created “Peers &amp; &lt;friends&gt;” and submitted it" in response.content.decode()


# History


def test_the_history_says_changes_requested_not_rejected(client, blog_index, people, author):
    writer, clinician, editor = people
    post, _ = submit_new_post(client, writer, blog_index, author)
    workflow_action(client, clinician, post, "reject", comment="Cite sources.")
    edit(client, writer, post, author, **{"action-submit": "1"})
    workflow_action(client, clinician, post, "approve")

    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:history", args=[post.pk])).content.decode()
    for words in (
        "Submitted for review: next, Clinical review",
        "Changes requested in Clinical review",
        "Resubmitted to Clinical review",
        "Approved in Clinical review: next, Editorial approval",
    ):
        assert words in html
    for words in ("Workflow: ", "Rejected at", "moderation"):
        assert words not in html
    labels = [label for action, label in log_registry.get_choices() if "workflow" in action]
    assert sorted(labels) == [
        "Approved a review step",
        "Requested changes",
        "Resubmitted for review",
        "Submitted for review",
        "Withdrew from review",
    ]
