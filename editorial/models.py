"""Editorial models: clinical approvals, the two workflow tasks, the editorial settings.

An approval covers content, not a revision id: an unchanged copy of the approved revision
(Wagtail makes copies when an editor approves or schedules) is covered, while any edit, or a
revert to older content, needs a new approval because only the page's latest approval counts.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, TaskState

from .fingerprint import content_fingerprint
from .forms import RequestChangesForm


def reviewer_display_name(user):
    """ "Name, credentials" from the reviewer's Author profile, else their account name."""
    profile = getattr(user, "author_profile", None)
    if profile is not None:
        return profile.display_name
    return user.get_full_name() or user.get_username()


class ClinicalApprovalManager(models.Manager):
    def record(self, revision, user, comment="", approved_at=None):
        page = revision.as_object()
        return self.create(
            page_id=page.pk,
            revision=revision,
            fingerprint=content_fingerprint(page),
            reviewer=user,
            reviewer_name=reviewer_display_name(user),
            approved_at=approved_at or timezone.now(),
            comment=comment or "",
        )

    def latest_for(self, page):
        """The page's latest approval: only the latest counts, so a revert needs a new one."""
        return self.filter(page_id=page.pk).first() if page.pk else None

    def covering(self, page):
        """The clinical approval that covers `page`'s current content, or None."""
        approval = self.latest_for(page)
        if approval and approval.fingerprint == content_fingerprint(page):
            return approval
        return None


class ClinicalApproval(models.Model):
    """One clinical reviewer's approval of one version of a post's content."""

    page = models.ForeignKey(
        settings.KINSHIP_ARTICLE_MODEL, on_delete=models.CASCADE, related_name="clinical_approvals"
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
    # Words the language check flagged that the clinician noted as intended (the guide's terms).
    intended_language = models.JSONField(default=list, blank=True)

    objects = ClinicalApprovalManager()

    class Meta:
        ordering = ["-approved_at", "-pk"]
        get_latest_by = ["approved_at", "pk"]

    def __str__(self):
        return f"{self.reviewer_name} on {self.approved_at:%Y-%m-%d}"


class CoveredRevision(models.Model):
    """A revision, other than the approval's own, whose content the publish rule found the
    approval to cover when the revision went live (Wagtail publishes copies of the approved
    revision). The database's publish-rule trigger (migration 0004) reads it: a live article's
    live revision is its approval's own revision or one recorded here."""

    approval = models.ForeignKey(ClinicalApproval, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["approval", "revision"], name="editorial_covered_revision_once"
            )
        ]

    def __str__(self):
        return f"approval {self.approval_id} covers revision {self.revision_id}"


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Members of the chosen groups approve a post's content, or request changes with a reason.

    Unlike Wagtail's group approval, superusers are not reviewers unless they are in a group:
    clinical approval is a professional judgement, not an administrative right. Reviewers
    read the draft in preview; they never get the editor, so they cannot change content.
    """

    def start(self, workflow_state, user=None):
        # A new revision whose content the latest approval already covers (only the schedule
        # or other bookkeeping changed) does not need the clinician again.
        page = workflow_state.content_object
        # A post never approved (a new or imported one) skips rebuilding its revision.
        if not ClinicalApproval.objects.filter(page_id=page.pk).exists():
            return super().start(workflow_state, user=user)
        revision = page.get_latest_revision()
        approval = ClinicalApproval.objects.covering(revision.as_object())
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
            ClinicalApproval.objects.record(task_state.revision, user, comment=comment)
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
        # Read from the revision's stored content rather than rebuilding the page from it:
        # the dashboard asks this for every post waiting, with the revisions prefetched.
        revision = obj.get_latest_revision()
        stored = revision.content.get("go_live_at") if revision else None
        if isinstance(stored, str):  # loaded from the database; a fresh revision holds a datetime
            stored = parse_datetime(stored)
        go_live_at = stored if revision else obj.go_live_at
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


@register_setting(icon="time")
class EditorialSettings(BaseGenericSetting):
    """Editorial policy shared by every site (one row for the whole installation)."""

    clinical_review_interval_months = models.PositiveSmallIntegerField(
        "clinical re-review interval (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=(
            "A published post is due for a new clinical review this many months after its "
            "last one. Posts due appear in Reports > Clinical review due and on the dashboard."
        ),
    )

    panels = [FieldPanel("clinical_review_interval_months")]

    class Meta:
        verbose_name = "Editorial settings"
