"""The clinical review status of the version open in the page editor, as the editor's action
menu (editorial/action_menu.py) and the status side panel (the `clinical_review_status` tag)
show it.

Four states: needs clinical review (never approved, or changed since the last approval),
changes requested, in clinical review, and clinically approved (ready to publish). The status
costs two queries at most (the page's latest approval; the workflow state when the content is
not approved) and is kept on the page object, so the action menu and the side panel of one
edit view share it. It depends on nothing that grows with the post (authors, tags, blocks).
"""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from cms.articles import get_article_model

from .fingerprint import content_fingerprint
from .models import ClinicalApproval, ClinicalReviewTask

NEEDS_REVIEW = "needs-review"
CHANGES_REQUESTED = "changes-requested"
IN_REVIEW = "in-review"
APPROVED = "approved"

_MEMO = "_kinship_clinical_status"


def _day(moment):
    return f"{timezone.localtime(moment):%-d %B %Y}"


@dataclass(frozen=True)
class ClinicalStatus:
    state: str
    # The page's latest clinical approval (only the latest counts), covering or not.
    approval: ClinicalApproval | None = None
    # When the post entered clinical review, or when changes were requested.
    since: datetime | None = None
    # Where to compare the version in the editor with the approved or live one, if useful.
    compare_url: str = ""
    compare_label: str = ""

    @property
    def ready_to_publish(self):
        return self.state == APPROVED

    @property
    def title(self):
        return {
            NEEDS_REVIEW: "Needs clinical review",
            CHANGES_REQUESTED: "Changes requested in clinical review",
            IN_REVIEW: f"In clinical review since {_day(self.since)}",
            APPROVED: "Clinically approved, ready to publish",
        }[self.state]

    @property
    def menu_label(self):
        """The action menu's status line, where Publish would be: it says what to do next."""
        return {
            NEEDS_REVIEW: "Needs clinical review — submit it",
            CHANGES_REQUESTED: "Changes requested — edit and resubmit it",
        }.get(self.state, self.title)

    @property
    def detail(self):
        approval = self.approval
        if self.state == APPROVED:
            return f"Approved by {approval.reviewer_name} on {_day(approval.approved_at)}."
        if self.state == IN_REVIEW:
            return "It can be published once a clinical reviewer approves it."
        if self.state == CHANGES_REQUESTED:
            when = f" on {_day(self.since)}" if self.since else ""
            return f"A clinical reviewer asked for changes{when}: edit the post and resubmit it."
        if approval is None:
            return "Not yet approved by a clinical reviewer: submit it for clinical review."
        return (
            f"Changed since the clinical approval by {approval.reviewer_name} on "
            f"{_day(approval.approved_at)}: submit it for clinical review."
        )

    @property
    def icon_name(self):
        return "success" if self.state == APPROVED else "warning"


def new_article_status():
    """A post being created has no version a clinician could have approved."""
    return ClinicalStatus(NEEDS_REVIEW)


def clinical_status(page):
    """The status of `page` (the version open in the editor), or None for other page types."""
    if not isinstance(page, get_article_model()):
        return None
    if page.pk is None:
        return new_article_status()
    key = page.latest_revision_id
    memo = page.__dict__.get(_MEMO)
    if memo is None or memo[0] != key:
        memo = (key, _compute(page))
        page.__dict__[_MEMO] = memo
    return memo[1]


def _compute(page):
    approval = ClinicalApproval.objects.latest_for(page)
    # The test of ClinicalApproval.objects.covering(), on the approval already fetched.
    if approval is not None and approval.fingerprint == content_fingerprint(page):
        return ClinicalStatus(APPROVED, approval, **_compare_with_live(page))
    state, since = _review_state(page)
    compare = _compare_with_approved(page, approval) or _compare_with_live(page)
    return ClinicalStatus(state, approval, since, **compare)


def _review_state(page):
    workflow_state = page.current_workflow_state
    task_state = workflow_state.current_task_state if workflow_state else None
    if task_state is None:
        return NEEDS_REVIEW, None
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED, task_state.finished_at
    # The task's type from its content type (cached), not a query for the specific task.
    if issubclass(task_state.task.specific_class, ClinicalReviewTask):
        return IN_REVIEW, task_state.started_at
    # Later tasks (editorial approval) on content changed since the clinical approval: the
    # workflow sends it back to clinical review when the editor approves.
    return NEEDS_REVIEW, None


def _compare_with_approved(page, approval):
    if approval is None or approval.revision_id in (None, page.latest_revision_id):
        return {}
    url = reverse(
        "wagtailadmin_pages:revisions_compare", args=(page.pk, approval.revision_id, "latest")
    )
    return {"compare_url": url, "compare_label": "Compare with the last approved version"}


def _compare_with_live(page):
    if not (page.live and page.has_unpublished_changes):
        return {}
    url = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, "live", "latest"))
    return {"compare_url": url, "compare_label": "Compare with live version"}
