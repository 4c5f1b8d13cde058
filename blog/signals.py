"""Set up each new blog section (role permissions and the editorial workflow), and keep what
is stored or cached about posts in step with them: the related lists (blog/related.py) and the
category counts (blog/taxonomy.py)."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from editorial.roles import grant_blog_section
from editorial.workflow_setup import assign_workflow

from . import related, tasks
from .models import BlogPage
from .taxonomy import BlogCategory, purge_category_counts


@receiver(post_save, sender="blog.BlogIndexPage", dispatch_uid="kinship_blog_section")
def set_up_blog_section(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_blog_section(apps.get_model, [instance.pk])
        assign_workflow(apps.get_model, [instance.pk])


@receiver(page_published, sender=BlogPage, dispatch_uid="kinship_related_published")
def post_published(sender, instance, **kwargs):
    tasks.rank_after_publish.enqueue(instance.pk)
    purge_category_counts()


@receiver(page_unpublished, sender=BlogPage, dispatch_uid="kinship_related_unpublished")
def post_unpublished(sender, instance, **kwargs):
    tasks.rank_after_withdrawal.enqueue([instance.pk])
    purge_category_counts()


@receiver(pre_delete, sender=BlogPage, dispatch_uid="kinship_related_before_delete")
def remember_holders(sender, instance, **kwargs):
    # The post's rows go with it (CASCADE): note now which lists showed it.
    instance._related_holders = related.articles_showing([instance.pk])


@receiver(post_delete, sender=BlogPage, dispatch_uid="kinship_related_deleted")
def post_deleted(sender, instance, **kwargs):
    holders = getattr(instance, "_related_holders", [])
    tasks.rank_after_withdrawal.enqueue([instance.pk], holders=holders)
    purge_category_counts()


@receiver(post_page_move, dispatch_uid="kinship_counts_moved")
def page_moved(sender, instance, **kwargs):
    # A post moved into or out of a private section changes what readers can see.
    purge_category_counts()


def _posts_under(restriction):
    return BlogPage.objects.descendant_of(restriction.page, inclusive=True).filter(live=True)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="kinship_restriction_added")
def restriction_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        posts = list(_posts_under(instance).values_list("pk", flat=True))
        tasks.rank_after_withdrawal.enqueue(posts)
        purge_category_counts()


@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="kinship_restriction_removed")
def restriction_deleted(sender, instance, **kwargs):
    # Deleting a page deletes its restrictions first; the page may be gone already.
    if not Page.objects.filter(pk=instance.page_id).exists():
        return
    for post_id in _posts_under(instance).values_list("pk", flat=True):
        tasks.rank_after_publish.enqueue(post_id)
    purge_category_counts()


@receiver(post_save, sender=BlogCategory, dispatch_uid="kinship_counts_category_saved")
@receiver(post_delete, sender=BlogCategory, dispatch_uid="kinship_counts_category_deleted")
def category_changed(sender, raw=False, **kwargs):
    if not raw:
        purge_category_counts()
