"""Admin wiring of the language check: the guide as a snippet, the Checks panel's rules and
reading grade, and Reports › Language check."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.snippets.models import register_snippet

from .reports import LanguageReportMenuItem, LanguageReportView
from .userbar import LanguageCheckerItem
from .viewsets import LanguageTermViewSet

register_snippet(LanguageTermViewSet)


@hooks.register("construct_wagtail_userbar")
def add_language_rules(request, items, page):
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, LanguageCheckerItem):
            items[index] = LanguageCheckerItem(in_editor=item.in_editor)


@hooks.register("insert_editor_js")
def reading_grade_metric():
    return format_html('<script src="{}" defer></script>', static("js/language-reading-grade.js"))


@hooks.register("register_admin_urls")
def register_language_report_urls():
    return [
        path("reports/language-check/", LanguageReportView.as_view(), name="language_report"),
        path(
            "reports/language-check/results/",
            LanguageReportView.as_view(results_only=True),
            name="language_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_language_report_menu_item():
    url = reverse("language_report")
    return LanguageReportMenuItem("Language check", url, icon_name="openquote", order=1170)
