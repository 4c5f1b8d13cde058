"""Purge the cached navigation (home/navigation.py) when a page it may show changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import navigation


@receiver(page_published, dispatch_uid="kinship_navigation_published")
@receiver(page_unpublished, dispatch_uid="kinship_navigation_unpublished")
@receiver(post_page_move, dispatch_uid="kinship_navigation_moved")
def page_changed(sender, **kwargs):
    navigation.purge()


@receiver(post_delete, dispatch_uid="kinship_navigation_deleted")
def page_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        navigation.purge()


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="kinship_navigation_restricted")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="kinship_navigation_opened")
@receiver(post_save, sender=Site, dispatch_uid="kinship_navigation_site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="kinship_navigation_site_deleted")
def restriction_or_site_changed(sender, raw=False, **kwargs):
    if not raw:
        navigation.purge()
