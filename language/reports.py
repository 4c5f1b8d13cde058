"""Reports › Language check: the live posts with flagged words, most findings first, from the
findings kept per post (results.py), so its queries do not grow with the posts or findings.
Editors, Clinical reviewers and superusers see it (language.view_pagelanguagecheck)."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import ModelPermissionPolicy, page_permission_policy

from .models import PageLanguageCheck

permission_policy = ModelPermissionPolicy(PageLanguageCheck)


class LanguageReportView(ReportView):
    page_title = "Language check"
    header_icon = "openquote"
    index_url_name = "language_report"
    index_results_url_name = "language_report_results"
    results_template_name = "language/admin/report_results.html"
    permission_policy = permission_policy
    any_permission_required = ["view"]
    paginate_by = 50
    list_export = ["page.title", "findings_count", "terms_summary", "reading_grade", "checked_at"]
    export_headings = {
        "page.title": "Title",
        "findings_count": "Flagged words",
        "terms_summary": "Terms",
        "reading_grade": "Reading grade",
        "checked_at": "Checked",
    }
    no_results_message = "No live post has a word from the language guide."

    def get_filename(self):
        return f"language-check-{timezone.now():%Y-%m-%d}"

    def get_queryset(self):
        return (
            PageLanguageCheck.objects.filter(findings_count__gt=0, page__live=True)
            .select_related("page")
            .order_by("-findings_count", "page__title", "pk")
        )

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        editable = set(
            page_permission_policy.instances_user_has_permission_for(self.request.user, "change")
            .filter(pk__in=[row.page_id for row in rows])
            .values_list("pk", flat=True)
        )
        for row in rows:
            if row.page_id in editable:
                row.report_url = reverse("wagtailadmin_pages:edit", args=[row.page_id])
            else:
                row.report_url = row.page.get_url(self.request)
        return rows


class LanguageReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, "view")
