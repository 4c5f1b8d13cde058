"""What Kinship adds to django-comments-xtd's comments: moderation state and reader reports."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CommentModeration(models.Model):
    """One per comment: why it is held, whether it is urgent, who wrote it (team or reader)."""

    comment = models.OneToOneField(
        "django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="moderation"
    )
    urgent = models.BooleanField(
        default=False, db_index=True, help_text="Crisis language: a moderator should act now."
    )
    hold_reasons = models.JSONField(default=list, blank=True)
    from_team = models.BooleanField(default=False, help_text="A reply from the Kinship team.")
    # Readers who are not signed in confirm their email address before a moderator sees them.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The rendered form this comment came from: one form posts at most once, so a replayed or
    # double-submitted form finds this row instead of creating a second comment.
    form_nonce = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # An urgent alert that could not be emailed stays on the Moderators' dashboard until a
    # moderator opens the comment.
    alert_failed_at = models.DateTimeField(null=True, blank=True)
    alert_opened_at = models.DateTimeField(null=True, blank=True)
    alert_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "comment moderation"

    def __str__(self):
        return f"Moderation of comment {self.comment_id}"

    @property
    def confirmed(self):
        return self.confirmed_at is not None


class CommentReport(models.Model):
    """A reader's report of a comment. Only moderators ever see who reported it."""

    comment = models.ForeignKey(
        "django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=500)
    reporter_name = models.CharField(max_length=100, blank=True)
    reporter_email = models.EmailField(blank=True)
    reporter_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report on comment {self.comment_id}"
