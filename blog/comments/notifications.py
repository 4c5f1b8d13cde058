"""Email about comments: confirmation for readers, follow-ups to readers who asked for them,
urgent alerts and a daily digest for Moderators.

Every message goes to one recipient (never a list in To:), and no message carries anyone's
email address but its recipient's: commenters' addresses are never rendered, and addresses
typed into a name or a comment are masked.
"""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from .signing import make_token

MODERATORS_GROUP = "Moderators"
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MASK = "[email address]"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mask_emails(text):
    """Text with any email address in it replaced, for emails to someone else."""
    return EMAIL_RE.sub(MASK, text or "")


def moderator_emails():
    users = (
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def send_to_each(recipients, subject, body, headers=None):
    """One message per recipient, so that no one sees who else was written to."""
    for recipient in recipients:
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient],
            headers=headers,
        ).send()


def comment_posted(comment, request):
    if comment.moderation.urgent:
        send_urgent_alert(comment)
    if not comment.moderation.confirmed:
        send_confirmation(comment)


def send_confirmation(comment):
    link = absolute(reverse("comments-confirm", args=[make_token("confirm", comment.pk)]))
    context = {
        "comment": comment,
        "page": comment.content_object,
        "link": link,
        "days": settings.KINSHIP_COMMENT_CONFIRMATION_DAYS,
    }
    send_mail(
        subject="Please confirm your comment",
        message=render_to_string("comments/emails/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[comment.user_email],
    )


def send_urgent_alert(comment):
    recipients = moderator_emails()
    if not recipients:
        return
    context = {
        "comment": comment,
        "page": comment.content_object,
        "reasons": comment.moderation.hold_reasons,
        "queue_url": absolute("/admin/comments/"),
    }
    send_to_each(
        recipients,
        "URGENT: a comment may need immediate care",
        render_to_string("comments/emails/urgent.txt", context),
    )


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
    """Email each follower of the thread about this reply, once. Call it when a comment
    becomes public (the post_save receiver in followups.py does; bulk approval with update()
    must call it itself). Returns how many readers were emailed."""
    from .followups import FollowUpSent, mute_token

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
    permalink = absolute(f"{page.url}#c{comment.pk}")
    for own_comment in followers.values():
        mute_link = absolute(reverse("comments-mute", args=[mute_token(own_comment)]))
        context = {
            "name": mask_emails(own_comment.user_name),
            "page": page,
            "reply_name": mask_emails(comment.user_name),
            "reply_text": mask_emails(comment.comment),
            "from_team": getattr(getattr(comment, "moderation", None), "from_team", False),
            "permalink": permalink,
            "mute_link": mute_link,
        }
        send_to_each(
            [own_comment.user_email],
            f"New reply on “{page.title}”",
            render_to_string("comments/emails/followup.txt", context),
            headers={"List-Unsubscribe": f"<{mute_link}>"},
        )
    record.recipients = len(followers)
    record.save(update_fields=["recipients"])
    return len(followers)


# --- Daily digest for Moderators ------------------------------------------------------------


def pending_comments():
    """Comments waiting for a moderator: urgent first, then oldest first."""
    return (
        XtdComment.norel_objects.filter(is_public=False, is_removed=False)
        .select_related("moderation")
        .order_by(F("moderation__urgent").desc(nulls_last=True), "submit_date", "pk")
    )


def digest_context():
    from blog.models import BlogPage

    from .models import CommentReport
    from .posting import blog_page_content_type

    comments = list(pending_comments())
    reports = CommentReport.objects.filter(resolved=False, comment__is_removed=False)
    report_count = reports.count()
    reported_comments = reports.values("comment").distinct().count()
    blog_type = blog_page_content_type()
    page_ids = {
        int(c.object_pk)
        for c in comments
        if c.content_type_id == blog_type.pk and str(c.object_pk).isdigit()
    }
    titles = dict(BlogPage.objects.filter(pk__in=page_ids).values_list("pk", "title"))
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
        "queue_url": absolute("/admin/comments/"),
    }


def send_digest():
    """Email each Moderator the pending comments; nothing when none are waiting. Returns the
    number of pending comments."""
    context = digest_context()
    if not context["count"]:
        return 0
    urgent = f", {context['urgent_count']} urgent" if context["urgent_count"] else ""
    subject = f"Comments awaiting moderation: {context['count']}{urgent}"
    send_to_each(
        moderator_emails(), subject, render_to_string("comments/emails/digest.txt", context)
    )
    return context["count"]
