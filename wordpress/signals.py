"""Redirects from an imported post's WordPress addresses, made when the post first goes live
(not at import: until a clinician approves it there is nothing to send readers to)."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.contrib.redirects.models import Redirect
from wagtail.signals import page_published

from .models import ImportedPost


@receiver(page_published, dispatch_uid="wordpress_redirects_on_publish")
def redirect_old_addresses(sender, instance, **kwargs):
    imported = ImportedPost.objects.filter(page_id=instance.pk, redirects_created=False).first()
    if imported is None:
        return
    site = instance.get_site()
    new_path = Redirect.normalise_path(instance.get_url_parts()[2] if site else instance.url)
    with transaction.atomic():
        for old_path in imported.old_paths:
            path = Redirect.normalise_path(old_path)
            if path == new_path:
                continue  # the same address on both sites: nothing to redirect
            # An address an editor has already redirected elsewhere keeps that redirect.
            Redirect.objects.get_or_create(
                old_path=path,
                site=site,
                defaults={"redirect_page": instance, "is_permanent": True},
            )
        ImportedPost.objects.filter(pk=imported.pk).update(redirects_created=True)
