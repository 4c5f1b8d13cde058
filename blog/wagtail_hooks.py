"""Admin wiring for the blog: snippets, the publish rule's messages, reports and panels."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import review_admin, scheduling_admin  # noqa: F401  (register their own hooks)
from .authors import AuthorViewSet
from .comments import admin as comments_admin  # noqa: F401
from .comments import crisis_admin  # noqa: F401
from .models import BlogPage
from .taxonomy import BlogCategory
from .workflow import approval_covering


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "folder-open-inverse"
    menu_label = "Categories"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]


register_snippet(AuthorViewSet)
register_snippet(BlogCategoryViewSet)


def _unapproved(pages):
    """The BlogPages among `pages` whose latest version lacks a covering clinical approval."""
    refused = []
    for page in pages:
        if not issubclass(page.specific_class, BlogPage):
            continue
        revision = page.get_latest_revision()
        latest = revision.as_object() if revision else page.specific
        if approval_covering(latest) is None:
            refused.append(latest)
    return refused


@hooks.register("before_publish_page")
def refuse_publishing_without_clinical_approval(request, page):
    # The model refuses too (blog/workflow.py); this turns the refusal into an editor's
    # message. The draft has been saved by the time this hook runs, so nothing is lost.
    if _unapproved([page]):
        messages.error(
            request,
            f"“{page.get_admin_display_title()}” was saved as a draft but not published: "
            "this version has not been approved by a clinical reviewer. "
            "Submit it for clinical review; an editor can publish it once it is approved.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_without_clinical_approval(request, action_type, objects, action):
    if action_type != "publish":
        return None
    pages = list(objects)
    form = getattr(action, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in list(pages):
            pages.extend(page.get_descendants().not_live().specific())
    refused = _unapproved(pages)
    if refused:
        titles = ", ".join(f"“{page.title}”" for page in refused)
        messages.error(
            request,
            f"Nothing was published. Not clinically approved: {titles}. "
            "Each post needs a clinical reviewer's approval of its current version.",
        )
        return redirect(action.next_url)
    return None


@hooks.register("register_log_actions")
def register_publish_refused_log_action(actions):
    actions.register_action(
        "kinship.publish.refused",
        "Publish refused: not clinically approved",
        "Publish refused: not clinically approved",
    )
