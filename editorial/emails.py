"""Workflow email Wagtail does not send itself.

Wagtail already emails a task's reviewers when a post enters their task (Clinical reviewers,
then Editors), the submitter when changes are requested (with the comment) and when the whole
workflow is approved. What it does not do is tell the submitter that the clinical review
passed and the post has moved on to editorial approval.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from wagtail.models import TaskState


def clinical_approval_message(task_state_id, reviewer_id):
    instance = TaskState.objects.filter(pk=task_state_id).first()
    if instance is None:
        return None
    submitter = instance.workflow_state.requested_by
    if submitter is None or not submitter.email:
        return None
    page = instance.workflow_state.content_object.specific
    context = {
        "page": page,
        "task": instance.task.specific,
        "reviewer": get_user_model().objects.filter(pk=reviewer_id).first(),
        "comment": instance.comment,
        "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{page.pk}/edit/",
    }
    return EmailMessage(
        subject=f"Clinically approved: “{page.get_admin_display_title()}”",
        body=render_to_string("editorial/emails/clinical_approval.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[submitter.email],
    )
