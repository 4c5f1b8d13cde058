"""The publish rule: no article revision goes live unless a clinical reviewer approved its content.

The rule is checked at every level a save can reach:

- `check_page_save()`, a `pre_save` receiver (editorial/signals.py), for any model save of an
  article's row: through the article class (every publishing route: the editor's publish
  button, workflow approval, bulk actions, revert, scheduled publishing, revision.publish()
  from code) and through the base `Page` class, which cannot record an approval and so may
  only publish what the article's stored approval already covers;
- `PublishRuleQuerySet.update()`, for the article's own querysets: a bulk update cannot make
  an article live or change its live revision (unpublishing, `live=False`, stays allowed);
- a PostgreSQL constraint trigger (migration 0004) beneath all of them, at commit, for what
  Django cannot see: `Page.objects.update()`, `bulk_update()` on Page, raw SQL. A live
  article must point at its latest clinical approval, and its live revision must be that
  approval's own revision or one the check below found the approval to cover
  (CoveredRevision). SQLite, the `make run` default, has no such trigger.

The admin hooks in wagtail_hooks.py refuse earlier with a readable message; this module is the
guarantee beneath them.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from wagtail.models import Page, PageQuerySet, Revision

from cms.articles import get_article_model

from .fingerprint import content_fingerprint
from .models import ClinicalApproval, CoveredRevision

# The page fields whose change can put content in front of readers.
LIVE_FIELDS = {"live", "live_revision", "live_revision_id"}


class ClinicalApprovalRequired(PermissionDenied):
    """Raised when a BlogPage would go live without a clinical approval of its content."""

    def __init__(self, page, reason=None):
        self.page = page
        super().__init__(
            reason
            or f"“{page.title}” cannot be published: this version has not been approved by a "
            "clinical reviewer. Submit it for clinical review first."
        )


def require_approval(page):
    approval = ClinicalApproval.objects.covering(page)
    if approval is None:
        raise ClinicalApprovalRequired(page)
    return approval


def is_going_live(page):
    """True when saving `page` makes it, or a different revision of it, live."""
    if not page.live or page.pk is None:
        return False
    before = Page.objects.filter(pk=page.pk).values("live", "live_revision_id").first()
    return (
        before is None or not before["live"] or before["live_revision_id"] != page.live_revision_id
    )


def check_page_save(page, update_fields=None):
    """The rule for one save of a page row (pre_save). Sets the article's clinical_approval
    when it goes live; raises ClinicalApprovalRequired when it may not."""
    if update_fields is not None and not LIVE_FIELDS & set(update_fields):
        return
    article_model = get_article_model()
    if isinstance(page, article_model):
        if is_going_live(page):
            approval = require_approval(page)
            require_covered_live_revision(page, approval)
            page.clinical_approval = approval
    elif _is_article_row(page, article_model) and is_going_live(page):
        # A base Page instance saves only the page table: what goes live is the article's
        # stored content under this page's title and dates, and the approval must already be
        # the one the article row points at, since this save cannot change it.
        article = article_model.objects.get(pk=page.pk)
        for field in Page._meta.concrete_fields:
            setattr(article, field.attname, getattr(page, field.attname))
        approval = require_approval(article)
        if approval.pk != article.clinical_approval_id:
            raise ClinicalApprovalRequired(
                page,
                f"“{page.title}” cannot be published as a plain Page: publish the blog post's "
                "approved revision instead (revision.publish()), which records its approval.",
            )
        require_covered_live_revision(article, approval)


def _is_article_row(page, article_model):
    return (
        isinstance(page, Page)
        and page.pk is not None
        and page.content_type_id == ContentType.objects.get_for_model(article_model).pk
    )


def require_covered_live_revision(page, approval):
    """The live revision must hold the approved content; a copy of the approved revision
    (Wagtail publishes copies) is recorded as covered, for the database trigger."""
    revision_id = page.live_revision_id
    if revision_id is None:
        raise ClinicalApprovalRequired(
            page, f"“{page.title}” cannot go live without a revision (publish a revision)."
        )
    if revision_id == approval.revision_id:
        return
    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None or content_fingerprint(revision.as_object()) != approval.fingerprint:
        raise ClinicalApprovalRequired(page)
    CoveredRevision.objects.get_or_create(approval=approval, revision_id=revision_id)


def refuse_going_live_in_bulk(values):
    """For queryset update(): refuse values that make rows live or change the live revision."""
    live = values.get("live", False)
    goes_live = not isinstance(live, bool) or live
    changes_revision = any(values.get(name) is not None for name in LIVE_FIELDS - {"live"})
    if goes_live or changes_revision:
        raise ClinicalApprovalRequired(
            None,
            "Blog posts cannot be published by a bulk update: publish each approved revision "
            "(revision.publish()), which checks its clinical approval.",
        )


class PublishRuleQuerySet(PageQuerySet):
    """The article's queryset: update() may unpublish but never publish (see the module)."""

    def update(self, **kwargs):
        refuse_going_live_in_bulk(kwargs)
        return super().update(**kwargs)


class ClinicalReviewMixin:
    """The publish rule for the article page (settings.KINSHIP_ARTICLE_MODEL).

    The page has a `clinical_approval` foreign key to editorial.ClinicalApproval and supplies
    reviewed_content(): everything a reader sees, which the approval's fingerprint covers.
    check_page_save() (pre_save) applies the rule itself.
    """

    def reviewed_content(self):
        raise NotImplementedError

    @property
    def status_string(self):
        # Page listings' status tag. Kinship says "moderation" only of reader comments: a post
        # in the editorial workflow is "in review" (Wagtail: "in moderation").
        status = super().status_string
        if self.workflow_in_progress and not self.approved_schedule and not self.expired:
            return "live + in review" if self.live else "in review"
        return status

    def save(self, *args, **kwargs):
        if self.pk is None:
            # Every article starts as a draft (Wagtail's create view and Page.copy would
            # otherwise save a new page live before any review); it goes live by publishing.
            self.live = False
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and LIVE_FIELDS & set(update_fields):
            # pre_save sets the approval that covers what goes live: save it with it.
            kwargs["update_fields"] = {*update_fields, "clinical_approval"}
        return super().save(*args, **kwargs)
