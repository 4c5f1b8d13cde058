"""Urgent alerts that email could not deliver: a warning at the top of the Moderators'
dashboard, kept until a moderator opens the comment (its reply page, or approves or removes
it), so a reader in crisis is never left waiting on a mail server that is down."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from .models import CommentModeration

PANEL_LIMIT = 20


def undelivered_alerts():
    return (
        CommentModeration.objects.filter(
            urgent=True,
            alert_failed_at__isnull=False,
            alert_opened_at__isnull=True,
            comment__is_removed=False,
        )
        .select_related("comment")
        .order_by("alert_failed_at", "pk")
    )


def mark_opened(comment_ids, user):
    """A moderator has the comment in front of them: the warning has done its job."""
    return CommentModeration.objects.filter(
        comment_id__in=comment_ids, alert_failed_at__isnull=False, alert_opened_at__isnull=True
    ).update(alert_opened_at=timezone.now(), alert_opened_by=user)


class UndeliveredAlertsPanel(Component):
    name = "undelivered_urgent_alerts"
    template_name = "comments/admin/undelivered_alerts_panel.html"
    order = 10  # above everything else on the dashboard

    def __init__(self, alerts, total):
        self.alerts, self.total = alerts, total

    def get_context_data(self, parent_context):
        return {"alerts": self.alerts, "total": self.total}
