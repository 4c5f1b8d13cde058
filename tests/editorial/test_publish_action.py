"""The page editor's action menu offers Publish only for clinically approved content
(editorial/action_menu.py), and says the clinical review status instead (editorial/
status_panel.py): in the action menu and in the status side panel."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.action_menu import (
    PublishMenuItem,
    SaveDraftMenuItem,
    SubmitForModerationMenuItem,
)

from blog.models import BlogPage
from editorial.action_menu import ClinicalStatusMenuItem
from editorial.models import ClinicalApproval
from editorial.status_panel import (
    APPROVED,
    CHANGES_REQUESTED,
    IN_REVIEW,
    NEEDS_REVIEW,
    clinical_status,
)
from tests.factories import (
    AuthorFactory,
    CategoryFactory,
    admin_post_form_data,
    article_body,
    clinician,
    make_post,
    user_in_group,
)

pytestmark = pytest.mark.django_db

NEEDS_REVIEW_LINE = "Needs clinical review — submit it"


@pytest.fixture
def editor(db):
    return user_in_group("editor-1", "Editors", first_name="Eddie")


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture(params=["editor", "superuser"])
def publisher(request):
    """Someone who could publish: an editor, or a superuser (who follows the same rule)."""
    return request.getfixturevalue(request.param)


def edit(post, user=None, summary="A summary a clinician has not read."):
    """Save a new revision of `post` whose content differs from the approved one."""
    draft = BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    draft.summary = summary
    return draft.save_revision(user=user)


def approve_latest(post):
    """A clinician approves the latest revision, after the post's publish has committed (the
    database's publish-rule trigger runs at commit, and a test's transaction never commits)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    revision = BlogPage.objects.get(pk=post.pk).get_latest_revision()
    return ClinicalApproval.objects.record(revision, clinician())


def action_menu(client, user, post):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]))
    assert response.status_code == 200
    return response.context["action_menu"], response.content.decode()


def item_types(menu):
    return [type(menu.default_item), *(type(item) for item in menu.menu_items)]


def status_item(menu):
    items = [menu.default_item, *menu.menu_items]
    return next((item for item in items if isinstance(item, ClinicalStatusMenuItem)), None)


def start_review(post, user):
    post = BlogPage.objects.get(pk=post.pk)
    post.get_workflow().start(post, user)


# --- Publish is offered for approved content only -------------------------------------------


def test_an_approved_post_offers_publish_without_a_status_line(client, publisher, post):
    menu, html = action_menu(client, publisher, post)
    assert PublishMenuItem in item_types(menu)
    assert status_item(menu) is None
    assert 'name="action-publish"' in html


def test_after_an_edit_publish_is_gone_and_submit_is_the_primary_action(client, publisher, post):
    edit(post, publisher)
    menu, html = action_menu(client, publisher, post)

    assert PublishMenuItem not in item_types(menu)
    assert 'name="action-publish"' not in html
    assert isinstance(menu.default_item, SubmitForModerationMenuItem)
    # The status line comes first in the dropdown, where Publish was; Save draft stays.
    assert isinstance(menu.menu_items[0], ClinicalStatusMenuItem)
    assert SaveDraftMenuItem in item_types(menu)
    assert NEEDS_REVIEW_LINE in html
    assert "Submit to Clinical review and editorial approval" in html


def test_once_the_edit_is_approved_publish_is_offered_again(client, publisher, post):
    edit(post, publisher)
    approve_latest(post)
    menu, html = action_menu(client, publisher, post)
    assert PublishMenuItem in item_types(menu)
    assert status_item(menu) is None
    assert isinstance(menu.default_item, SaveDraftMenuItem)  # Wagtail's own order again


def test_a_never_approved_draft_offers_no_publish(client, publisher, blog_index):
    draft = make_post(blog_index, title="New draft", publish=False)
    menu, html = action_menu(client, publisher, draft)
    assert PublishMenuItem not in item_types(menu)
    assert status_item(menu).status.state == NEEDS_REVIEW
    assert "Not yet approved by a clinical reviewer" in html


def test_a_new_post_offers_submit_not_publish(client, publisher, blog_index):
    client.force_login(publisher)
    url = reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk])
    menu = client.get(url).context["action_menu"]
    assert PublishMenuItem not in item_types(menu)
    assert isinstance(menu.default_item, SubmitForModerationMenuItem)
    assert status_item(menu).label == NEEDS_REVIEW_LINE


def test_pages_other_than_posts_keep_publish(client, superuser, blog_index):
    menu, html = action_menu(client, superuser, blog_index)
    assert PublishMenuItem in item_types(menu)
    assert status_item(menu) is None


def test_reviewing_an_unapproved_old_version_offers_no_publish(client, publisher, post):
    unapproved = edit(post, publisher, summary="First change.")
    edit(post, publisher, summary="Second change.")
    approve_latest(post)
    client.force_login(publisher)
    url = reverse("wagtailadmin_pages:revisions_revert", args=[post.pk, unapproved.pk])
    menu = client.get(url).context["action_menu"]
    assert PublishMenuItem not in item_types(menu)
    assert status_item(menu).status.state == NEEDS_REVIEW


def test_writers_menu_is_unchanged(client, blog_index):
    writer = user_in_group("writer-1", "Writers")
    draft = make_post(blog_index, title="Writer's draft", publish=False, owner=writer)
    menu, html = action_menu(client, writer, draft)
    # Writers never had Publish, so there is nothing to replace.
    assert PublishMenuItem not in item_types(menu)
    assert status_item(menu) is None
    assert isinstance(menu.default_item, SaveDraftMenuItem)


def test_clinicians_never_get_the_editor(client, post):
    client.force_login(clinician())
    response = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]))
    assert response.status_code in (302, 403)


def test_the_publish_refusal_stays_as_the_defence(client, editor, post):
    """A POST with action-publish (an old tab, an autosaved edit) is still refused."""
    edit(post, editor)
    client.force_login(editor)
    draft = post.get_latest_revision_as_object()
    live_revision_id = post.live_revision_id
    data = admin_post_form_data(
        post.blog_authors.first().author,
        title=draft.title,
        slug=post.slug,
        summary="Edited again.",
        **{"action-publish": "action-publish"},
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[post.pk]), data)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.live_revision_id == live_revision_id


# --- The status: in the action menu and the status side panel ----------------------------


def test_status_while_in_clinical_review(client, editor, superuser, post):
    writer = user_in_group("writer-1", "Writers")
    edit(post, writer)
    start_review(post, writer)
    status = clinical_status(BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object())
    assert status.state == IN_REVIEW
    assert status.title.startswith("In clinical review since ")

    # The clinical review task locks the page for editors (Wagtail's workflow lock): their
    # menu is Wagtail's "Page locked", and the status side panel says why.
    menu, html = action_menu(client, editor, post)
    assert PublishMenuItem not in item_types(menu)
    assert status.title in html

    # A superuser is not locked out: no Publish, the status line, Save draft stays primary
    # (the post is already submitted).
    menu, html = action_menu(client, superuser, post)
    assert PublishMenuItem not in item_types(menu)
    assert isinstance(menu.default_item, SaveDraftMenuItem)
    assert status_item(menu).label == status.title


def test_status_when_changes_were_requested(client, editor, post):
    writer = user_in_group("writer-1", "Writers")
    edit(post, writer)
    start_review(post, writer)
    post = BlogPage.objects.get(pk=post.pk)
    task_state = post.current_workflow_task_state
    task_state.task.specific.on_action(task_state, clinician(), "reject", comment="Cite it.")

    status = clinical_status(BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object())
    assert status.state == CHANGES_REQUESTED
    menu, html = action_menu(client, editor, post)
    assert status_item(menu).label == "Changes requested — edit and resubmit it"
    assert isinstance(menu.default_item, SubmitForModerationMenuItem)
    assert "Resubmit to Clinical review" in html


def test_status_side_panel_says_approved_and_ready(client, editor, post):
    status = clinical_status(BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object())
    assert status.state == APPROVED
    _, html = action_menu(client, editor, post)
    assert "Clinically approved, ready to publish" in html
    assert f"Approved by {status.approval.reviewer_name}" in html


def test_status_side_panel_names_the_approval_the_edit_changed(client, editor, post):
    approval = ClinicalApproval.objects.latest_for(post)
    edit(post, editor)
    _, html = action_menu(client, editor, post)
    assert "Needs clinical review" in html
    assert f"Changed since the clinical approval by {approval.reviewer_name}" in html


def test_the_status_is_computed_once_per_edit_view(client, editor, post, monkeypatch):
    from editorial import status_panel

    calls = []
    compute = status_panel._compute
    monkeypatch.setattr(status_panel, "_compute", lambda page: calls.append(page) or compute(page))
    edit(post, editor)
    action_menu(client, editor, post)
    assert len(calls) == 1  # the action menu and the side panel share it


# --- Query cost ------------------------------------------------------------------------------


def big_post(blog_index):
    authors = [AuthorFactory() for _ in range(4)]
    categories = [CategoryFactory() for _ in range(4)]
    body = article_body() * 4
    return make_post(
        blog_index,
        title="Big post",
        authors=authors,
        categories=categories,
        tags=[f"tag-{i}" for i in range(6)],
        body=body,
    )


def edit_view_queries(client, post):
    url = reverse("wagtailadmin_pages:edit", args=[post.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("edited", [False, True], ids=["approved", "edited"])
def test_the_status_adds_a_small_constant_number_of_queries(
    client, editor, blog_index, monkeypatch, edited
):
    from editorial import action_menu as action_menu_module
    from editorial.templatetags import clinical_status as clinical_status_tag

    small = make_post(blog_index, title="Small post")
    big = big_post(blog_index)
    if edited:
        edit(small, editor)
        edit(big, editor)
    client.force_login(editor)
    for warm in (small, big):  # caches: content types, site root paths, the session
        edit_view_queries(client, warm)

    with_status = [edit_view_queries(client, small), edit_view_queries(client, big)]
    monkeypatch.setattr(action_menu_module, "clinical_status", lambda page: None)
    monkeypatch.setattr(clinical_status_tag, "clinical_status", lambda page: None)
    without = [edit_view_queries(client, small), edit_view_queries(client, big)]

    # The latest approval, then either the workflow state (edited) or, for approved content
    # without unpublished changes, the three relations the fingerprint reads from the page
    # row (authors, categories, tags): the same for a post of any size.
    added = [a - b for a, b in zip(with_status, without, strict=True)]
    assert added[0] == added[1], (with_status, without)
    assert added[0] == (2 if edited else 4), (with_status, without)


def test_a_post_in_review_is_in_review_not_in_moderation(client, editor, superuser, post):
    # Kinship says "moderation" only of reader comments: not in the status side panel, nor in
    # the page listings' status tag.
    writer = user_in_group("writer-2", "Writers")
    edit(post, writer)
    start_review(post, writer)
    post = BlogPage.objects.get(pk=post.pk)
    assert post.status_string == "live + in review"
    _, html = action_menu(client, superuser, post)
    assert "In review" in html
    assert "moderation" not in html.lower().replace("comment moderation", "")
    listing = client.get(reverse("wagtailadmin_explore", args=[post.get_parent().pk]))
    assert "live + in review" in listing.content.decode()
    assert "in moderation" not in listing.content.decode().lower()


def test_an_empty_workflow_history_says_review_not_moderation(client, editor, post):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:workflow_history", args=[post.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This page hasn’t been submitted for review yet." in html
    assert "submitted for moderation" not in html
