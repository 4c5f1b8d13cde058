"""The clinical review status for the page editor's status side panel (templates/wagtailadmin/
shared/side_panels/status.html): Wagtail builds that panel itself, so a template tag is where
Kinship's row gets its data."""

from django import template

from ..status_panel import clinical_status

register = template.Library()


@register.simple_tag(takes_context=True)
def clinical_review_status(context):
    """The status of the panel's object (the version in the editor); None for other types."""
    return clinical_status(context.get("object"))
