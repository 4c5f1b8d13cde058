"""Admin wiring for the blog: the author and category snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .authors import AuthorViewSet
from .taxonomy import BlogCategory


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "folder-open-inverse"
    menu_label = "Categories"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]


register_snippet(AuthorViewSet)
register_snippet(BlogCategoryViewSet)
