"""What a moderator does to a reader comment: approve, remove, reply as the team, resolve reports.

Each action changes only the comments it names (xtd's signal that copies a parent's state to its
replies is disconnected in comments/apps.py), resolves the comment's open reports (the moderator has
looked at it), and is written to Wagtail's audit log with the user and the time. The admin views
in comments/moderation_admin.py call these; nothing here checks permissions.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.dispatch import Signal
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.log_actions import log

from . import changes, names
from .models import CommentModeration, CommentReport
from .selectors import descendant_ids, pending_comments

APPROVE = "kinship.comment.approve"
REMOVE = "kinship.comment.remove"
REPLY = "kinship.comment.reply"

# Sent (after the transaction commits) when a comment becomes public through moderation: an
# approved reader comment or a team reply. Keyword arguments: comment, user. Follow-up emails to
# readers of the thread can listen to this.
comment_published = Signal()

OPEN_REPORTS = Q(reports__resolved=False)


def pending_count():
    return pending_comments().count()


def with_report_counts(queryset):
    return queryset.annotate(open_reports=Count("reports", filter=OPEN_REPORTS, distinct=True))


def _log(comment, action, user, page_title=None, **data):
    title = f"Comment #{comment.pk}"
    if page_title:
        title += f" on “{page_title}”"
    log(
        instance=comment,
        action=action,
        user=user,
        title=title,
        data={"comment": comment.pk, "page": _page_id(comment), **data},
    )


def _page_id(comment):
    return int(comment.object_pk) if str(comment.object_pk).isdigit() else None


def _published(comment, user):
    transaction.on_commit(
        lambda: comment_published.send(sender=XtdComment, comment=comment, user=user)
    )


def _resolve_reports(comment):
    return CommentReport.objects.filter(comment_id=comment.pk, resolved=False).update(resolved=True)


def approve(comment, user, page_title=None):
    """Make one comment public (and undo a removal). Its replies keep their own state: approving a
    parent never republishes a reply a moderator removed or has not approved."""
    with transaction.atomic():
        was_public = comment.is_public and not comment.is_removed
        XtdComment.norel_objects.filter(pk=comment.pk).update(is_public=True, is_removed=False)
        comment.is_public, comment.is_removed = True, False
        resolved = _resolve_reports(comment)
        _log(comment, APPROVE, user, page_title, reports_resolved=resolved)
        if not was_public:
            _published(comment, user)
            changes.announce([comment])
    return comment


def remove(comment, user, page_title=None):
    """Remove one comment and hide its replies. The replies are not removed: they go back to the
    queue with a reason, so that a moderator who restores the parent decides on each of them."""
    with transaction.atomic():
        XtdComment.norel_objects.filter(pk=comment.pk).update(is_removed=True, is_public=False)
        comment.is_public, comment.is_removed = False, True
        replies = descendant_ids(comment)
        hidden = list(
            XtdComment.norel_objects.filter(pk__in=replies, is_public=True).values_list(
                "pk", flat=True
            )
        )
        XtdComment.norel_objects.filter(pk__in=hidden).update(is_public=False)
        reason = f"Hidden with removed comment #{comment.pk}"
        for moderation in CommentModeration.objects.filter(comment_id__in=hidden):
            if reason not in moderation.hold_reasons:
                moderation.hold_reasons = [*moderation.hold_reasons, reason]
                moderation.save(update_fields=["hold_reasons"])
        resolved = _resolve_reports(comment)
        _log(comment, REMOVE, user, page_title, replies_hidden=hidden, reports_resolved=resolved)
        changes.announce([comment])
    return comment


def team_name(user):
    """The name shown on a team reply: the moderator's first name, never their email address."""
    return (user.first_name or "").strip() or names.team_name()


def reply_target(parent):
    """The comment a reply is attached to: `parent`, or its deepest ancestor that may still have
    replies when `parent` is at the maximum depth (xtd would refuse, or corrupt the thread)."""
    target = parent
    while target.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
        target = XtdComment.norel_objects.get(pk=target.parent_id)
    return target


def team_reply(parent, user, text, page_title=None):
    """A reply from the Kinship team: public at once, confirmed, marked as from the team.

    Threading reads and shifts the thread's order numbers, so, as for readers' comments
    (comments/posting.py), the thread's root row is locked for the transaction."""
    now = timezone.now()
    with transaction.atomic():
        XtdComment.norel_objects.select_for_update().filter(pk=parent.thread_id).first()
        target = reply_target(XtdComment.norel_objects.get(pk=parent.pk))
        reply = XtdComment(
            content_type_id=target.content_type_id,
            object_pk=target.object_pk,
            site_id=target.site_id,
            user=user,
            user_name=team_name(user),
            user_email=user.email or "",
            user_url="",
            comment=text,
            submit_date=now,
            ip_address=None,
            is_public=True,
            is_removed=False,
            parent_id=target.pk,
            followup=False,
        )
        reply.save()
        CommentModeration.objects.create(comment=reply, from_team=True, confirmed_at=now)
        _log(parent, REPLY, user, page_title, reply=reply.pk, attached_to=target.pk)
        _published(reply, user)
    return reply


def register_log_actions(actions):
    actions.register_action(APPROVE, "Approve comment", "Comment approved")
    actions.register_action(REMOVE, "Remove comment", "Comment removed")
    actions.register_action(REPLY, "Reply to comment", "Replied to comment as the Kinship team")
