"""The mute link of follow-up emails.

A reply's followers are emailed once, when the reply becomes public (notifications
.notify_followers_of, called by the receivers in signals.py); FollowUpSent records it.
"""

import logging

from django.shortcuts import render
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from django_comments_xtd.models import XtdComment

from .signing import make_token, read_token

logger = logging.getLogger(__name__)

MUTE_PURPOSE = "mute"
MUTE_LINK_DAYS = 365


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
