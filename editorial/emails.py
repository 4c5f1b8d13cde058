"""The editorial workflow's email, built by the task worker from ids (comments.tasks.send_email).

Who gets which message, and when, is in editorial/notifications.py (the notifiers that replace
Wagtail's) and editorial/signals.py (the clinical approval, which Wagtail does not email at all).
Each builder reads the database when the worker runs and returns None when there is nothing to
say any more: a review request for a task someone has already acted on is not sent.

Words are Kinship's: clinicians review and approve or request changes, Editors approve, and
"moderation" is kept for reader comments. Each link opens a page where that reader can act.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from .models import ClinicalApproval, ClinicalReviewTask, reviewer_display_name


def admin_url(name, *args):
    """An admin link on the host and port the admin is served from."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def local_datetime(value):
    """A date and time in the site's timezone, as the email shows them: "5 Dec 2026, 09:30 UTC"."""
    return timezone.localtime(value).strftime("%-d %b %Y, %H:%M %Z")


def _user(user_id):
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id).first()


def _recipient(user_id):
    user = _user(user_id)
    return user if user is not None and user.is_active and user.email else None


def _email(recipient, subject, template, context):
    context = {"user": recipient, "preferences_url": admin_url("wagtailadmin_account"), **context}
    from_email = getattr(
        settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL
    )
    return EmailMessage(
        subject=subject,
        body=render_to_string(template, context).strip() + "\n",
        from_email=from_email,
        to=[recipient.email],
        # As Wagtail marks its notifications: mail robots do not answer them.
        headers={"Auto-Submitted": "auto-generated"},
    )


def _previous_status(task_state):
    """How this task ended last time in the same workflow run: "rejected" (the post comes back
    with the changes asked for), "approved" (it was edited after approval), or None."""
    previous = (
        task_state.workflow_state.task_states.filter(task=task_state.task, pk__lt=task_state.pk)
        .order_by("-pk")
        .first()
    )
    return previous.status if previous else None


def ready_for_review_message(task_state_id, recipient_id, submitter_id=None):
    """To a Clinical reviewer or an Editor: a post is ready for their part of the review."""
    task_state = TaskState.objects.filter(pk=task_state_id).select_related("task").first()
    recipient = _recipient(recipient_id)
    if task_state is None or recipient is None:
        return None
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None  # someone has already approved it or asked for changes
    page = task_state.workflow_state.content_object.specific
    title = page.get_admin_display_title()
    submitter = _user(submitter_id) or task_state.workflow_state.requested_by
    context = {
        "page": page,
        "title": title,
        "task": task_state.task,
        "submitter_name": reviewer_display_name(submitter) if submitter else None,
        "previous_status": _previous_status(task_state),
    }
    if isinstance(task_state.task.specific, ClinicalReviewTask):
        context["last_approval"] = ClinicalApproval.objects.latest_for(page)
        context["review_url"] = admin_url("editorial_review", page.pk)
        return _email(
            recipient,
            f"Ready for your clinical review: “{title}”",
            "editorial/emails/clinical_review_ready.txt",
            context,
        )
    latest = page.get_latest_revision_as_object()
    context["approval"] = ClinicalApproval.objects.covering(latest)
    context["go_live_at"] = local_datetime(latest.go_live_at) if latest.go_live_at else None
    context["edit_url"] = admin_url("wagtailadmin_pages:edit", page.pk)
    return _email(
        recipient,
        f"Ready for editorial approval: “{title}”",
        "editorial/emails/editorial_approval_ready.txt",
        context,
    )


def changes_requested_message(task_state_id, recipient_id):
    """To the writer: a reviewer asked for changes, and said what."""
    task_state = TaskState.objects.filter(pk=task_state_id).select_related("task").first()
    recipient = _recipient(recipient_id)
    if task_state is None or recipient is None:
        return None
    page = task_state.workflow_state.content_object.specific
    title = page.get_admin_display_title()
    reviewer = _user(task_state.finished_by_id)
    context = {
        "title": title,
        "task": task_state.task,
        "reviewer_name": reviewer_display_name(reviewer) if reviewer else "a reviewer",
        "comment": task_state.get_comment(),
        "edit_url": admin_url("wagtailadmin_pages:edit", page.pk),
    }
    return _email(
        recipient,
        f"Changes requested: “{title}”",
        "editorial/emails/changes_requested.txt",
        context,
    )


def clinical_approval_message(task_state_id, reviewer_id):
    """To the writer: the clinical review passed and the post moves on to the Editors."""
    task_state = TaskState.objects.filter(pk=task_state_id).first()
    if task_state is None:
        return None
    submitter = task_state.workflow_state.requested_by
    if submitter is None or not submitter.is_active or not submitter.email:
        return None
    page = task_state.workflow_state.content_object.specific
    title = page.get_admin_display_title()
    reviewer = _user(reviewer_id)
    context = {
        "title": title,
        "reviewer_name": reviewer_display_name(reviewer) if reviewer else "A clinical reviewer",
        "comment": task_state.comment,
        "edit_url": admin_url("wagtailadmin_pages:edit", page.pk),
    }
    return _email(
        submitter,
        f"Clinically approved: “{title}”",
        "editorial/emails/clinical_approval.txt",
        context,
    )


def approved_message(workflow_state_id, recipient_id, approver_id=None):
    """To the writer: an editor approved the post, and it is live or scheduled."""
    workflow_state = WorkflowState.objects.filter(pk=workflow_state_id).first()
    recipient = _recipient(recipient_id)
    if workflow_state is None or recipient is None:
        return None
    page = workflow_state.content_object.specific
    title = page.get_admin_display_title()
    approver = _user(approver_id)
    scheduled = page.scheduled_revision
    context = {
        "title": title,
        "approver_name": reviewer_display_name(approver) if approver else "An editor",
        "live_url": page.full_url if page.live else None,
        "edit_url": admin_url("wagtailadmin_pages:edit", page.pk),
    }
    if scheduled is not None:
        context["go_live_at"] = local_datetime(scheduled.approved_go_live_at)
        subject = f"Approved and scheduled: “{title}”"
        template = "editorial/emails/approved_and_scheduled.txt"
    else:
        subject = f"Approved and published: “{title}”"
        template = "editorial/emails/approved_and_published.txt"
    return _email(recipient, subject, template, context)


def submitted_message(workflow_state_id, recipient_id, submitter_id=None):
    """To a superuser, for information (only with WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS)."""
    workflow_state = WorkflowState.objects.filter(pk=workflow_state_id).first()
    recipient = _recipient(recipient_id)
    if workflow_state is None or recipient is None:
        return None
    page = workflow_state.content_object.specific
    title = page.get_admin_display_title()
    submitter = _user(submitter_id) or workflow_state.requested_by
    context = {
        "title": title,
        "submitter_name": reviewer_display_name(submitter) if submitter else None,
        "edit_url": admin_url("wagtailadmin_pages:edit", page.pk),
    }
    return _email(
        recipient,
        f"Submitted for review: “{title}”",
        "editorial/emails/submitted.txt",
        context,
    )
