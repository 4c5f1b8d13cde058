"""Admin wiring of WordPress imports: the "Import from WordPress" area."""

from wagtail import hooks

from .admin_views import ImportRunViewSet


@hooks.register("register_admin_viewset")
def register_import_run_viewset():
    return ImportRunViewSet()
