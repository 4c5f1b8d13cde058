"""Commenters' privacy: IP addresses kept at most KINSHIP_COMMENT_IP_RETENTION_DAYS, and
erasure of everything one email address wrote (`manage.py purge_comment_ips`,
`manage.py erase_commenter`).

IP addresses are kept only to stop abuse (rate limits and spam waves), so they are cleared once
that window has passed; the comments and reports themselves stay.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from . import changes
from .models import CommentModeration, CommentReport
from .selectors import descendant_ids

ANONYMISED_NAME = "Removed at the reader's request"
REMOVED_TEXT = "[removed]"
ANONYMISE, DELETE = "anonymise", "delete"


# --- IP retention ------------------------------------------------------------------------------


@dataclass
class PurgeResult:
    cutoff: object
    comments: int
    reports: int


def ip_cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.KINSHIP_COMMENT_IP_RETENTION_DAYS)


def purge_ips(now=None):
    """Clear the IP address of every comment and report older than the retention period."""
    cutoff = ip_cutoff(now)
    with transaction.atomic():
        comments = XtdComment.norel_objects.filter(
            submit_date__lt=cutoff, ip_address__isnull=False
        ).update(ip_address=None)
        reports = CommentReport.objects.filter(
            created_at__lt=cutoff, reporter_ip__isnull=False
        ).update(reporter_ip=None)
    return PurgeResult(cutoff=cutoff, comments=comments, reports=reports)


# --- Erasure -----------------------------------------------------------------------------------


@dataclass
class ErasureResult:
    mode: str
    comment_ids: list = field(default_factory=list)  # the commenter's own comments
    reply_ids: list = field(default_factory=list)  # others' replies deleted with them
    reports_cleared: int = 0  # reports they filed, with their name, email and IP cleared
    dry_run: bool = False

    @property
    def found_anything(self):
        return bool(self.comment_ids or self.reports_cleared)


def comments_by(email):
    """Every comment written with this email address, or by the account that has it."""
    email = email.strip()
    return XtdComment.norel_objects.filter(
        Q(user_email__iexact=email) | Q(user__email__iexact=email)
    ).order_by("pk")


def erase(email, mode=ANONYMISE, dry_run=False):
    """Anonymise (keep the thread, remove the words and the person) or delete every comment
    by `email`, and clear the address from the reports it filed. All or nothing."""
    if mode not in (ANONYMISE, DELETE):
        raise ValueError(f"Unknown erasure mode {mode!r}")
    email = email.strip()
    if "@" not in email:
        raise ValueError("An email address is needed.")
    result = ErasureResult(mode=mode, dry_run=dry_run)
    with transaction.atomic():
        comments = comments_by(email).select_for_update(of=("self",))
        result.comment_ids = list(comments.values_list("pk", flat=True))
        own = set(result.comment_ids)

        if mode == DELETE:
            replies = set()
            for comment in XtdComment.norel_objects.filter(pk__in=result.comment_ids):
                replies.update(descendant_ids(comment))
            result.reply_ids = sorted(replies - own)
        reports = CommentReport.objects.filter(reporter_email__iexact=email)
        result.reports_cleared = reports.count()
        if dry_run:
            return result

        # The reporter's identity goes; the report (about someone else's comment) stays.
        reports.update(reporter_name="", reporter_email="", reporter_ip=None)
        if mode == DELETE:
            # Replies under the deleted comments go too (comments/signals.py).
            XtdComment.norel_objects.filter(pk__in=result.comment_ids).delete()
        else:
            changes.announce(XtdComment.norel_objects.filter(pk__in=result.comment_ids))
            XtdComment.norel_objects.filter(pk__in=result.comment_ids).update(
                user=None,
                user_name=ANONYMISED_NAME,
                user_email="",
                user_url="",
                comment=REMOVED_TEXT,
                ip_address=None,
                is_removed=True,
                followup=False,
            )
            # Hold reasons quote the matched words; the comment they described is gone.
            CommentModeration.objects.filter(comment_id__in=result.comment_ids).update(
                hold_reasons=[], urgent=False
            )
    return result
