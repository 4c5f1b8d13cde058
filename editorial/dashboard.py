"""The dashboard's "Awaiting your review" panel, as clinicians and editors use it.

It replaces Wagtail's WorkflowObjectsToModeratePanel (wagtail_hooks.py swaps it in through
`construct_homepage_panels`) with two changes:

- A clinical-review row's title opens the clinician's Review page (editorial/review.py), and
  its Approve and Request changes actions are buttons in the row, not behind the "…" menu.
  They post to the Review action view, which tells the clinician what happened. Other rows
  (the editors' approval) keep Wagtail's links and menu.
- The rows are built from a fixed number of queries however many posts wait; Wagtail's
  panel asks the database again for each row (its task, its workflow's tasks and their
  statuses, its permissions).
"""

from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Revision, Task, TaskState, WorkflowTask
from wagtail.permissions import page_permission_policy

from .models import ClinicalReviewTask
from .review import review_url


class AwaitingReviewPanel(WorkflowObjectsToModeratePanel):
    template_name = "editorial/admin/awaiting_review_panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        # Wagtail's own loop is what this replaces; only the component's base context is kept.
        context = Component.get_context_data(self, parent_context)
        context.update(states=[], request=request, csrf_token=parent_context["csrf_token"])
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context

        states = [
            state
            for state in TaskState.objects.reviewable_by(request.user)
            .select_related("revision", "revision__user", "workflow_state", "task")
            .prefetch_related("revision__content_object__latest_revision")
            .order_by("-started_at")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())
            # Pages only: Kinship has no snippet workflows.
            if isinstance(state.revision.content_object, Page)
        ]
        if not states:
            return context

        workflow_task_ids = _workflow_task_ids(states)
        task_ids = {state.task_id for state in states}.union(*workflow_task_ids.values())
        tasks = {task.pk: task for task in Task.objects.filter(pk__in=task_ids).specific()}
        workflow_tasks = _workflow_tasks_with_status(states, tasks, workflow_task_ids)
        editable = set(
            page_permission_policy.instances_user_has_permission_for(request.user, "change")
            .filter(pk__in=[state.revision.object_id for state in states])
            .values_list("pk", flat=True)
        )
        for state in states:
            context["states"].append(
                _row(request, state, tasks[state.task_id], workflow_tasks, editable)
            )
        return context


def _row(request, state, task, workflow_tasks, editable):
    page = state.revision.content_object
    actions = task.get_actions(page, request.user)
    row = {
        "obj": page,
        "revision": state.revision,
        "previous_revision_id": state.previous_revision_id,
        "live_revision_id": page.live_revision_id,
        "task_state": state,
        "workflow_tasks": workflow_tasks[state.workflow_state_id],
        "edit_url": None,
        "preview_url_args": (page.pk, state.task_id) if page.is_previewable else None,
    }
    if page.pk in editable and task.user_can_access_editor(page, request.user):
        row["edit_url"] = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if isinstance(task, ClinicalReviewTask):
        # Approve and Request changes in the row; any other action (approve with a comment)
        # stays in the menu.
        row.update(
            title_url=review_url(page.pk),
            action_url_name="editorial_review_action",
            buttons=sorted(
                (a for a in actions if a[0] == "reject" or not a[2]), key=lambda a: a[0] == "reject"
            ),
            actions=[a for a in actions if not (a[0] == "reject" or not a[2])],
        )
    else:
        row.update(
            title_url=row["edit_url"],
            action_url_name="wagtailadmin_pages:workflow_action",
            buttons=[],
            actions=actions,
        )
    return row


def _workflow_task_ids(states):
    """{workflow id: its task ids in order} for the workflows of `states`."""
    by_workflow = defaultdict(list)
    links = WorkflowTask.objects.filter(
        workflow_id__in={state.workflow_state.workflow_id for state in states}
    ).order_by("sort_order")
    for workflow_id, task_id in links.values_list("workflow_id", "task_id"):
        by_workflow[workflow_id].append(task_id)
    return by_workflow


def _workflow_tasks_with_status(states, tasks, workflow_task_ids):
    """{workflow state id: its workflow's tasks, each with a status and its label}, as
    WorkflowState.all_tasks_with_status gives for one workflow state."""

    applicable = TaskState.objects.filter(
        workflow_state_id__in={state.workflow_state_id for state in states}
    )
    if getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
        # Only task states on the post's latest revision count, as in Wagtail.
        applicable = applicable.filter(
            revision_id__in={state.revision.content_object.latest_revision_id for state in states}
        )
    statuses = {}
    for workflow_state_id, task_id, status in applicable.order_by("started_at", "id").values_list(
        "workflow_state_id", "task_id", "status"
    ):
        statuses[workflow_state_id, task_id] = status  # the latest wins

    labels = dict(TaskState.STATUS_CHOICES)
    result = {}
    for state in states:
        rows = []
        for task_id in workflow_task_ids[state.workflow_state.workflow_id]:
            task = tasks[task_id]
            status = statuses.get((state.workflow_state_id, task_id))
            rows.append(
                {
                    "name": task.name,
                    "status": status,
                    "status_display": labels.get(status, "Not started"),
                }
            )
        result[state.workflow_state_id] = rows
    return result
