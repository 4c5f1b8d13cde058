"""The clinical-review task and the publish rule.

Rule: no BlogPage revision goes live unless a clinical reviewer approved that revision's
content. An approval covers content, not a revision id: an unchanged copy of the approved
revision (Wagtail makes copies when an editor approves or schedules) is covered, while any
edit, or a revert to older content, needs a new approval because only the page's latest
approval counts.

The rule is checked in BlogPage.save() when a page goes live, which every publishing route
reaches (the editor's publish button, workflow approval, bulk actions, revert, scheduled
publishing and revision.publish() from code). The admin hooks in wagtail_hooks.py refuse
earlier with a readable message; this module is the guarantee beneath them.
"""

import hashlib
import json
import re

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, TaskState

WORKFLOW_NAME = "Clinical review and editorial approval"
CLINICAL_TASK_NAME = "Clinical review"
EDITORIAL_TASK_NAME = "Editorial approval"
CLINICAL_GROUP = "Clinical reviewers"
EDITORS_GROUP = "Editors"


class ClinicalApprovalRequired(PermissionDenied):
    """Raised when a BlogPage would go live without a clinical approval of its content."""

    def __init__(self, page, reason=None):
        self.page = page
        super().__init__(
            reason
            or f"“{page.title}” cannot be published: this version has not been approved by a "
            "clinical reviewer. Submit it for clinical review first."
        )


BLOCK_KEY_RE = re.compile(r'\s+data-block-key="[^"]*"')


def _without_block_ids(value):
    # Block ids and the rich-text editor's paragraph keys are bookkeeping, not content: they
    # change on copy-paste or re-entry while the words readers see stay the same.
    if isinstance(value, list):
        return [_without_block_ids(item) for item in value]
    if isinstance(value, dict):
        return {k: _without_block_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, str):
        return BLOCK_KEY_RE.sub("", value)
    return value


def content_fingerprint(page):
    """A hash of everything a reader sees of a post, independent of revision bookkeeping."""
    authors = sorted(page.blog_authors.all(), key=lambda item: item.sort_order or 0)
    # Convert every block before serialising: raw stored data may omit empty fields that a
    # converted block writes out, and both sides of a comparison must be normalised alike.
    list(page.body)
    content = {
        "title": page.title,
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "summary": page.summary,
        "listing_image": page.listing_image_id,
        "body": _without_block_ids(page.body.get_prep_value()),
        "authors": [item.author_id for item in authors],
        "categories": sorted(category.pk for category in page.categories.all()),
        "tags": sorted(tag.name for tag in page.tags.all()),
    }
    encoded = json.dumps(content, sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(encoded.encode()).hexdigest()


def reviewer_display_name(user):
    """ "Name, credentials" from the reviewer's Author profile, else their account name."""
    profile = getattr(user, "author_profile", None)
    if profile is not None:
        return profile.display_name
    return user.get_full_name() or user.get_username()


class ClinicalApproval(models.Model):
    """One clinical reviewer's approval of one version of a post's content."""

    page = models.ForeignKey(
        "blog.BlogPage", on_delete=models.CASCADE, related_name="clinical_approvals"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    fingerprint = models.CharField(max_length=64)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_name = models.CharField(
        max_length=255, help_text="Name and credentials at the time of the review."
    )
    approved_at = models.DateTimeField(default=timezone.now, db_index=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-approved_at", "-pk"]
        get_latest_by = ["approved_at", "pk"]

    def __str__(self):
        return f"{self.reviewer_name} on {self.approved_at:%Y-%m-%d}"


def record_clinical_approval(revision, user, comment="", approved_at=None):
    page = revision.as_object()
    return ClinicalApproval.objects.create(
        page_id=page.pk,
        revision=revision,
        fingerprint=content_fingerprint(page),
        reviewer=user,
        reviewer_name=reviewer_display_name(user),
        approved_at=approved_at or timezone.now(),
        comment=comment or "",
    )


def latest_approval(page):
    return ClinicalApproval.objects.filter(page_id=page.pk).first() if page.pk else None


def approval_covering(page):
    """The clinical approval that covers `page`'s current content, or None."""
    approval = latest_approval(page)
    if approval and approval.fingerprint == content_fingerprint(page):
        return approval
    return None


def require_approval(page):
    approval = approval_covering(page)
    if approval is None:
        raise ClinicalApprovalRequired(page)
    return approval


class RequestChangesForm(TaskStateCommentForm):
    comment = forms.CharField(
        widget=forms.Textarea,
        label="What needs to change?",
        help_text="The writer receives this by email and sees it in the page history.",
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError("Say what needs to change.")
        return comment


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Members of the chosen groups approve a post's content, or request changes with a reason.

    Unlike Wagtail's group approval, superusers are not reviewers unless they are in a group:
    clinical approval is a professional judgement, not an administrative right. Reviewers
    read the draft in preview; they never get the editor, so they cannot change content.
    """

    def start(self, workflow_state, user=None):
        # A new revision whose content the latest approval already covers (only the schedule
        # or other bookkeeping changed) does not need the clinician again.
        revision = workflow_state.content_object.get_latest_revision()
        approval = approval_covering(revision.as_object())
        if approval is None:
            return super().start(workflow_state, user=user)
        task_state = TaskState.objects.create(
            workflow_state=workflow_state,
            task=self,
            revision=revision,
            status=TaskState.STATUS_APPROVED,
            finished_at=timezone.now(),
            comment=(
                f"Content unchanged since the clinical approval by {approval.reviewer_name} "
                f"on {timezone.localtime(approval.approved_at):%-d %B %Y}."
            ),
        )
        return task_state

    def user_can_access_editor(self, obj, user):
        return False

    def user_can_lock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._user_in_groups(user):
            return [
                ("reject", "Request changes", True),
                ("approve", "Approve", False),
                ("approve", "Approve with comment", True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if self._user_in_groups(user):
            return self.task_states.filter(status="in_progress")
        return self.task_states.none()

    def get_form_for_action(self, action):
        return RequestChangesForm if action == "reject" else TaskStateCommentForm

    def on_action(self, task_state, user, action_name, **kwargs):
        if not self._user_in_groups(user):
            raise PermissionDenied("Only clinical reviewers can act on this task.")
        comment = (kwargs.get("comment") or "").strip()
        if action_name == "reject" and not comment:
            raise PermissionDenied("Requesting changes needs a comment for the writer.")
        if action_name == "approve":
            # Recorded before the workflow moves on, so a publish it triggers is covered.
            record_clinical_approval(task_state.revision, user, comment=comment)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve the post's clinical content."

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"


class EditorialApprovalTask(AbstractGroupApprovalTask):
    """Editors' final approval. Approving publishes the post at once, or schedules it when a
    go-live date is set, and the action's label says which before the editor clicks."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        go_live_at = obj.get_latest_revision_as_object().go_live_at
        if go_live_at and go_live_at > timezone.now():
            when = timezone.localtime(go_live_at).strftime("%-d %b %Y, %H:%M")
            label = f"Approve and schedule for {when}"
        else:
            label = "Approve and publish now"
        return [
            (name, label if (name, modal) == ("approve", False) else verbose, modal)
            for name, verbose, modal in actions
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            self._carry_approvals_to_schedule_only_edit(task_state)
        return super().on_action(task_state, user, action_name, **kwargs)

    def _carry_approvals_to_schedule_only_edit(self, task_state):
        # An editor who sets the go-live date while approving saves a new revision. With
        # re-approval on edit, Wagtail would send it back through every task; when the
        # content is unchanged the approvals still hold, so they move to the new revision.
        page = task_state.workflow_state.content_object
        latest = page.get_latest_revision()
        if latest.pk == task_state.revision_id:
            return
        if content_fingerprint(latest.as_object()) != content_fingerprint(
            task_state.revision.as_object()
        ):
            return
        task_state.workflow_state.copy_approved_task_states_to_revision(latest)
        task_state.revision = latest
        task_state.save(update_fields=["revision"])

    @classmethod
    def get_description(cls):
        return "Editors give final approval; the post is published or scheduled."

    class Meta:
        verbose_name = "editorial approval task"
        verbose_name_plural = "editorial approval tasks"
