from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from . import cache_purge, signals  # noqa: F401  (connects the receivers)

        # After signals.py's receivers: their on-commit deletes of the cached topic counts
        # then run before the page cache's purge, so no page is stored with the old counts.
        cache_purge.connect()
