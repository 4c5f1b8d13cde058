"""Signal receivers of the editorial path, connected by EditorialConfig.ready()."""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import task_approved
from wagtail.users.models import UserProfile

from comments.tasks import queue_email

from .models import ClinicalReviewTask
from .notifications import replace_wagtail_notifiers, workflow_email_is_muted
from .publish_rule import check_page_save

# Wagtail's workflow email gives way to Kinship's, queued and in Kinship's words.
replace_wagtail_notifiers()


@receiver(pre_save, dispatch_uid="kinship_publish_rule")
def apply_publish_rule(sender, instance, raw=False, update_fields=None, **kwargs):
    # Any sender: a post saved as a BlogPage, as a plain Page or as any class between. Fixture
    # loading (raw) is left to the database trigger.
    if raw or not isinstance(instance, Page):
        return
    check_page_save(instance, update_fields)


@receiver(task_approved, dispatch_uid="kinship_clinical_review_approved_email")
def email_submitter_on_clinical_approval(sender, instance, user=None, **kwargs):
    task = instance.task.specific
    if workflow_email_is_muted() or not isinstance(task, ClinicalReviewTask):
        return
    submitter = instance.workflow_state.requested_by
    if submitter is None or not submitter.email or submitter == user:
        return
    # The same setting as the editor's final approval email (the writer's "approved"
    # notifications in their account).
    if not UserProfile.get_for_user(submitter).approved_notifications:
        return
    # Sent by the task worker after the approval commits: a mail server that is down never
    # turns a clinician's approval into an error page.
    queue_email(
        "editorial.emails.clinical_approval_message",
        task_state_id=instance.pk,
        reviewer_id=user.pk if user else None,
    )
