"""The clinician's Review page, and what a clinician is told after acting on a post.

One admin page holds what a clinical reviewer needs for one post: what changed since the
last clinical approval (Wagtail's revision comparison), the decision (approve, approve with a
comment, request changes), and a preview of the revision under review. Deciding here runs
the task's own `on_action`, as Wagtail's workflow action view does, so the same rules,
approval record and signals apply whichever route the clinician takes.

Only the people who can act on the post's current clinical-review task (members of the
task's groups) may open it. Superusers outside those groups are refused, as the task
refuses them: clinical approval is a professional judgement, not an administrative right.
"""

from typing import NamedTuple

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.templatetags.wagtailadmin_tags import user_display_name
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages import workflow as page_workflow
from wagtail.models import Page, Task, TaskState
from wagtail.utils.decorators import xframe_options_sameorigin_override

from language.check import check_page

from .models import ClinicalApproval, ClinicalReviewTask, reviewer_display_name

REVIEW_URL_NAME = "editorial_review"


class Decision(NamedTuple):
    key: str
    action: str
    label: str
    requires_comment: bool


class DecisionForm(forms.Form):
    """The Review page's one comment box, shared by its decisions, and the language check's
    flagged terms that the clinician may note as intended."""

    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Comment",
        help_text=(
            "Optional when you approve; required when you request changes. "
            "The writer and the editors see it."
        ),
    )
    intended = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Flagged words that are intended",
        help_text="Tick a term when the article means it (a quotation of a title, a term "
        "explained in the text). It is kept with your approval; say why in your comment.",
    )

    def __init__(self, *args, terms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intended"].choices = [(term, f"“{term}”") for term in terms]


def review_url(page_id):
    return reverse(REVIEW_URL_NAME, args=[page_id])


def clinical_review_tasks_for(user):
    """The active clinical-review tasks `user` may act on (usually one)."""
    tasks = Task.objects.filter(active=True).specific()
    # A clinical-review task's actions depend on the user only, not on the post.
    return [
        task
        for task in tasks
        if isinstance(task, ClinicalReviewTask) and task.get_actions(None, user)
    ]


def next_in_queue(user, exclude_page_id):
    """(page id, title) of the post that has waited longest for `user`'s clinical review,
    other than `exclude_page_id`; None when nothing else waits."""
    tasks = clinical_review_tasks_for(user)
    state = (
        TaskState.objects.filter(task__in=tasks, status=TaskState.STATUS_IN_PROGRESS)
        .exclude(workflow_state__object_id=str(exclude_page_id))
        .select_related("revision", "workflow_state")
        .order_by("started_at", "pk")
        .first()
    )
    if state is None:
        return None
    return int(state.workflow_state.object_id), state.revision.object_str


def tell_clinician(request, task_state, action_name):
    """The message a clinician sees once their decision on `task_state` is recorded."""
    workflow_state = task_state.workflow_state
    page = workflow_state.content_object
    title = page.get_admin_display_title()
    if action_name == "reject":
        writer = workflow_state.requested_by
        told = (
            f"{user_display_name(writer)} has been told" if writer else "the writer has been told"
        )
        messages.success(request, f"Changes requested on “{title}”; {told}.")
        return
    text = f"Approved “{title}” — clinically reviewed by {reviewer_display_name(request.user)}."
    workflow_state.refresh_from_db()
    if workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
        next_task = workflow_state.current_task_state.task
        text += f" It now waits for {next_task.name.lower()}."
    buttons = []
    following = next_in_queue(request.user, exclude_page_id=page.pk)
    if following:
        page_id, next_title = following
        buttons.append(messages.button(review_url(page_id), f"Next in your queue: {next_title}"))
    messages.success(request, text, buttons=buttons)


def current_clinical_review(page, user):
    """The in-progress clinical-review task state of `page`, after checking that `user` may
    act on it. Raises PermissionDenied for anyone else; returns None, for reviewers only,
    when the page is not waiting for clinical review."""
    task_state = page.current_workflow_task_state
    task = task_state.task.specific if task_state else None
    if isinstance(task, ClinicalReviewTask):
        if task.get_actions(page, user):
            return task_state
        raise PermissionDenied
    if not clinical_review_tasks_for(user):
        raise PermissionDenied
    return None


class ReviewView(WagtailAdminTemplateMixin, TemplateView):
    """GET shows the Review page; POST records the decision through the task's on_action
    and returns the clinician to the dashboard, where the message says what happened."""

    template_name = "editorial/admin/review.html"
    header_icon = "doc-empty-inverse"
    page_title = "Review"

    def setup(self, request, *args, page_id, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(Page, id=page_id).specific

    def dispatch(self, request, *args, **kwargs):
        self.task_state = current_clinical_review(self.page, request.user)
        if self.task_state:
            self.task = self.task_state.task.specific
            self.revision = self.task_state.revision
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_home") + "#awaiting-review-section",
                "label": "Awaiting your review",
            },
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    @cached_property
    def decisions(self):
        """The task's actions, keyed by the slug of their label: approve first, then
        approve with a comment, then request changes."""
        actions = self.task.get_actions(self.page, self.request.user)
        actions = sorted(actions, key=lambda action: action[0] == "reject")
        return {
            slugify(label): Decision(slugify(label), name, label, requires_comment=modal)
            for name, label, modal in actions
        }

    def post(self, request, *args, **kwargs):
        if not self.task_state:
            return self.get(request, *args, **kwargs)
        decision = self.decisions.get(request.POST.get("decision"))
        if decision is None:
            raise PermissionDenied
        form = DecisionForm(request.POST, terms=self.flagged_terms)
        # The task's own form for the action holds its rules; its errors show on the page's
        # one comment box.
        action_form = self.task.get_form_for_action(decision.action)(request.POST)
        if form.is_valid() and decision.requires_comment and not form.cleaned_data["comment"]:
            form.add_error("comment", self.blank_comment_error(decision))
        elif form.is_valid() and action_form.is_valid():
            self.task.on_action(
                self.task_state, request.user, decision.action, **action_form.cleaned_data
            )
            approval = ClinicalApproval.objects.latest_for(self.page)
            if decision.action != "reject" and form.cleaned_data["intended"] and approval:
                ClinicalApproval.objects.filter(pk=approval.pk).update(
                    intended_language=form.cleaned_data["intended"]
                )
            tell_clinician(request, self.task_state, decision.action)
            return redirect("wagtailadmin_home")
        else:
            for error in action_form.errors.get("comment", []):
                form.add_error("comment", error)
        return self.render_to_response(self.get_context_data(form=form))

    def blank_comment_error(self, decision):
        if decision.action == "reject":
            return "Say what needs to change: the writer reads this."
        plain = next(d.label for d in self.decisions.values() if not d.requires_comment)
        return f"Write your comment, or choose {plain}."

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["task_state"] = self.task_state
        if not self.task_state:
            workflow_state = self.page.current_workflow_state
            context["now_with"] = (
                workflow_state.current_task_state.task.name
                if workflow_state and workflow_state.current_task_state
                else None
            )
            return context
        context.update(
            task=self.task,
            revision=self.revision,
            submitted_by=self.task_state.workflow_state.requested_by,
            approval=self.approval,
            comparison=self.comparison(),
            preview_url=reverse(
                "editorial_review_preview", args=[quote(self.page.pk), self.task.pk]
            ),
            form=form or DecisionForm(terms=self.flagged_terms),
            decisions=list(self.decisions.values()),
            language=self.language_check,
        )
        return context

    @cached_property
    def language_check(self):
        """The language check of the revision under review (the guide's terms, its reading
        grade): part of the review, as it is of the writer's Checks panel."""
        return check_page(self.revision.as_object())

    @cached_property
    def flagged_terms(self):
        if not self.task_state:
            return []
        return list(dict.fromkeys(f.term for f in self.language_check.findings))

    @cached_property
    def approval(self):
        return ClinicalApproval.objects.latest_for(self.page)

    def comparison(self):
        """Wagtail's field comparisons of the approved version against the one under review,
        changed fields only (as RevisionsCompareView does). With no approved version stored,
        against a blank post, so that everything shows as new."""
        under_review = self.revision.as_object()
        if self.approval and self.approval.revision:
            approved = self.approval.revision.as_object()
        else:
            approved = type(under_review)(pk=under_review.pk)
        comparators = (
            self.page.get_edit_handler()
            .get_bound_panel(instance=self.page, request=self.request, form=None)
            .get_comparison()
        )
        changes = (comparator(approved, under_review) for comparator in comparators)
        return [change for change in changes if change.has_changed()]


class ReviewPreview(page_workflow.PreviewRevisionForTask):
    """Wagtail's preview of the revision under review, allowed in the Review page's frame
    (X_FRAME_OPTIONS denies framing elsewhere; Wagtail's own preview views do the same)."""

    @method_decorator(xframe_options_sameorigin_override)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ReviewAction(page_workflow.WorkflowAction):
    """Wagtail's workflow action view for clinical-review tasks, as the dashboard calls it
    (a direct post, or its modal for a comment), adding what the clinician is told. The
    clinician never gets the editor, so without a `next` they return to the dashboard."""

    submit_url_name = "editorial_review_action"
    redirect_url_name = "wagtailadmin_home"

    def get_redirect_url(self):
        return get_valid_next_url_from_request(self.request) or reverse(self.redirect_url_name)

    def get_task_state(self):
        # Wagtail does not check that the task state belongs to the page in the URL.
        task_state = super().get_task_state()
        if task_state.workflow_state.object_id != str(self.object.pk):
            raise Http404
        return task_state

    def check_action(self):
        if not isinstance(self.task, ClinicalReviewTask):
            raise Http404
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied
        super().check_action()

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:
            tell_clinician(request, self.task_state, self.action_name)
        return response
