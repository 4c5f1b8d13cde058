"""How a demo post reaches its workflow stage: through the revision and workflow APIs, as the
admin does, so history, the live revision, the clinical approval and the workflow state are the
real thing, dated as if the editorial team had done the work over past months.
"""

from datetime import timedelta

from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import Page, PageLogEntry

from demo import content
from demo.people import CLINICIAN, EDITOR, WRITER
from editorial.models import ClinicalApproval

# The demo's editorial history is staged, so nobody is emailed about it (the post submitted
# for review would otherwise notify the clinical reviewers).
QUIET_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


class PublishingDates:
    """A live post's past: drafted, clinically reviewed the afternoon before it went live,
    first published, and (for revised posts) when its current version was published."""

    DRAFT_BEFORE_REVIEW = timedelta(days=3)
    REVIEW_BEFORE_PUBLISHING = timedelta(hours=18)

    def __init__(self, first_published, last_published):
        self.first_published = first_published
        self.last_published = last_published
        # The live content is the last published version: that is what was reviewed.
        self.reviewed = last_published - self.REVIEW_BEFORE_PUBLISHING
        self.drafted = self.reviewed - self.DRAFT_BEFORE_REVIEW

    @classmethod
    def for_spec(cls, spec):
        now = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
        first = now - timedelta(days=spec.published_days_ago)
        last = now - timedelta(days=spec.updated_days_ago or spec.published_days_ago)
        return cls(first, last)


def approve_draft(post, spec, writer, clinician):
    """The writer's revision of `post`, approved by the clinician; returns it and its dates."""
    dates = PublishingDates.for_spec(spec)
    revision = post.save_revision(user=writer)
    ClinicalApproval.objects.record(revision, clinician, approved_at=dates.reviewed)
    return revision, dates


def backdate(post, dates):
    """Spread publication dates over past months, so listings and "Last updated" look real.

    Updates bypass save(), so publishing signals and search indexing are not repeated. The
    clinical approval was recorded with its date already in the past.
    """
    Page.objects.filter(pk=post.pk).update(
        first_published_at=dates.first_published,
        last_published_at=dates.last_published,
        latest_revision_created_at=dates.drafted,
    )
    post.revisions.update(created_at=dates.drafted)
    PageLogEntry.objects.filter(page=post).update(timestamp=dates.last_published)


def publish_live(tally, post, spec, users):
    """Drafted by the writer, approved by the clinician, published by the editor."""
    revision, dates = approve_draft(post, spec, users[WRITER], users[CLINICIAN])
    tally.created("clinical approvals")
    # The publish rule (editorial/publish_rule.py) checks that the approval covers this content.
    revision.publish(user=users[EDITOR])
    backdate(post, dates)


def submit_for_clinical_review(tally, post, spec, users):
    """Drafted and submitted by the writer: waiting in the clinicians' review task."""
    writer = users[WRITER]
    post.save_revision(user=writer)
    workflow = post.get_workflow()
    if workflow is None:
        raise CommandError(
            f"No workflow is assigned to “{post.get_parent().title}”. Run `manage.py migrate` "
            "first."
        )
    workflow.start(post, writer)
    tally.created("posts in clinical review")


def schedule(tally, post, spec, users):
    """Approved by the clinician, then scheduled by the editor to go live in a few days."""
    editor = users[EDITOR]
    post.go_live_at = timezone.localtime().replace(
        hour=9, minute=0, second=0, microsecond=0
    ) + timedelta(days=spec.go_live_in_days)
    revision = post.save_revision(user=editor)
    ClinicalApproval.objects.record(revision, users[CLINICIAN])
    tally.created("clinical approvals")
    # go_live_at is in the future, so Wagtail schedules the revision instead of publishing it.
    revision.publish(user=editor)
    tally.created("scheduled posts")


STAGES = {
    content.LIVE: publish_live,
    content.IN_CLINICAL_REVIEW: submit_for_clinical_review,
    content.SCHEDULED: schedule,
}
