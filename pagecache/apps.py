from django.apps import AppConfig, apps


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from .signals import connect, site_wide_models

        connect(site_wide_models(apps.get_models()))
