"""Email about comments: confirmation for readers, follow-ups to readers who asked for them,
urgent alerts and a daily digest for Moderators.

Nothing here sends on the caller's request: each message is queued (tasks.queue_email) with the
ids it is about and built by the function named here when the worker runs it.

Every message goes to one recipient (never a list in To:), and no message carries anyone's
email address but its recipient's: commenters' addresses are never rendered, and addresses
typed into a name or a comment are masked.
"""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from cms.articles import article_content_type, get_article_model

from .followups import mute_token
from .models import CommentModeration, CommentReport, FollowUpSent
from .permissions import MODERATORS
from .selectors import pending_comments
from .signing import make_token
from .tasks import queue_email

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MASK = "[email address]"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mask_emails(text):
    """Text with any email address in it replaced, for emails to someone else."""
    return EMAIL_RE.sub(MASK, text or "")


def moderator_emails():
    users = (
        get_user_model().objects.filter(groups__name=MODERATORS, is_active=True).exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def message_to(recipient, subject, body, headers=None):
    """One message for one recipient, so that no one sees who else was written to."""
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        headers=headers,
    )


def _comment(comment_id):
    return (
        XtdComment.norel_objects.filter(pk=comment_id).select_related("moderation").first()
        if comment_id
        else None
    )


def comment_posted(comment):
    """Queue the emails a new comment needs: they are sent by the worker once the comment is
    committed, so the reader's answer never waits for, or depends on, a mail server."""
    moderation = comment.moderation
    if moderation.urgent:
        recipients = moderator_emails()
        if not recipients:
            urgent_alert_failed(comment.pk)
        for recipient in recipients:
            queue_email(
                URGENT_ALERT,
                on_failure=URGENT_ALERT_FAILED,
                comment_id=comment.pk,
                recipient=recipient,
            )
    if not moderation.confirmed:
        queue_email(CONFIRMATION, comment_id=comment.pk)


def confirmation_message(comment_id):
    comment = _comment(comment_id)
    moderation = getattr(comment, "moderation", None) if comment else None
    if moderation is None or moderation.confirmed or not comment.user_email:
        return None
    link = absolute(reverse("comments-confirm", args=[make_token("confirm", comment.pk)]))
    context = {
        "comment": comment,
        "page": comment.content_object,
        "link": link,
        "days": settings.KINSHIP_COMMENT_CONFIRMATION_DAYS,
    }
    return message_to(
        comment.user_email,
        "Please confirm your comment",
        render_to_string("comments/emails/confirm.txt", context),
    )


def urgent_alert_message(comment_id, recipient):
    comment = _comment(comment_id)
    if comment is None:
        return None
    context = {
        "comment": comment,
        "page": comment.content_object,
        "reasons": getattr(getattr(comment, "moderation", None), "hold_reasons", []),
        "queue_url": absolute(reverse("comments:index") + "?status=urgent"),
    }
    return message_to(
        recipient,
        "URGENT: a comment may need immediate care",
        render_to_string("comments/emails/urgent.txt", context),
    )


def urgent_alert_failed(comment_id, recipient=None):
    """An urgent alert did not reach a Moderator: keep the comment on the dashboard's warning
    until a moderator opens it."""
    CommentModeration.objects.filter(comment_id=comment_id, alert_failed_at__isnull=True).update(
        alert_failed_at=timezone.now()
    )


CONFIRMATION = f"{__name__}.confirmation_message"
URGENT_ALERT = f"{__name__}.urgent_alert_message"
URGENT_ALERT_FAILED = f"{__name__}.urgent_alert_failed"


# --- Follow-ups ---------------------------------------------------------------------------


def followers_of(comment):
    """{lowercased email: that reader's earliest comment in the thread} for everyone who wrote
    in the comment's thread before it, asked for follow-ups, confirmed their address and is
    not the comment's author. Rejected or removed comments earn no email."""
    earlier = (
        XtdComment.norel_objects.filter(
            thread_id=comment.thread_id,
            content_type_id=comment.content_type_id,
            object_pk=comment.object_pk,
            site_id=comment.site_id,
            submit_date__lte=comment.submit_date,
            followup=True,
            is_public=True,
            is_removed=False,
            moderation__confirmed_at__isnull=False,
        )
        .exclude(pk=comment.pk)
        .exclude(user_email="")
        .exclude(user_email__iexact=comment.user_email or "")
        .order_by("submit_date", "pk")
    )
    followers = {}
    for earlier_comment in earlier:
        followers.setdefault(earlier_comment.user_email.lower(), earlier_comment)
    return followers


def notify_followers_of(comment):
    """Queue an email to each follower of the thread about this reply, once. Call it when a
    comment becomes public (the post_save receiver in signals.py does; bulk approval with
    update() must call it itself). Returns how many readers are written to."""
    comment = XtdComment.norel_objects.filter(pk=comment.pk).first()
    if comment is None or not comment.is_public or comment.is_removed or not comment.thread_id:
        return 0
    page = comment.content_object
    if page is None or not getattr(page, "live", False) or not page.url:
        return 0
    try:
        with transaction.atomic():
            record, created = FollowUpSent.objects.get_or_create(comment=comment)
    except IntegrityError:  # another process recorded it first
        return 0
    if not created:
        return 0
    followers = followers_of(comment)
    for own_comment in followers.values():
        queue_email(FOLLOWUP, reply_id=comment.pk, follower_comment_id=own_comment.pk)
    record.recipients = len(followers)
    record.save(update_fields=["recipients"])
    return len(followers)


def followup_message(reply_id, follower_comment_id):
    reply, own_comment = _comment(reply_id), _comment(follower_comment_id)
    if reply is None or own_comment is None or not reply.is_public or reply.is_removed:
        return None
    if not own_comment.followup or not own_comment.user_email:
        return None  # muted, or erased, since the reply was approved
    page = reply.content_object
    if page is None or not getattr(page, "live", False) or not page.url:
        return None
    mute_link = absolute(reverse("comments-mute", args=[mute_token(own_comment)]))
    context = {
        "name": mask_emails(own_comment.user_name),
        "page": page,
        "reply_name": mask_emails(reply.user_name),
        "reply_text": mask_emails(reply.comment),
        "from_team": getattr(getattr(reply, "moderation", None), "from_team", False),
        "permalink": absolute(f"{page.url}#c{reply.pk}"),
        "mute_link": mute_link,
    }
    return message_to(
        own_comment.user_email,
        f"New reply on “{page.title}”",
        render_to_string("comments/emails/followup.txt", context),
        headers={"List-Unsubscribe": f"<{mute_link}>"},
    )


FOLLOWUP = f"{__name__}.followup_message"


# --- Daily digest for Moderators ------------------------------------------------------------


def digest_context():
    comments = list(pending_comments())
    reports = CommentReport.objects.filter(resolved=False, comment__is_removed=False)
    report_count = reports.count()
    reported_comments = reports.values("comment").distinct().count()
    article_type = article_content_type()
    page_ids = {
        int(c.object_pk)
        for c in comments
        if c.content_type_id == article_type.pk and str(c.object_pk).isdigit()
    }
    titles = dict(get_article_model().objects.filter(pk__in=page_ids).values_list("pk", "title"))
    items = []
    for comment in comments:
        moderation = getattr(comment, "moderation", None)
        title = titles.get(int(comment.object_pk)) if comment.object_pk.isdigit() else None
        text = mask_emails(" ".join(comment.comment.split()))
        items.append(
            {
                "urgent": bool(moderation and moderation.urgent),
                "unconfirmed": moderation is None or not moderation.confirmed,
                "reasons": moderation.hold_reasons if moderation else [],
                "title": title or "(article not found)",
                "name": mask_emails(comment.user_name),
                "excerpt": text[:200] + ("…" if len(text) > 200 else ""),
                "submitted": comment.submit_date,
            }
        )
    return {
        "items": items,
        "count": len(items),
        "urgent_count": sum(item["urgent"] for item in items),
        "report_count": report_count,
        "reported_comments": reported_comments,
        "queue_url": absolute(reverse("comments:index")),
    }


def digest_message(recipient):
    """Built when the worker sends it, so the digest counts what is pending at that moment."""
    context = digest_context()
    if not context["count"]:
        return None
    urgent = f", {context['urgent_count']} urgent" if context["urgent_count"] else ""
    subject = f"Comments awaiting moderation: {context['count']}{urgent}"
    return message_to(recipient, subject, render_to_string("comments/emails/digest.txt", context))


DIGEST = f"{__name__}.digest_message"


def send_digest():
    """Queue the digest for each Moderator; nothing when no comment is waiting. Returns the
    number of pending comments."""
    count = pending_comments().count()
    if count:
        for recipient in moderator_emails():
            queue_email(DIGEST, recipient=recipient)
    return count
