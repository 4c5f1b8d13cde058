"""Admin wiring for the blog: the author and category snippets, the editor's word count."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
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


@hooks.register("insert_editor_js")
def editor_word_count_js():
    # A static file, not an inline script: the admin's Content-Security-Policy allows scripts
    # from the site itself. It acts on the body panel BlogPage marks (blog/models.py).
    return format_html('<script src="{}" defer></script>', static("js/editor-word-count.js"))
