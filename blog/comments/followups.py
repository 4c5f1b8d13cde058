"""Follow-up emails: the record that a reply's followers were told, and the mute link.

A reply's followers are emailed once, when the reply becomes public (see
notifications.notify_followers_of). FollowUpSent makes that idempotent: the moderation screens
may call notify_followers_of and the post_save receiver may fire for the same approval, and
a comment unpublished and approved again is not announced twice.

The receivers below connect when this module is imported: blog/models.py should import it
(as it imports the other comment models), so that they are connected in every process.
"""

import logging

from django.db import models
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_comments_xtd.models import XtdComment

from . import notifications
from .signing import make_token, read_token

logger = logging.getLogger(__name__)

MUTE_PURPOSE = "mute"
MUTE_LINK_DAYS = 365


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
        app_label = "blog"
        verbose_name = "follow-up notification"

    def __str__(self):
        return f"Follow-ups for comment {self.comment_id}"


@receiver(pre_save, sender=XtdComment, dispatch_uid="kinship_comment_public_snapshot")
def remember_public_state(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._kinship_was_public = False
        return
    before = (
        XtdComment.norel_objects.filter(pk=instance.pk).values("is_public", "thread_id").first()
    )
    # xtd saves a new comment twice; on the second save its thread_id is still 0 in the table.
    instance._kinship_was_public = bool(before and before["is_public"] and before["thread_id"])


@receiver(post_save, sender=XtdComment, dispatch_uid="kinship_comment_followups")
def followups_on_approval(sender, instance, created, raw=False, **kwargs):
    if raw or created or not instance.thread_id:
        return
    if instance.is_public and not instance.is_removed and not instance._kinship_was_public:
        try:
            notifications.notify_followers_of(instance)
        except Exception:  # an SMTP failure must not undo the moderator's approval
            logger.exception("Follow-up emails for comment %s failed", instance.pk)


def mute_token(comment):
    """A link token naming one of the recipient's own comments (never an email address)."""
    return make_token(MUTE_PURPOSE, comment.pk)


def mute_thread(comment):
    """Stop follow-ups to this comment's author for its whole thread; returns how many of
    their comments changed."""
    return (
        XtdComment.norel_objects.filter(
            thread_id=comment.thread_id,
            content_type_id=comment.content_type_id,
            object_pk=comment.object_pk,
            user_email__iexact=comment.user_email,
            followup=True,
        )
        .exclude(user_email="")
        .update(followup=False)
    )


@require_GET
def mute(request, token):
    comment_id = read_token(token, MUTE_PURPOSE, max_age_days=MUTE_LINK_DAYS)
    comment = XtdComment.norel_objects.filter(pk=comment_id).first() if comment_id else None
    if comment is None:
        return render(request, "comments/link_invalid.html", status=400)
    mute_thread(comment)
    return TemplateResponse(request, "comments/muted.html", {"page": comment.content_object})


def _on_comment_published(sender, comment, user=None, **kwargs):
    # The moderation screen publishes with queryset updates, which send no post_save.
    notifications.notify_followers_of(comment)


def _connect_moderation_signal():
    from .moderation_actions import comment_published

    comment_published.connect(_on_comment_published, dispatch_uid="kinship_followups_on_moderation")


_connect_moderation_signal()
