"""Create or reshape the editorial workflow, and assign it to blog indexes.

Shared by the workflow data migration and the signal that sets up a new blog index, so both
use the same names and task order. `get_model` is apps.get_model or django.apps.apps.get_model.
"""

from cms.articles import section_model_label

from .roles import CLINICAL_REVIEWERS, EDITORS

WORKFLOW_NAME = "Clinical review and editorial approval"
CLINICAL_TASK_NAME = "Clinical review"
EDITORIAL_TASK_NAME = "Editorial approval"


def set_up_workflow(get_model):
    Workflow = get_model("wagtailcore", "Workflow")
    WorkflowTask = get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = get_model("wagtailcore", "WorkflowPage")
    ClinicalReviewTask = get_model("editorial", "ClinicalReviewTask")
    EditorialApprovalTask = get_model("editorial", "EditorialApprovalTask")

    # Reuse Wagtail's default workflow (assigned to the tree root by Wagtail) rather than
    # adding a second one beside it.
    workflow = (
        Workflow.objects.filter(name=WORKFLOW_NAME).first()
        or Workflow.objects.filter(workflow_pages__page__depth=1).first()
        or Workflow.objects.create(name=WORKFLOW_NAME)
    )
    workflow.name = WORKFLOW_NAME
    workflow.active = True
    workflow.save()

    clinical = _group_task(get_model, ClinicalReviewTask, CLINICAL_TASK_NAME, CLINICAL_REVIEWERS)
    editorial = _group_task(get_model, EditorialApprovalTask, EDITORIAL_TASK_NAME, EDITORS)

    # Wagtail's default "Moderators approval" step is replaced, and retired if nothing uses it.
    replaced = WorkflowTask.objects.filter(workflow=workflow).exclude(
        task_id__in=[clinical.pk, editorial.pk]
    )
    replaced_task_ids = list(replaced.values_list("task_id", flat=True))
    replaced.delete()
    Task = get_model("wagtailcore", "Task")
    Task.objects.filter(pk__in=replaced_task_ids, workflow_tasks__isnull=True).update(active=False)
    for order, task in enumerate([clinical, editorial]):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task_id=task.pk, defaults={"sort_order": order}
        )

    # The workflow belongs to the blog section, not the whole site.
    WorkflowPage.objects.filter(workflow=workflow, page__depth=1).delete()
    assign_workflow(get_model)
    return workflow


def _group_task(get_model, model, name, group_name):
    """The active task of `model` called `name`, reviewed by exactly the group `group_name`."""
    ContentType = get_model("contenttypes", "ContentType")
    Group = get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="editorial", model=model._meta.model_name
    )
    task, _ = model.objects.get_or_create(name=name, defaults={"content_type": content_type})
    task.active = True
    task.save()
    task.groups.set(Group.objects.filter(name=group_name))
    return task


def assign_workflow(get_model, section_ids=None):
    Workflow = get_model("wagtailcore", "Workflow")
    WorkflowPage = get_model("wagtailcore", "WorkflowPage")
    Section = get_model(*section_model_label())

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        return
    if section_ids is None:
        section_ids = Section.objects.values_list("pk", flat=True)
    for page_id in section_ids:
        # WorkflowPage's key is the page: an index already given another workflow keeps it.
        WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow": workflow})
