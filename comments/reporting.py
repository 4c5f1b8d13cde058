"""Readers report comments: no login needed, rate limited per IP address, CSRF protected for
signed-in users (comments/csrf.py).

Only public comments on live, public articles can be reported. A report is seen only by
moderators (the admin queue); the reporter's name, email address and IP address are never
shown on the site, and the IP address is purged with the comments' after the retention period.
When the cache that counts reports is down, a report is refused (503) with the form and the
reader's words back, never saved uncounted.
"""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_comments_xtd.models import XtdComment

from cms.articles import article_content_type, get_article_model

from . import ratelimit
from .client import client_ip
from .csrf import csrf_for_signed_in
from .models import CommentReport

# How long a reader is asked to wait when reports cannot be counted (the cache is down).
RETRY_AFTER_SECONDS = 120


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this comment?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 500, "required": True}),
        help_text="Up to 500 characters. Only our moderators read reports.",
    )
    name = forms.CharField(
        label="Your name (optional)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "maxlength": 100}),
    )
    email = forms.EmailField(
        label="Your email (optional)",
        required=False,
        help_text="Only if you would like a moderator to be able to reply. Never published.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Please tell us what is wrong.")
        return reason


def reportable(comment_id):
    """(comment, page) for a public comment on a live, public BlogPage, or Http404."""
    comment = XtdComment.norel_objects.filter(
        pk=comment_id,
        content_type=article_content_type(),
        is_public=True,
        is_removed=False,
    ).first()
    if comment is None or not str(comment.object_pk).isdigit():
        raise Http404("No such comment.")
    page = get_article_model().objects.live().filter(pk=int(comment.object_pk)).first()
    if page is None or page.get_view_restrictions().exists():
        raise Http404("No such comment.")
    return comment, page


@csrf_for_signed_in
@require_http_methods(["GET", "POST"])
def report(request, comment_id):
    comment, page = reportable(comment_id)
    if request.method == "POST":
        ip = client_ip(request)
        form = ReportForm(request.POST)
        try:
            allowed = ratelimit.hit("report-ip", ip, ratelimit.REPORT_LIMIT)
        except ratelimit.Unavailable:
            context = {"form": form, "comment": comment, "page": page, "unavailable": True}
            response = TemplateResponse(request, "comments/report.html", context, status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        if not allowed:
            return render(request, "comments/report_limited.html", {"page": page}, status=429)
        if form.is_valid():
            CommentReport.objects.create(
                comment=comment,
                reason=form.cleaned_data["reason"],
                reporter_name=form.cleaned_data["name"],
                reporter_email=form.cleaned_data["email"],
                reporter_ip=ip,
            )
            return redirect(reverse("comments-report-thanks", args=[comment.pk]))
    else:
        form = ReportForm()
    return TemplateResponse(
        request, "comments/report.html", {"form": form, "comment": comment, "page": page}
    )


@require_http_methods(["GET"])
def report_thanks(request, comment_id):
    comment, page = reportable(comment_id)
    return TemplateResponse(request, "comments/report_thanks.html", {"page": page})
