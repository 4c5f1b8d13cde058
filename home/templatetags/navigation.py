from django import template
from wagtail.models import Site

from home.navigation import menu_pages

register = template.Library()


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The site root and its live children marked "Show in menus", for the header.

    Each link carries its aria-current state: "page" for the page itself, "true" for
    a section the reader is inside (e.g. Blog while reading a post).
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"links": []}
    root = site.root_page
    current = context.get("page")
    current_path = getattr(current, "path", "")

    def state(page):
        if current_path == page.path:
            return "page"
        if page.depth > root.depth and current_path.startswith(page.path):
            return "true"
        return ""

    pages = [root, *menu_pages(root)]
    links = [
        {"page": p, "title": "Home" if p.pk == root.pk else p.title, "current": state(p)}
        for p in pages
    ]
    return {"links": links, "request": request}
