"""Posting a reader comment: the checks xtd leaves out, threading under a lock, moderation.

Every refusal raises CommentRefused with an HTTP status and a message for the reader; nothing
is written to the database before all checks have passed.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from cms.articles import article_content_type, article_label, get_article_model

from .client import client_ip
from .models import CommentModeration, CommentPolicy
from .triage import screen

# A retried post of the same text by the same person within this time is the same comment.
REPOST_WINDOW = timedelta(minutes=10)


class CommentRefused(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def comments_open(page, policy):
    if not (policy.comments_enabled and page.comments_open):
        return False
    if policy.close_after_days and page.first_published_at:
        return timezone.now() < page.first_published_at + timedelta(days=policy.close_after_days)
    return True


def resolve_target(content_type, object_pk, request):
    """The live, public BlogPage a comment is aimed at: never a generic Page or another model,
    since comments aimed at a generic Page would skip moderation."""
    if content_type != article_label():
        raise CommentRefused("Comments can only be posted on articles.")
    if not str(object_pk).isdigit():
        raise CommentRefused("Unknown article.")
    page = get_article_model().objects.live().filter(pk=int(object_pk)).first()
    if page is None or page.get_view_restrictions().exists():
        raise CommentRefused("This article is not open for comments.", status=404)
    policy = CommentPolicy.for_request(request)
    if not comments_open(page, policy):
        raise CommentRefused("Comments are closed on this article.", status=403)
    return page, policy


def resolve_parent(page, reply_to):
    """The comment being replied to: on the same article, public, and not at the deepest level."""
    if not reply_to:
        return None
    parent = XtdComment.norel_objects.filter(
        pk=reply_to,
        content_type=article_content_type(),
        object_pk=str(page.pk),
        is_public=True,
        is_removed=False,
    ).first()
    if parent is None:
        raise CommentRefused("The comment you are replying to is not on this article.")
    if parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
        raise CommentRefused("Replies can only go three levels deep. Reply further up the thread.")
    return parent


def is_trusted(user):
    """A signed-in reader whose earlier comment a moderator approved. Trust follows the account,
    never an email address typed into the form, which anyone could borrow."""
    return XtdComment.norel_objects.filter(
        user=user, is_public=True, is_removed=False, moderation__from_team=False
    ).exists()


def create_comment(form, page, policy, request, parent=None):
    data = form.cleaned_data
    triage = screen(data["comment"], watch_terms=policy.watch_terms)
    user = request.user if request.user.is_authenticated else None
    confirmed = user is not None
    # A comment in crisis always waits for a moderator, whatever the trust rules say.
    publish = (
        policy.trusted_skip_moderation
        and not triage.urgent
        and not triage.held
        and user is not None
        and is_trusted(user)
    )
    with transaction.atomic():
        if parent is not None:
            # Threading reads and shifts the thread's order numbers: one writer per thread.
            XtdComment.norel_objects.select_for_update().filter(pk=parent.thread_id).first()
        comment = XtdComment(
            content_type=article_content_type(),
            object_pk=str(page.pk),
            site_id=settings.SITE_ID,
            user=user,
            user_name=data["name"],
            user_email=data["email"],
            user_url="",
            comment=data["comment"],
            submit_date=timezone.now(),
            ip_address=client_ip(request),
            is_public=publish,
            is_removed=False,
            parent_id=parent.pk if parent else 0,
            followup=data.get("followup", False),
        )
        comment.save()
        CommentModeration.objects.create(
            comment=comment,
            urgent=triage.urgent,
            hold_reasons=triage.reasons,
            confirmed_at=timezone.now() if confirmed else None,
            form_nonce=data["nonce"],
        )
    return comment, triage


def earlier_post(form, page, request):
    """The comment this post repeats, if it was already saved: the same rendered form (a
    double click, or the browser resending it), or the same text on the same article by the
    same person within REPOST_WINDOW (a reader retrying after an error). None otherwise.
    A form used once cannot post different text: that is a replay, and refused."""
    data = form.cleaned_data
    used = (
        CommentModeration.objects.filter(form_nonce=data["nonce"]).select_related("comment").first()
    )
    if used is not None:
        if used.comment.object_pk == str(page.pk) and used.comment.comment == data["comment"]:
            return used.comment
        raise CommentRefused("This form has already been used. Reload the page to comment again.")
    same = XtdComment.norel_objects.filter(
        content_type=article_content_type(),
        object_pk=str(page.pk),
        comment=data["comment"],
        submit_date__gte=timezone.now() - REPOST_WINDOW,
        is_removed=False,
    )
    if request.user.is_authenticated:
        same = same.filter(user=request.user)
    else:
        same = same.filter(user__isnull=True, user_email__iexact=data["email"])
    return same.order_by("-submit_date").first()
