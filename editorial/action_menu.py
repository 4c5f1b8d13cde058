"""The page editor's action menu for a post: Publish only for clinically approved content.

Where the version in the editor has no covering clinical approval, Publish (and its
"Schedule to publish" and "Publish this version" forms, the same menu item) could only be
refused by the before_publish_page hook, so it is not offered. In its place the menu shows the
clinical review status as an inert line (Wagtail's own "Page locked" item is the precedent: a
disabled button, since the dropdown holds only buttons and links) and makes the submit action
the primary one. Only people who would have been offered Publish see the change: writers and
clinicians keep their menus, and superusers follow the same rule as editors.

The hook wiring lives in wagtail_hooks.py; the refusal there and the model's publish rule stay
the defence, for autosaved edits the menu has not caught up with and every other route.
"""

from django.apps import apps
from wagtail.admin.action_menu import (
    ActionMenuItem,
    PublishMenuItem,
    SubmitForModerationMenuItem,
)

from cms.articles import get_article_model

from .status_panel import clinical_status, new_article_status


class ClinicalStatusMenuItem(ActionMenuItem):
    """The clinical review status, where Publish would be: says why, and what to do."""

    name = "kinship-clinical-status"
    template_name = "editorial/action_menu/clinical_status.html"

    def __init__(self, status, order=None):
        super().__init__(order=order)
        self.status = status
        self.label = status.menu_label
        self.icon_name = status.icon_name

    def is_shown(self, context):
        return True

    def get_context_data(self, parent_context):
        return {**super().get_context_data(parent_context), "status": self.status}


def _status_for_menu(request, context):
    """The status of what the menu would publish: the page in the editor (the edit view's page
    is its latest revision; the revert view's the old revision), or a post being created."""
    if context.get("view") == "create":
        kwargs = request.resolver_match.kwargs if request.resolver_match else {}
        try:
            model = apps.get_model(
                kwargs["content_type_app_name"], kwargs["content_type_model_name"]
            )
        except (KeyError, LookupError):
            return None
        return new_article_status() if issubclass(model, get_article_model()) else None
    return clinical_status(context.get("page"))


def offer_publish_only_when_approved(menu_items, request, context):
    """construct_page_action_menu: swap Publish for the status line and the submit action."""
    publish_items = [item for item in menu_items if isinstance(item, PublishMenuItem)]
    if not publish_items:
        return
    status = _status_for_menu(request, context)
    if status is None or status.ready_to_publish:
        return
    for item in publish_items:
        menu_items.remove(item)
    submit = next(
        (item for item in menu_items if isinstance(item, SubmitForModerationMenuItem)), None
    )
    if submit is not None:
        # The first item is the menu's primary button.
        menu_items.remove(submit)
        menu_items.insert(0, submit)
    # First in the dropdown, right under the primary button.
    menu_items.insert(1, ClinicalStatusMenuItem(status))
