from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark content (development and tests only: production does not install it)."""

    name = "demo"
    verbose_name = "Demo content"
