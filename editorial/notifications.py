"""Who is emailed at each step of the editorial workflow, replacing Wagtail's notifiers.

Wagtail's notifiers (wagtail.admin.mail) word their email for any workflow ("has been
rejected", "submitted for moderation", "You can edit the page here" sent to clinicians, who
cannot edit) and send it during the request. For the Kinship workflow the notifiers below take
their place: they subclass Wagtail's, so the recipients and each person's notification settings
are Wagtail's, but every message is queued through comments.tasks.queue_email and built by the
task worker (editorial/emails.py) in Kinship's words. A workflow without Kinship's tasks (one an
administrator might add) keeps Wagtail's notifiers unchanged.

Each receiver is connected under the dispatch_uid Wagtail connects its own with
(wagtail/admin/signal_handlers.py): Django keeps one receiver per uid, so whichever of the two
apps is ready first, only the Kinship router is connected.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.admin import signal_handlers as wagtail_notifiers
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from comments.tasks import queue_email

from .models import ClinicalReviewTask, EditorialApprovalTask

EDITORIAL_TASKS = (ClinicalReviewTask, EditorialApprovalTask)

_muted = ContextVar("kinship_workflow_email_muted", default=False)


@contextmanager
def workflow_email_muted():
    """Queue no workflow email for what happens inside: the demo's staged editorial history,
    which nobody should be told about. (Queued email is sent after the commit by the worker,
    so overriding the email backend around the staging no longer silences it.)"""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def workflow_email_is_muted():
    return _muted.get()


def in_editorial_workflow(instance):
    """Is this task state or workflow state part of Kinship's editorial workflow?"""
    if isinstance(instance, TaskState):
        return isinstance(instance.task.specific, EDITORIAL_TASKS)
    return ClinicalReviewTask.objects.filter(workflow_tasks__workflow=instance.workflow_id).exists()


class QueuedNotifierMixin:
    """Queue one message a recipient, built later by `builder` from ids, instead of rendering
    Wagtail's templates and sending them during the request."""

    builder = ""

    def get_message_params(self, instance, user=None):
        raise NotImplementedError

    def __call__(self, instance=None, **kwargs):
        if workflow_email_is_muted() or not self.can_handle(instance, **kwargs):
            return False
        params = self.get_message_params(instance, user=kwargs.get("user"))
        for recipient in self.get_valid_recipients(instance, **kwargs):
            queue_email(self.builder, recipient_id=recipient.pk, **params)
        return True


class ReadyForReviewNotifier(QueuedNotifierMixin, GroupApprovalTaskStateSubmissionEmailNotifier):
    """A task's reviewers, when a post reaches their task: Clinical reviewers, then Editors."""

    builder = "editorial.emails.ready_for_review_message"

    def get_recipient_users(self, task_state, **kwargs):
        recipients = super().get_recipient_users(task_state, **kwargs)
        if isinstance(task_state.task.specific, ClinicalReviewTask):
            # Only members review clinically (ClinicalReviewTask): a superuser outside the
            # group cannot act on the email, whatever the superuser setting says.
            recipients = recipients.filter(groups__in=task_state.task.specific.groups.all())
        return recipients.distinct()

    def get_message_params(self, task_state, user=None):
        return {"task_state_id": task_state.pk, "submitter_id": user.pk if user else None}


class ChangesRequestedNotifier(QueuedNotifierMixin, WorkflowStateRejectionEmailNotifier):
    """The writer who submitted the post, when a reviewer requests changes."""

    builder = "editorial.emails.changes_requested_message"

    def get_message_params(self, workflow_state, user=None):
        # The task state that asked for changes, named now: a quick resubmission replaces the
        # workflow's current task state before the worker runs.
        return {"task_state_id": workflow_state.current_task_state_id}


class ApprovedNotifier(QueuedNotifierMixin, WorkflowStateApprovalEmailNotifier):
    """The writer, when an editor approves the post: published, or scheduled."""

    builder = "editorial.emails.approved_message"

    def get_message_params(self, workflow_state, user=None):
        return {"workflow_state_id": workflow_state.pk, "approver_id": user.pk if user else None}


class SubmittedNotifier(QueuedNotifierMixin, WorkflowStateSubmissionEmailNotifier):
    """Superusers, for information, when WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS is on
    (Kinship's settings leave it off)."""

    builder = "editorial.emails.submitted_message"

    def get_recipient_users(self, workflow_state, **kwargs):
        if not getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
            return get_user_model().objects.none()
        recipients = get_user_model().objects.filter(is_superuser=True)
        if kwargs.get("user"):
            recipients = recipients.exclude(pk=kwargs["user"].pk)
        return recipients

    def get_message_params(self, workflow_state, user=None):
        return {"workflow_state_id": workflow_state.pk, "submitter_id": user.pk if user else None}


def _router(kinship_notifier, wagtail_notifier):
    def route(sender, instance=None, **kwargs):
        if in_editorial_workflow(instance):
            return kinship_notifier(instance=instance, **kwargs)
        return wagtail_notifier(instance=instance, **kwargs)

    return route


# (signal, sender, Wagtail's dispatch_uid, receiver)
REPLACEMENTS = [
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        _router(ReadyForReviewNotifier(), wagtail_notifiers.task_submission_email_notifier),
    ),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        _router(SubmittedNotifier(), wagtail_notifiers.workflow_submission_email_notifier),
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        _router(ChangesRequestedNotifier(), wagtail_notifiers.workflow_rejection_email_notifier),
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        _router(ApprovedNotifier(), wagtail_notifiers.workflow_approval_email_notifier),
    ),
]


def replace_wagtail_notifiers():
    for signal, sender, dispatch_uid, receiver in REPLACEMENTS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid, weak=False)
