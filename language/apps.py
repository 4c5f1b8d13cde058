from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "language"
    verbose_name = "Language check"

    def ready(self):
        from . import signals  # noqa: F401
