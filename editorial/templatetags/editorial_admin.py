"""Template helpers of the editorial admin templates."""

from django import template

register = template.Library()


@register.filter
def not_editable(items):
    """The bulk-action items (dicts with `can_edit`) whose page the user cannot edit."""
    return [item for item in items if not item["can_edit"]]
