"""Every role × every editorial action, through Wagtail's admin views over HTTP.

Each allowed action must succeed; each refused one must leave everything as it was. The
"changed" check of an action is the same observation either way, so a refusal that still
changed something fails the test.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset

from blog.authors import Author
from blog.models import BlogPage
from editorial.models import ClinicalApproval
from tests.factories import (
    AuthorFactory,
    admin_post_form_data,
    clinician,
    log_in_as,
    make_post,
    user_in_group,
)

ROLES = ["Writers", "Clinical reviewers", "Editors", "Moderators", "Administrators"]

#                        Writers Clinician Editors Moderators Admin
ALLOWED = {
    "create a draft": (True, False, True, False, True),
    "edit": (True, False, True, False, True),
    "submit for review": (True, False, True, False, True),
    "approve the clinical task": (False, True, False, False, False),
    "request changes in the clinical task": (False, True, False, False, False),
    "approve the editorial task": (False, False, True, False, True),
    "publish": (False, False, True, False, True),
    "schedule": (False, False, True, False, True),
    "unpublish": (False, False, True, False, True),
    "revert to an earlier version": (True, False, True, False, True),
    "delete a live post": (False, False, True, False, True),
    "edit an author": (False, False, True, False, True),
}


def reload(page):
    return BlogPage.objects.get(pk=page.pk)


def admin_created_draft(blog_index, author, slug="admin-made"):
    """A draft made through the admin, so re-posting the same form data changes nothing."""
    admin = get_user_model().objects.create_superuser("maker", "maker@example.org", "pw")
    from django.test import Client

    maker = Client()
    maker.force_login(admin)
    maker.post(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk]),
        admin_post_form_data(author, slug=slug),
    )
    return BlogPage.objects.get(slug=slug)


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


def edit(client, blog_index):
    author = AuthorFactory()
    post = admin_created_draft(blog_index, author)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        same_form(post, author, title="Edited title"),
    )
    return lambda: reload(post).get_latest_revision_as_object().title == "Edited title"


def submit_for_review(client, blog_index):
    author = AuthorFactory()
    post = admin_created_draft(blog_index, author)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        same_form(post, author, **{"action-submit": "1"}),
    )
    return lambda: WorkflowState.objects.filter(object_id=str(post.pk)).exists()


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


def revert_to_an_earlier_version(client, blog_index):
    author = AuthorFactory()
    post = admin_created_draft(blog_index, author)
    first = post.get_latest_revision()
    later = reload(post)
    later.title = "Second version"
    later.save_revision()
    client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[post.pk, first.pk]),
        same_form(post, author, title="The power of peer support"),
    )
    return lambda: reload(post).get_latest_revision_as_object().title != "Second version"


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
    "edit": edit,
    "submit for review": submit_for_review,
    "approve the clinical task": approve_the_clinical_task,
    "request changes in the clinical task": request_changes_in_the_clinical_task,
    "approve the editorial task": approve_the_editorial_task,
    "publish": publish,
    "schedule": schedule,
    "unpublish": unpublish,
    "revert to an earlier version": revert_to_an_earlier_version,
    "delete a live post": delete_a_live_post,
    "edit an author": edit_an_author,
}

CASES = [
    pytest.param(role, action, allowed[i], id=f"{role}-{action}")
    for action, allowed in ALLOWED.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize("role, action, allowed", CASES)
def test_role_can_or_cannot(client, blog_index, role, action, allowed):
    # The action's setup runs as other users; log the role in just before it acts.
    perform = ACTIONS[action]

    class LateLogin:
        def __getattr__(self, name):
            return getattr(client, name)

        def post(self, *args, **kwargs):
            log_in_as(client, role)
            return client.post(*args, **kwargs)

    took_effect = perform(LateLogin(), blog_index)
    assert took_effect() is allowed, f"{role} {'could not' if allowed else 'could'} {action}"
