"""Readers' comment views: post, the awaiting-moderation page, and email confirmation."""

from django.conf import settings
from django.db import IntegrityError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_comments_xtd.models import XtdComment

from . import notifications, ratelimit
from .csrf import csrf_for_signed_in
from .forms import ReaderCommentForm
from .models import CommentModeration
from .permissions import can_moderate
from .posting import CommentRefused, create_comment, earlier_post, resolve_parent, resolve_target
from .signing import make_token, read_token
from .triage import screen

# How long a reader is asked to wait when the rate limit cannot count (the cache is down).
RETRY_AFTER_SECONDS = 120


def refused(request, error):
    return render(request, "comments/refused.html", {"message": error.message}, status=error.status)


@csrf_for_signed_in
@require_POST
def post_comment(request):
    data = request.POST
    try:
        allowed = ratelimit.allow_comment(request, data.get("email"))
    except ratelimit.Unavailable:
        return not_taken(request, data)
    if not allowed:
        return refused(request, CommentRefused("Too many comments. Please wait a while.", 429))
    try:
        page, policy = resolve_target(data.get("content_type"), data.get("object_pk"), request)
    except CommentRefused as error:
        return refused(request, error)

    too_long = oversized(data)
    if too_long:
        return refused(request, CommentRefused(too_long, 400))
    form = ReaderCommentForm(page, data=data, staff=can_moderate(request.user))
    if form.security_errors():
        # A forged or expired security hash or timestamp, or a filled honeypot.
        return refused(request, CommentRefused("This form has expired. Reload the page."))
    if not form.is_valid():
        return TemplateResponse(
            request,
            "comments/preview_comment.html",
            {"form": form, "page": page, "comment_policy": policy},
            status=200,
        )
    try:
        parent = resolve_parent(page, form.cleaned_data.get("reply_to"))
    except CommentRefused as error:
        return refused(request, error)

    try:
        comment = earlier_post(form, page, request)
        if comment is None:
            try:
                comment, _triage = create_comment(form, page, policy, request, parent=parent)
            except IntegrityError:
                # The same form, sent twice at once: the other request saved it.
                comment = earlier_post(form, page, request)
                if comment is None:
                    raise
            else:
                notifications.comment_posted(comment)
    except CommentRefused as error:
        return refused(request, error)
    # The answer is rendered from what was saved, whatever happens to the emails.
    return redirect(reverse("comments-posted") + "?c=" + make_token("posted", comment.pk))


def not_taken(request, data):
    """The rate limit cannot count (the cache is down), so the post is refused, never saved
    uncounted: a 503 with the form and the reader's words in it, to send again in a few
    minutes, and the crisis help at once if the words call for it."""
    try:
        page, policy = resolve_target(data.get("content_type"), data.get("object_pk"), request)
    except CommentRefused as error:
        return refused(request, error)
    too_long = oversized(data)
    if too_long:
        return refused(request, CommentRefused(too_long, 503))
    form = ReaderCommentForm(page, data=data, staff=can_moderate(request.user))
    urgent = screen(data.get("comment", ""), watch_terms=policy.watch_terms).urgent
    response = TemplateResponse(
        request,
        "comments/not_taken.html",
        {"form": form, "page": page, "comment_policy": policy, "urgent": urgent},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def oversized(data):
    """A short message for a field far beyond its limit, whose value is never echoed back (a
    1 MB comment would come back as a 1 MB error page). A comment a little over the limit
    still gets the form back with its text to trim: browsers count a line break as one
    character in `maxlength` but send two."""
    limits = {"comment": 2 * settings.COMMENT_MAX_LENGTH, "name": 200, "email": 320}
    for field, limit in limits.items():
        length = len(data.get(field, ""))
        if length > limit:
            label = "comment" if field == "comment" else f"{field} field"
            allowed = settings.COMMENT_MAX_LENGTH if field == "comment" else limit
            return (
                f"Your {label} is {length:,} characters long; the limit is {allowed:,}. "
                "Go back to shorten it: your browser keeps what you wrote."
            )
    return None


def posted(request):
    comment_id = read_token(request.GET.get("c", ""), "posted", max_age_days=1)
    comment = (
        XtdComment.norel_objects.filter(pk=comment_id).select_related("moderation").first()
        if comment_id
        else None
    )
    if comment is None:
        return HttpResponseBadRequest("This link is not valid.")
    page = comment.content_object
    return TemplateResponse(
        request,
        "comments/comment_posted.html",
        {
            "comment": comment,
            "page": page,
            "urgent": comment.moderation.urgent,
            "needs_confirmation": not comment.moderation.confirmed,
        },
    )


def confirm(request, token):
    comment_id = read_token(token, "confirm")
    moderation = CommentModeration.objects.filter(comment_id=comment_id).first()
    if moderation is None:
        return render(request, "comments/link_invalid.html", status=400)
    already = moderation.confirmed
    if not already:
        moderation.confirmed_at = timezone.now()
        moderation.save(update_fields=["confirmed_at"])
    return TemplateResponse(
        request,
        "comments/confirmed.html",
        {"already": already, "page": moderation.comment.content_object},
    )
