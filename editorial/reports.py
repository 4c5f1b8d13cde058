"""Admin reports and the dashboard panel for clinical review freshness.

- Reports > Clinical review due: live posts whose last clinical review is older than the
  interval of Settings > Editorial settings, never-reviewed posts first, then oldest first.
- Reports > Scheduled posts: posts approved to go live at a set time (the panel links here).
- A dashboard panel "Editorial status" with three counts: posts awaiting my review,
  scheduled posts, posts due for re-review.

Editors, Clinical reviewers and superusers see all of it. Writers and Moderators do not: the
counts are not theirs to act on (Writers follow their own submissions in Wagtail's "Your pages
in a workflow" panel), and the report URLs refuse them like any other admin area.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

from .review_freshness import (
    freshness_counts,
    posts_due_for_review,
    review_due_at,
    review_interval_months,
    scheduled_posts,
)
from .roles import CLINICAL_REVIEWERS, EDITORS

REVIEW_FRESHNESS_GROUPS = (EDITORS, CLINICAL_REVIEWERS)


def can_see_review_freshness(user):
    """Editors, Clinical reviewers and superusers (cached on the user for the request)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_kinship_review_freshness", None)
    if cached is None:
        cached = user.groups.filter(name__in=REVIEW_FRESHNESS_GROUPS).exists()
        user._kinship_review_freshness = cached
    return cached


class PostReportView(ReportView):
    """A report on BlogPages for the review-freshness audience. Titles link to the editor for
    users who may edit the post, otherwise to the live post (clinicians have no editor)."""

    context_object_name = "pages"

    def dispatch(self, request, *args, **kwargs):
        # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
        if not can_see_review_freshness(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def decorate_paginated_queryset(self, object_list):
        pages = list(object_list)
        editable = set(
            page_permission_policy.instances_user_has_permission_for(self.request.user, "change")
            .filter(pk__in=[page.pk for page in pages])
            .values_list("pk", flat=True)
        )
        for page in pages:
            if page.pk in editable:
                page.report_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            elif page.live:
                page.report_url = page.get_url(self.request)
            else:
                page.report_url = None
            self.decorate_page(page)
        return pages

    def decorate_page(self, page):
        pass


class ClinicalReviewDueView(PostReportView):
    page_title = "Clinical review due"
    header_icon = "time"
    index_url_name = "editorial_review_due"
    index_results_url_name = "editorial_review_due_results"
    results_template_name = "editorial/admin/review_due_results.html"
    paginate_by = 50
    list_export = ["title", "reviewer_name", "reviewed_at", "due_at", "overdue"]
    export_headings = {
        "title": "Title",
        "reviewer_name": "Reviewer",
        "reviewed_at": "Last clinical review",
        "due_at": "Re-review due",
        "overdue": "Overdue by",
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.now = timezone.now()
        self.interval_months = review_interval_months()

    def get_filename(self):
        return f"clinical-review-due-{self.now:%Y-%m-%d}"

    def get_queryset(self):
        return posts_due_for_review(self.now, self.interval_months)

    def decorate_page(self, page):
        approval = page.clinical_approval
        if approval is None:
            page.reviewer_name = ""
            page.reviewed_at = page.due_at = None
            page.overdue = "Never reviewed"
        else:
            page.reviewer_name = approval.reviewer_name
            page.reviewed_at = approval.approved_at
            page.due_at = review_due_at(approval.approved_at, self.interval_months)
            page.overdue = timesince(page.due_at, self.now, depth=2)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["interval_months"] = self.interval_months
        return context

    @property
    def no_results_message(self):
        return (
            "No post is due: every live post had a clinical review in the last "
            f"{self.interval_months} months."
        )


class ScheduledPostsView(PostReportView):
    page_title = "Scheduled posts"
    header_icon = "calendar-alt"
    index_url_name = "editorial_scheduled_posts"
    index_results_url_name = "editorial_scheduled_posts_results"
    results_template_name = "editorial/admin/scheduled_posts_results.html"
    list_export = ["title", "scheduled_go_live_at"]
    export_headings = {"title": "Title", "scheduled_go_live_at": "Goes live at"}
    no_results_message = "No post is scheduled."

    def get_filename(self):
        return f"scheduled-posts-{timezone.now():%Y-%m-%d}"

    def get_queryset(self):
        return scheduled_posts()


class ReviewFreshnessMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_review_freshness(request.user)


class EditorialStatusPanel(Component):
    """Three counts with links: awaiting my review, scheduled, due for re-review."""

    name = "editorial_status"
    template_name = "editorial/admin/editorial_status_panel.html"
    order = 150  # after Wagtail's site summary, before the workflow panels

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(freshness_counts(self.request.user))
        context["review_url"] = reverse("wagtailadmin_home") + "#awaiting-review-section"
        return context
