"""The publish rule: no article revision goes live unless a clinical reviewer approved its content.

The rule is checked in the article's save() when it goes live (ClinicalReviewMixin), which every
publishing route reaches (the editor's publish button, workflow approval, bulk actions, revert,
scheduled publishing and revision.publish() from code). The admin hooks in wagtail_hooks.py
refuse earlier with a readable message; this module is the guarantee beneath them.
"""

from django.core.exceptions import PermissionDenied

from .models import ClinicalApproval


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


class ClinicalReviewMixin:
    """The publish rule for the article page (settings.KINSHIP_ARTICLE_MODEL).

    The page has a `clinical_approval` foreign key to editorial.ClinicalApproval and supplies
    reviewed_content(): everything a reader sees, which the approval's fingerprint covers.
    """

    def reviewed_content(self):
        raise NotImplementedError

    def save(self, *args, **kwargs):
        if self.pk is None:
            # Every article starts as a draft (Wagtail's create view and Page.copy would
            # otherwise save a new page live before any review); it goes live by publishing.
            self.live = False
        update_fields = kwargs.get("update_fields")
        touches_live = update_fields is None or {"live", "live_revision"} & set(update_fields)
        if touches_live and self.is_going_live():
            self.clinical_approval = require_approval(self)
        return super().save(*args, **kwargs)

    def is_going_live(self):
        """True when this save makes the page, or a different revision of it, live."""
        if not self.live or self.pk is None:
            return False
        before = type(self).objects.filter(pk=self.pk).values("live", "live_revision_id").first()
        return (
            before is None
            or not before["live"]
            or (before["live_revision_id"] != self.live_revision_id)
        )
