"""Set up each new blog section: role permissions and the editorial workflow."""

from django.apps import apps
from django.db.models.signals import post_save
from django.dispatch import receiver

from editorial.roles import grant_blog_section
from editorial.workflow_setup import assign_workflow


@receiver(post_save, sender="blog.BlogIndexPage", dispatch_uid="kinship_blog_section")
def set_up_blog_section(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_blog_section(apps.get_model, [instance.pk])
        assign_workflow(apps.get_model, [instance.pk])
