"""Site-wide changes purge every page: settings (the crisis help lines in every footer, the
comment policy on every article), the site itself, and images (a photo or its alt text can
appear anywhere). Settings and sites also purge the settings each process keeps
(pagecache/site_settings.py)."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Site

from .purge import purge_all
from .site_settings import kept as kept_settings


def _purge_all(sender, raw=False, **kwargs):
    if not raw:
        purge_all()


def _purge_settings(sender, raw=False, **kwargs):
    if not raw:
        kept_settings.purge()


def connect(models):
    for model in models:
        for signal in (post_save, post_delete):
            uid = f"kinship_pagecache_{model._meta.label}"
            signal.connect(_purge_all, sender=model, dispatch_uid=uid)
            if issubclass(model, (BaseSiteSetting, BaseGenericSetting, Site)):
                uid = f"kinship_pagecache_settings_{model._meta.label}"
                signal.connect(_purge_settings, sender=model, dispatch_uid=uid)


def site_wide_models(all_models):
    settings_models = [
        model
        for model in all_models
        if issubclass(model, (BaseSiteSetting, BaseGenericSetting)) and not model._meta.abstract
    ]
    return [*settings_models, Site, get_image_model()]
