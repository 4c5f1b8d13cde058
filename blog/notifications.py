"""Workflow email Wagtail does not send itself.

Wagtail already emails a task's reviewers when a post enters their task (Clinical reviewers,
then Editors), the submitter when changes are requested (with the comment) and when the whole
workflow is approved. What it does not do is tell the submitter that the clinical review
passed and the post has moved on to editorial approval.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import receiver
from django.template.loader import render_to_string
from wagtail.signals import task_approved

from .workflow import ClinicalReviewTask


@receiver(task_approved, dispatch_uid="kinship_clinical_review_approved_email")
def email_submitter_on_clinical_approval(sender, instance, user=None, **kwargs):
    task = instance.task.specific
    if not isinstance(task, ClinicalReviewTask):
        return
    submitter = instance.workflow_state.requested_by
    if submitter is None or not submitter.email or submitter == user:
        return
    page = instance.workflow_state.content_object.specific
    context = {
        "page": page,
        "task": task,
        "reviewer": user,
        "comment": instance.comment,
        "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{page.pk}/edit/",
    }
    send_mail(
        subject=f"Clinically approved: “{page.get_admin_display_title()}”",
        message=render_to_string("blog/emails/clinical_approval.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[submitter.email],
    )
