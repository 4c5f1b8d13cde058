"""The whole editorial path, over HTTP, as the people who use it walk it.

writer drafts and submits → clinician requests changes → writer edits and resubmits →
clinician approves → editor approves with a go-live time → the scheduler publishes →
a reader sees the post with its review line. Every step's email is checked.
"""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset

from blog.authors import Author
from blog.models import BlogPage
from editorial.models import ClinicalApproval
from tests.factories import AuthorFactory, admin_post_form_data, user_in_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(site_tree):
    writer = user_in_group("writer", "Writers", first_name="Wren", last_name="Writer")
    clinician = user_in_group("clinician", "Clinical reviewers", first_name="Maya")
    Author.objects.create(name="Maya Castillo", credentials="LCSW, CADC", user=clinician)
    editor = user_in_group("editor", "Editors", first_name="Eddie")
    return writer, clinician, editor


def as_user(client, user):
    client.force_login(user)
    return client


def outbox_to(address):
    return [m for m in mail.outbox if address in m.to]


def current_task_state(post):
    return WorkflowState.objects.get(
        base_content_type__model="page",
        object_id=str(post.pk),
        status__in=["in_progress", "needs_changes"],
    ).current_task_state


@pytest.mark.usefixtures("emails_at_commit")
def test_the_whole_editorial_path(client, blog_index, people, monkeypatch):
    writer, clinician, editor = people
    author = AuthorFactory(name="Jordan Reyes", credentials="CPRS")
    add_url = reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk])

    # 1. The writer drafts and submits for review.
    response = as_user(client, writer).post(
        add_url, admin_post_form_data(author, **{"action-submit": "submit"})
    )
    assert response.status_code == 302
    post = BlogPage.objects.get(slug="power-of-peer-support")
    assert not post.live
    state = current_task_state(post)
    assert state.task.name == "Clinical review" and state.status == "in_progress"
    assert len(outbox_to(clinician.email)) == 1  # the clinician is told
    assert not outbox_to(editor.email)

    # 2. The clinician previews it and requests changes, with a comment.
    client.force_login(clinician)
    preview = client.get(
        reverse("wagtailadmin_pages:workflow_preview", args=[post.pk, state.task_id])
    )
    assert preview.status_code == 200
    assert b"Recovery can feel lonely." in preview.content
    action_url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "reject", state.pk])
    client.post(action_url, {"comment": ""})  # a request for changes needs a reason
    assert TaskState.objects.get(pk=state.pk).status == "in_progress"
    client.post(action_url, {"comment": "Please cite the SAMHSA peer support guidance."})
    assert TaskState.objects.get(pk=state.pk).status == "rejected"
    [rejection] = outbox_to(writer.email)
    assert "Please cite the SAMHSA peer support guidance." in rejection.body

    # 3. The writer edits and resubmits.
    mail.outbox.clear()
    edit_url = reverse("wagtailadmin_pages:edit", args=[post.pk])
    authors = existing_authors(post, author)
    response = as_user(client, writer).post(
        edit_url,
        admin_post_form_data(
            author,
            blog_authors=authors,
            summary="Why peer support helps, with SAMHSA's guidance.",
            **{"action-submit": "submit"},
        ),
    )
    assert response.status_code == 302
    state = current_task_state(post)
    assert state.task.name == "Clinical review" and state.status == "in_progress"
    assert len(outbox_to(clinician.email)) == 1

    # 4. The clinician approves.
    mail.outbox.clear()
    as_user(client, clinician).post(
        reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", state.pk])
    )
    approval = ClinicalApproval.objects.get(page=post)
    assert approval.reviewer == clinician
    assert approval.reviewer_name == "Maya Castillo, LCSW, CADC"
    state = current_task_state(post)
    assert state.task.name == "Editorial approval"
    assert any("Clinically approved" in m.subject for m in outbox_to(writer.email))
    assert len(outbox_to(editor.email)) == 1

    # 5. The editor approves with a go-live time a minute from now (far enough that a slow,
    # loaded machine cannot reach it while the request runs).
    mail.outbox.clear()
    go_live_at = timezone.now() + timedelta(minutes=1)
    client.force_login(editor)
    labels = [label for _, label, _ in state.task.specific.get_actions(post, editor)]
    assert "Approve and publish now" in labels  # no go-live date yet
    response = client.post(
        edit_url,
        admin_post_form_data(
            author,
            blog_authors=authors,
            summary="Why peer support helps, with SAMHSA's guidance.",
            go_live_at=timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M:%S"),
            **{
                "action-workflow-action": "true",
                "workflow-action-name": "approve",
                "workflow-action-extra-data": json.dumps({}),
            },
        ),
    )
    assert response.status_code == 302
    post = BlogPage.objects.get(pk=post.pk)
    assert not post.live  # scheduled, not published
    latest = post.get_latest_revision()
    assert latest.approved_go_live_at is not None
    assert any("approved" in m.subject.lower() for m in outbox_to(writer.email))
    assert client.get(post.url or "/blog/power-of-peer-support/").status_code == 404

    # 6. The scheduler publishes it once the time has come.
    call_command("publish_scheduled")
    assert not BlogPage.objects.get(pk=post.pk).live  # not yet
    later = latest.approved_go_live_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    post = BlogPage.objects.get(pk=post.pk)
    assert post.live and post.clinical_approval == approval

    # 7. A reader sees it, with who reviewed it and when.
    client.logout()
    html = client.get(post.url).content.decode()
    assert "Why peer support helps, with SAMHSA&#x27;s guidance." in html
    assert "Clinically reviewed by" in html and "Maya Castillo, LCSW, CADC" in html


def submitted_and_clinically_approved(client, blog_index, people):
    """A post a writer submitted and a clinician approved: (post, author, authors formset)."""
    writer, clinician, _ = people
    author = AuthorFactory()
    add_url = reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk])
    as_user(client, writer).post(add_url, admin_post_form_data(author, **{"action-submit": "1"}))
    post = BlogPage.objects.get(slug="power-of-peer-support")
    state = current_task_state(post)
    as_user(client, clinician).post(
        reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", state.pk])
    )
    return post, author, existing_authors(post, author)


def existing_authors(post, author):
    row = post.blog_authors.get()
    return inline_formset([{"id": str(row.pk), "author": str(author.pk)}], initial=1, min=1)


def test_an_editor_can_schedule_without_a_second_clinical_review(client, blog_index, people):
    """Only the go-live date changed: the clinical approval still covers the content."""
    writer, clinician, editor = people
    post, author, authors = submitted_and_clinically_approved(client, blog_index, people)
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1))
    as_user(client, editor).post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        admin_post_form_data(
            author,
            blog_authors=authors,
            go_live_at=tomorrow.strftime("%Y-%m-%d %H:%M:%S"),
            **{"action-workflow-action": "1", "workflow-action-name": "approve"},
        ),
    )
    workflow_state = WorkflowState.objects.get(object_id=str(post.pk))
    assert workflow_state.status == "approved"
    assert ClinicalApproval.objects.filter(page=post).count() == 1
    post.refresh_from_db()
    assert post.get_latest_revision().approved_go_live_at is not None


def test_an_edit_after_clinical_approval_goes_back_to_the_clinician(client, blog_index, people):
    writer, clinician, editor = people
    post, author, authors = submitted_and_clinically_approved(client, blog_index, people)
    # The editor changes the words while approving.
    as_user(client, editor).post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        admin_post_form_data(
            author,
            blog_authors=authors,
            summary="A summary the clinician has not read.",
            **{"action-workflow-action": "1", "workflow-action-name": "approve"},
        ),
    )
    post = BlogPage.objects.get(pk=post.pk)
    assert not post.live
    state = current_task_state(post)
    assert state.task.name == "Clinical review" and state.status == "in_progress"
