"""Every role × every editorial action, through Wagtail's admin views over HTTP.

Each allowed action must succeed; each refused one must leave everything as it was. The
"changed" check of an action is the same observation either way, so a refusal that still
changed something fails the test.

The page actions are tried on the role's own page (its owner is the acting user) and on
somebody else's (another writer's): Writers hold Wagtail's `add` permission on the blog, so
they may work on their own pages only.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset

from blog.authors import Author
from blog.models import BlogIndexPage, BlogPage
from editorial.models import ClinicalApproval
from tests.factories import (
    SUPERUSER_ROLES,
    AuthorFactory,
    admin_post_form_data,
    clinician,
    make_post,
    user_in_group,
)

ROLES = ["Writers", "Clinical reviewers", "Editors", "Moderators", "Administrators"]

#                        Writers Clinician Editors Moderators Admin
ALLOWED = {
    "create a draft": (True, False, True, False, True),
    "submit their own draft for review": (True, False, True, False, True),
    "revise and resubmit their own draft after changes are requested": (
        True,
        False,
        True,
        False,
        True,
    ),
    "approve the clinical task": (False, True, False, False, False),
    "request changes in the clinical task": (False, True, False, False, False),
    "approve the editorial task": (False, False, True, False, True),
    "publish": (False, False, True, False, True),
    "schedule": (False, False, True, False, True),
    "unpublish": (False, False, True, False, True),
    "delete a live post": (False, False, True, False, True),
    "edit an author": (False, False, True, False, True),
}

# Page actions on the role's own page and on another writer's page: (own, others').
#                     Writers          Clinician       Editors       Moderators      Admin
ON_PAGES = {
    "open the editor": ((True, False), (False, False), (True, True), (False, False), (True, True)),
    "edit": ((True, False), (False, False), (True, True), (False, False), (True, True)),
    "delete a draft": ((True, False), (False, False), (True, True), (False, False), (True, True)),
    "delete a live page": (
        (False, False),
        (False, False),
        (True, True),
        (False, False),
        (True, True),
    ),
    "publish": ((False, False), (False, False), (True, True), (False, False), (True, True)),
    "unpublish": ((False, False), (False, False), (True, True), (False, False), (True, True)),
    "revert": ((True, False), (False, False), (True, True), (False, False), (True, True)),
    "move": ((True, False), (False, False), (True, True), (False, False), (True, True)),
    "copy": ((True, False), (False, False), (True, True), (False, False), (True, True)),
}


def actor(role):
    """The one user of `role` (a group name, or a superuser role) the tests act as."""
    if role in SUPERUSER_ROLES:
        user = get_user_model().objects.filter(username="root").first()
        return user or get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    return user_in_group(f"user-{role.split()[0].lower()}", role)


def reload(page):
    return BlogPage.objects.get(pk=page.pk)


def admin_created_draft(blog_index, author, slug="admin-made", owner=None):
    """A draft made through the admin, so re-posting the same form data changes nothing.
    `owner` becomes its owner (the admin's maker otherwise)."""
    admin = get_user_model().objects.filter(username="maker").first()
    admin = admin or get_user_model().objects.create_superuser("maker", "maker@example.org", "pw")
    maker = Client()
    maker.force_login(admin)
    maker.post(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk]),
        admin_post_form_data(author, slug=slug),
    )
    post = BlogPage.objects.get(slug=slug)
    if owner is not None:
        BlogPage.objects.filter(pk=post.pk).update(owner=owner)
        post.owner = owner
    return post


def same_form(post, author, **extra):
    row = post.blog_authors.get()
    authors = inline_formset([{"id": str(row.pk), "author": str(author.pk)}], initial=1, min=1)
    return admin_post_form_data(author, slug=post.slug, blog_authors=authors, **extra)


def in_workflow(post, until="clinical"):
    writer = user_in_group("wf-writer", "Writers")
    post.save_revision(user=writer)
    state = post.get_workflow().start(post, writer)
    if until == "editorial":
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, clinician(), "approve")
        state.refresh_from_db()
    return state.current_task_state


# --- The actions: each returns a function telling whether it took effect. ------------------


def create_a_draft(client, blog_index):
    client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk]),
        admin_post_form_data(AuthorFactory(), slug="brand-new"),
    )
    return lambda: BlogPage.objects.filter(slug="brand-new").exists()


def submit_their_own_draft_for_review(client, blog_index):
    author = AuthorFactory()
    post = admin_created_draft(blog_index, author, owner=actor(client.role))
    client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        same_form(post, author, **{"action-submit": "1"}),
    )
    return lambda: WorkflowState.objects.filter(object_id=str(post.pk)).exists()


def revise_and_resubmit(client, blog_index):
    # In clinical review the post is locked to all but its reviewers (Wagtail's group approval
    # task); once they request changes, the writer revises it and submits it again.
    author = AuthorFactory()
    owner = actor(client.role)
    post = admin_created_draft(blog_index, author, owner=owner)
    state = post.get_workflow().start(post, owner)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, clinician(), "reject", comment="Add sources.")
    client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        same_form(post, author, title="Revised", **{"action-submit": "1"}),
    )

    def took_effect():
        state.refresh_from_db()
        revised = reload(post).get_latest_revision_as_object().title == "Revised"
        return revised and state.status == WorkflowState.STATUS_IN_PROGRESS

    return took_effect


def approve_the_clinical_task(client, blog_index):
    post = make_post(blog_index, title="In review", publish=False)
    task_state = in_workflow(post)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk])
    )
    return lambda: ClinicalApproval.objects.filter(page=post).exists()


def request_changes_in_the_clinical_task(client, blog_index):
    post = make_post(blog_index, title="In review", publish=False)
    task_state = in_workflow(post)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "reject", task_state.pk]),
        {"comment": "Please add references."},
    )
    return lambda: type(task_state).objects.get(pk=task_state.pk).status == "rejected"


def approve_the_editorial_task(client, blog_index):
    post = make_post(blog_index, title="In editorial review", publish=False)
    task_state = in_workflow(post, until="editorial")
    assert task_state.task.name == "Editorial approval"
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk])
    )
    return lambda: reload(post).live


def publish(client, blog_index):
    post = make_post(blog_index, title="Approved draft", publish=False)
    ClinicalApproval.objects.record(post.get_latest_revision(), clinician())
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={post.pk}&next=/admin/")
    return lambda: reload(post).live


def schedule(client, blog_index):
    author = AuthorFactory()
    post = admin_created_draft(blog_index, author)
    ClinicalApproval.objects.record(post.get_latest_revision(), clinician())
    tomorrow = timezone.localtime(timezone.now() + timezone.timedelta(days=1))
    client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        same_form(
            post,
            author,
            go_live_at=tomorrow.strftime("%Y-%m-%d %H:%M:%S"),
            **{"action-publish": "1"},
        ),
    )
    return lambda: reload(post).revisions.filter(approved_go_live_at__isnull=False).exists()


def unpublish(client, blog_index):
    post = make_post(blog_index, title="Live post")
    client.post(reverse("wagtailadmin_pages:unpublish", args=[post.pk]))
    return lambda: not reload(post).live


def delete_a_live_post(client, blog_index):
    post = make_post(blog_index, title="Live post")
    client.post(reverse("wagtailadmin_pages:delete", args=[post.pk]))
    return lambda: not Page.objects.filter(pk=post.pk).exists()


def edit_an_author(client, blog_index):
    author = AuthorFactory(name="Old Name")
    client.post(
        reverse("wagtailsnippets_blog_author:edit", args=[author.pk]),
        {"name": "New Name", "credentials": "CPRS", "role": "", "bio": "", "slug": author.slug},
    )
    return lambda: Author.objects.get(pk=author.pk).name == "New Name"


ACTIONS = {
    "create a draft": create_a_draft,
    "submit their own draft for review": submit_their_own_draft_for_review,
    "revise and resubmit their own draft after changes are requested": revise_and_resubmit,
    "approve the clinical task": approve_the_clinical_task,
    "request changes in the clinical task": request_changes_in_the_clinical_task,
    "approve the editorial task": approve_the_editorial_task,
    "publish": publish,
    "schedule": schedule,
    "unpublish": unpublish,
    "delete a live post": delete_a_live_post,
    "edit an author": edit_an_author,
}

CASES = [
    pytest.param(role, action, allowed[i], id=f"{role}-{action}")
    for action, allowed in ALLOWED.items()
    for i, role in enumerate(ROLES)
]


class LateLogin:
    """The test client, signing the role in just before it acts: an action's setup runs as
    other users."""

    def __init__(self, client, role):
        self.client, self.role = client, role

    def _log_in(self):
        self.client.force_login(actor(self.role))

    def get(self, *args, **kwargs):
        self._log_in()
        return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        self._log_in()
        return self.client.post(*args, **kwargs)


@pytest.mark.parametrize("role, action, allowed", CASES)
def test_role_can_or_cannot(client, blog_index, role, action, allowed):
    took_effect = ACTIONS[action](LateLogin(client, role), blog_index)
    assert took_effect() is allowed, f"{role} {'could not' if allowed else 'could'} {action}"


# --- Page actions on one's own page and on another writer's -----------------------------------


def page_of(owner_user, blog_index, live=False, title="A page"):
    """A post owned by `owner_user`, as the admin made it (so the editor form round-trips)."""
    author = AuthorFactory()
    slug = f"page-of-{owner_user.username}"
    post = admin_created_draft(blog_index, author, slug=slug, owner=owner_user)
    if live:
        ClinicalApproval.objects.record(post.get_latest_revision(), clinician())
        post.get_latest_revision().publish()
    return reload(post), author


def refused(response):
    # Wagtail answers a refused admin view with 403 or a redirect away from it, never a form.
    return response.status_code == 403 or (
        response.status_code == 302 and response.url != response.request["PATH_INFO"]
    )


def open_the_editor(client, post, author, blog_index):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]))
    if response.status_code == 200:
        return lambda: True
    assert refused(response)
    return lambda: False


def edit_page(client, post, author, blog_index):
    client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        same_form(post, author, title="Edited title"),
    )
    return lambda: reload(post).get_latest_revision_as_object().title == "Edited title"


def delete_page(client, post, author, blog_index):
    response = client.post(reverse("wagtailadmin_pages:delete", args=[post.pk]))
    gone = not Page.objects.filter(pk=post.pk).exists()
    if not gone:
        assert refused(response)  # and the page survives
    return lambda: gone


def publish_page(client, post, author, blog_index):
    ClinicalApproval.objects.record(post.get_latest_revision(), clinician())
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={post.pk}&next=/admin/")
    return lambda: reload(post).live


def unpublish_page(client, post, author, blog_index):
    client.post(reverse("wagtailadmin_pages:unpublish", args=[post.pk]))
    return lambda: not reload(post).live


def revert_page(client, post, author, blog_index):
    first = post.get_latest_revision()
    later = reload(post)
    later.title = "Second version"
    later.save_revision()
    client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[post.pk, first.pk]),
        same_form(post, author, title="The power of peer support"),
    )
    return lambda: reload(post).get_latest_revision_as_object().title != "Second version"


def move_page(client, post, author, blog_index):
    other_blog = blog_index.get_parent().add_child(
        instance=BlogIndexPage(title="Second blog", slug="second-blog")
    )
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[post.pk, other_blog.pk]))
    return lambda: reload(post).get_parent().pk == other_blog.pk


def copy_page(client, post, author, blog_index):
    client.post(
        reverse("wagtailadmin_pages:copy", args=[post.pk]),
        {
            "new_title": "A copy",
            "new_slug": "a-copy",
            "new_parent_page": str(blog_index.pk),
            "alias": "",
            "publish_copies": "",
        },
    )
    return lambda: BlogPage.objects.filter(slug="a-copy").exists()


PAGE_ACTIONS = {
    "open the editor": (open_the_editor, False),
    "edit": (edit_page, False),
    "delete a draft": (delete_page, False),
    "delete a live page": (delete_page, True),
    "publish": (publish_page, False),
    "unpublish": (unpublish_page, True),
    "revert": (revert_page, False),
    "move": (move_page, False),
    "copy": (copy_page, False),
}

PAGE_CASES = [
    pytest.param(role, action, whose, allowed[i][j], id=f"{role}-{action}-{whose}")
    for action, allowed in ON_PAGES.items()
    for i, role in enumerate(ROLES)
    for j, whose in enumerate(["own", "others'"])
]


@pytest.mark.parametrize("role, action, whose, allowed", PAGE_CASES)
def test_role_on_own_and_others_pages(client, blog_index, role, action, whose, allowed):
    perform, live = PAGE_ACTIONS[action]
    owner = actor(role) if whose == "own" else user_in_group("other-writer", "Writers")
    post, author = page_of(owner, blog_index, live=live)
    took_effect = perform(LateLogin(client, role), post, author, blog_index)
    assert took_effect() is allowed, f"{role} {'could not' if allowed else 'could'} {action}"
