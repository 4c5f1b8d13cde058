"""Readers' comment views: post, the awaiting-moderation page, and email confirmation."""

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_comments_xtd.models import XtdComment

from . import notifications, ratelimit
from .forms import ReaderCommentForm
from .models import CommentModeration
from .posting import CommentRefused, create_comment, resolve_parent, resolve_target
from .signing import make_token, read_token


def refused(request, error):
    return render(request, "comments/refused.html", {"message": error.message}, status=error.status)


@require_POST
def post_comment(request):
    data = request.POST
    if not ratelimit.hit("comment-ip", request.META.get("REMOTE_ADDR"), ratelimit.POST_LIMIT):
        return refused(request, CommentRefused("Too many comments. Please wait a while.", 429))
    if data.get("email") and not ratelimit.hit(
        "comment-email", data["email"], ratelimit.POST_LIMIT
    ):
        return refused(request, CommentRefused("Too many comments. Please wait a while.", 429))
    try:
        page, policy = resolve_target(data.get("content_type"), data.get("object_pk"), request)
    except CommentRefused as error:
        return refused(request, error)

    form = ReaderCommentForm(page, data=data)
    if form.security_errors():
        # A forged or expired security hash or timestamp, or a filled honeypot.
        return refused(request, CommentRefused("This form has expired. Reload the page."))
    if not form.is_valid():
        return TemplateResponse(
            request,
            "comments/preview.html",
            {"form": form, "page": page, "comment_policy": policy},
            status=200,
        )
    try:
        parent = resolve_parent(page, form.cleaned_data.get("reply_to"))
    except CommentRefused as error:
        return refused(request, error)

    comment, triage = create_comment(form, page, policy, request, parent=parent)
    notifications.comment_posted(comment, request)
    return redirect(reverse("comments-posted") + "?c=" + make_token("posted", comment.pk))


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
        "comments/posted.html",
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
