"""Keeping the report's findings current: an article is checked again when it is published
or unpublished, and every live article when the guide changes, in the background once the
change is committed."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cms.articles import get_article_model

from . import tasks
from .models import LanguageTerm


@receiver(page_published, dispatch_uid="kinship_language_published")
@receiver(page_unpublished, dispatch_uid="kinship_language_unpublished")
def article_changed(sender, instance, **kwargs):
    if issubclass(sender, get_article_model()):
        transaction.on_commit(partial(tasks.recheck_pages.enqueue, [instance.pk]))


@receiver(post_save, sender=LanguageTerm, dispatch_uid="kinship_language_term_saved")
@receiver(post_delete, sender=LanguageTerm, dispatch_uid="kinship_language_term_deleted")
def guide_changed(sender, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(tasks.recheck_all.enqueue)
