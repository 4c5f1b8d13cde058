"""Admin wiring of the editorial path: the publish rule's messages, reports and the dashboard."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from cms.articles import get_article_model

from .action_menu import offer_publish_only_when_approved
from .dashboard import AwaitingReviewPanel
from .messages import register_workflow_log_actions, use_kinship_wording
from .models import ClinicalApproval
from .reports import (
    ClinicalReviewDueView,
    EditorialStatusPanel,
    ReviewFreshnessMenuItem,
    ScheduledPostsView,
    can_see_review_freshness,
)
from .review import ReviewAction, ReviewPreview, ReviewView
from .scheduling import refused_scheduled_publish


def _unapproved(pages):
    """The articles among `pages` whose latest version lacks a covering clinical approval."""
    refused = []
    for page in pages:
        if not issubclass(page.specific_class, get_article_model()):
            continue
        revision = page.get_latest_revision()
        latest = revision.as_object() if revision else page.specific
        if ClinicalApproval.objects.covering(latest) is None:
            refused.append(latest)
    return refused


@hooks.register("before_publish_page")
def refuse_publishing_without_clinical_approval(request, page):
    # The model refuses too (editorial/publish_rule.py); this turns the refusal into an editor's
    # message. The draft has been saved by the time this hook runs, so nothing is lost.
    if _unapproved([page]):
        messages.error(
            request,
            f"“{page.get_admin_display_title()}” was saved as a draft but not published: "
            "this version has not been approved by a clinical reviewer. "
            "Submit it for clinical review; an editor can publish it once it is approved.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("construct_page_action_menu")
def offer_publishing_only_approved_versions(menu_items, request, context):
    # Publish is not offered where the hook above could only refuse it: the status line and
    # the submit action take its place (editorial/action_menu.py).
    offer_publish_only_when_approved(menu_items, request, context)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_without_clinical_approval(request, action_type, objects, action):
    if action_type != "publish":
        return None
    pages = list(objects)
    form = getattr(action, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in list(pages):
            pages.extend(page.get_descendants().not_live().specific())
    refused = _unapproved(pages)
    if refused:
        titles = ", ".join(f"“{page.title}”" for page in refused)
        messages.error(
            request,
            f"Nothing was published. Not clinically approved: {titles}. "
            "Each post needs a clinical reviewer's approval of its current version.",
        )
        return redirect(action.next_url)
    return None


@hooks.register("register_log_actions")
def register_publish_refused_log_action(actions):
    actions.register_action(
        "kinship.publish.refused",
        "Publish refused: not clinically approved",
        "Publish refused: not clinically approved",
    )


# After Wagtail's own (order 0), so Kinship's labels replace "Workflow: reject task" and the rest.
hooks.register("register_log_actions", register_workflow_log_actions, order=1)


@hooks.register("before_edit_page")
def reword_workflow_messages_on_edit(request, page):
    # "Submitted … for clinical review", not "submitted for moderation" (editorial/messages.py).
    use_kinship_wording(request, page=page)


@hooks.register("before_create_page")
def reword_workflow_messages_on_create(request, parent_page, page_class):
    use_kinship_wording(request, parent=parent_page)


@hooks.register("register_admin_urls")
def register_review_freshness_urls():
    return [
        path(
            "reports/clinical-review-due/",
            ClinicalReviewDueView.as_view(),
            name="editorial_review_due",
        ),
        path(
            "reports/clinical-review-due/results/",
            ClinicalReviewDueView.as_view(results_only=True),
            name="editorial_review_due_results",
        ),
        path(
            "reports/scheduled-posts/",
            ScheduledPostsView.as_view(),
            name="editorial_scheduled_posts",
        ),
        path(
            "reports/scheduled-posts/results/",
            ScheduledPostsView.as_view(results_only=True),
            name="editorial_scheduled_posts_results",
        ),
        path("review/<int:page_id>/", ReviewView.as_view(), name="editorial_review"),
        path(
            "review/<int:page_id>/preview/<int:task_id>/",
            ReviewPreview.as_view(),
            name="editorial_review_preview",
        ),
        path(
            "review/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
            ReviewAction.as_view(),
            name="editorial_review_action",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    url = reverse("editorial_review_due")
    return ReviewFreshnessMenuItem("Clinical review due", url, icon_name="time", order=1150)


@hooks.register("register_reports_menu_item")
def register_scheduled_posts_menu_item():
    url = reverse("editorial_scheduled_posts")
    return ReviewFreshnessMenuItem("Scheduled posts", url, icon_name="calendar-alt", order=1160)


@hooks.register("construct_homepage_panels")
def add_editorial_status_panel(request, panels):
    if can_see_review_freshness(request.user):
        panels.append(EditorialStatusPanel(request))


@hooks.register("construct_homepage_panels")
def replace_awaiting_review_panel(request, panels):
    # Wagtail's panel, with Review page links and visible actions for clinicians, and a
    # fixed number of queries (editorial/dashboard.py).
    panels[:] = [
        AwaitingReviewPanel() if isinstance(panel, WorkflowObjectsToModeratePanel) else panel
        for panel in panels
    ]


@hooks.register("before_edit_page")
def warn_about_a_refused_scheduled_publish(request, page):
    if request.method != "GET":
        return None
    entry = refused_scheduled_publish(page)
    if entry is not None:
        when = timezone.localtime(entry.timestamp).strftime("%-d %b %Y, %H:%M")
        messages.warning(
            request,
            f"The scheduled publish on {when} was refused: the scheduled version had not been "
            "approved by a clinical reviewer, so it was not published and its schedule was "
            "cleared. Submit it for clinical review, then schedule it again.",
        )
    return None
