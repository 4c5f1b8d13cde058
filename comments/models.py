"""What Kinship adds to django-comments-xtd's comments: moderation state, reader reports,
follow-up records, crisis terms and the site's comment policy."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import register_setting

from pagecache.site_settings import KeptSiteSetting

from . import patterns
from .crisis import DEFAULT_TERMS, CrisisGroup

logger = logging.getLogger(__name__)


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


class FollowUpSent(models.Model):
    """The followers of this (public) comment have been emailed about it."""

    comment = models.OneToOneField(
        "django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="followups_sent"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(
        default=0, help_text="How many readers were emailed (never who)."
    )

    class Meta:
        verbose_name = "follow-up notification"

    def __str__(self):
        return f"Follow-ups for comment {self.comment_id}"


def validate_pattern(value):
    problems = patterns.pattern_problems(value)
    if problems:
        raise ValidationError(problems)


class EmailSent(models.Model):
    """A comment email that reached the mail server (comments/delivery.py). Written in the
    transaction that sends it, so it commits only once the server took the message: a task run
    again after its worker died finds it and does not send twice. Holds no address."""

    delivery = models.CharField(max_length=64, unique=True)
    builder = models.CharField(max_length=200)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "email sent"
        verbose_name_plural = "emails sent"

    def __str__(self):
        return f"{self.builder} ({self.delivery})"


class CrisisTermManager(models.Manager):
    def active(self):
        """The active terms, in one query. With no active term at all (every one deleted or
        switched off) the shipped list applies: detection fails closed, never silently off."""
        found = list(self.filter(active=True).only("group", "pattern").order_by("pk"))
        if found:
            return found
        logger.warning("No active crisis terms: screening comments with the default list")
        return [self.model(group=group, pattern=pattern) for group, pattern, _note in DEFAULT_TERMS]


class CrisisTerm(models.Model):
    group = models.PositiveSmallIntegerField(choices=CrisisGroup.choices)
    pattern = models.CharField(
        max_length=200, unique=True, validators=[validate_pattern], help_text=patterns.PATTERN_HELP
    )
    note = models.CharField(
        max_length=255,
        blank=True,
        help_text="What this term catches and why it is on the list, for the next person.",
    )
    active = models.BooleanField(
        default=True, help_text="Untick to stop matching this term without deleting it."
    )
    updated_at = models.DateTimeField("last edited", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="last edited by",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CrisisTermManager()

    class Meta:
        ordering = ["group", "pattern"]
        verbose_name = "crisis term"
        verbose_name_plural = "crisis terms"

    def __str__(self):
        return self.pattern

    def clean(self):
        super().clean()
        # Stored as matched, so "Kill  Myself" and "kill myself" are the same term.
        self.pattern = patterns.canonical_pattern(self.pattern)

    def save(self, *args, **kwargs):
        self.pattern = patterns.canonical_pattern(self.pattern)
        super().save(*args, **kwargs)

    @property
    def last_edited_by(self):
        user = self.updated_by
        if user is None:
            return ""
        return user.get_full_name().strip() or user.get_username()


@register_setting(icon="comment")
class CommentPolicy(KeptSiteSetting):
    """How reader comments are moderated on this site (comments/)."""

    comments_enabled = models.BooleanField(
        default=True, help_text="Turn off to close comments on every post."
    )
    close_after_days = models.PositiveSmallIntegerField(
        default=90,
        help_text="Close comments this many days after a post is first published (0: never).",
    )
    trusted_skip_moderation = models.BooleanField(
        default=False,
        help_text="Publish comments at once from readers whose earlier comment was approved "
        "(held comments, such as crisis language or links, still wait for a moderator).",
    )
    guidelines_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The community guidelines linked from the comment form.",
    )
    watch_terms = models.TextField(
        default=patterns.DEFAULT_WATCH_TERMS,
        blank=True,
        help_text="One word or phrase per line. A match holds the comment with the reason.",
    )

    panels = [
        FieldPanel("comments_enabled"),
        FieldPanel("close_after_days"),
        FieldPanel("trusted_skip_moderation"),
        FieldPanel("guidelines_page"),
        FieldPanel("watch_terms"),
    ]

    class Meta:
        verbose_name = "Comment policy"
