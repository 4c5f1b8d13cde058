"""Signal receivers of the editorial path, connected by EditorialConfig.ready()."""

from django.dispatch import receiver
from wagtail.signals import task_approved

from comments.tasks import queue_email

from .models import ClinicalReviewTask


@receiver(task_approved, dispatch_uid="kinship_clinical_review_approved_email")
def email_submitter_on_clinical_approval(sender, instance, user=None, **kwargs):
    task = instance.task.specific
    if not isinstance(task, ClinicalReviewTask):
        return
    submitter = instance.workflow_state.requested_by
    if submitter is None or not submitter.email or submitter == user:
        return
    # Sent by the task worker after the approval commits: a mail server that is down never
    # turns a clinician's approval into an error page.
    queue_email(
        "editorial.emails.clinical_approval_message",
        task_state_id=instance.pk,
        reviewer_id=user.pk if user else None,
    )
