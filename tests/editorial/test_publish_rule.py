"""The publish rule on every route: no BlogPage revision goes live without a clinical
approval of exactly its content (editorial/publish_rule.py)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset

from blog.models import BlogPage
from editorial.models import ClinicalApproval
from editorial.publish_rule import ClinicalApprovalRequired
from tests.factories import (
    AuthorFactory,
    admin_post_form_data,
    clinician,
    make_post,
    publish_approved,
    user_in_group,
)

REFUSED = "has not been approved by a clinical reviewer"


@pytest.fixture
def editor(db):
    return user_in_group("editor-1", "Editors")


@pytest.fixture
def editor_client(client, editor, site_tree):
    client.force_login(editor)
    return client


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def edit_data(post, **overrides):
    """The editor's POST for `post`, keeping its author and slug."""
    author_link = post.blog_authors.first()
    return admin_post_form_data(author_link.author, slug=post.slug, **overrides)


def reload(post):
    return BlogPage.objects.get(pk=post.pk)


# --- From code ----------------------------------------------------------------------------


def test_revision_publish_without_approval_is_refused_and_changes_nothing(blog_index):
    post = make_post(blog_index, title="Draft", publish=False)
    revision = post.get_latest_revision()
    with pytest.raises(ClinicalApprovalRequired):
        revision.publish()
    post = reload(post)
    assert not post.live and post.live_revision is None and post.first_published_at is None


def test_revision_publish_with_approval_goes_live_and_records_the_review(blog_index):
    post = make_post(blog_index, title="Draft", publish=False)
    revision = post.get_latest_revision()
    approval = ClinicalApproval.objects.record(revision, clinician())
    revision.publish()
    post = reload(post)
    assert post.live and post.live_revision == revision
    assert post.clinical_approval == approval
    assert approval.revision == revision and approval.reviewer_name == "Casey Reviewer"


def test_an_edit_after_approval_needs_a_new_approval(blog_index):
    post = make_post(blog_index, title="Reviewed")
    post = reload(post)
    post.summary = "A changed summary that the clinician has not seen."
    revision = post.save_revision()
    with pytest.raises(ClinicalApprovalRequired):
        revision.publish()
    assert reload(post).summary != post.summary

    ClinicalApproval.objects.record(revision, clinician())
    revision.publish()
    assert reload(post).summary == post.summary


def test_an_unchanged_copy_of_the_approved_revision_counts(blog_index):
    post = make_post(blog_index, title="Draft", publish=False)
    approved = post.get_latest_revision()
    ClinicalApproval.objects.record(approved, clinician())
    # Saving again without changing content (as Wagtail does on approval) makes a new
    # revision with the same content.
    copy = reload(post).get_latest_revision_as_object().save_revision()
    assert copy.pk != approved.pk
    copy.publish()
    assert reload(post).live


@pytest.mark.parametrize(
    "change",
    [
        lambda p: setattr(p, "title", "New title"),
        lambda p: p.body.append(("paragraph", "<p>One more paragraph.</p>")),
        lambda p: p.tags.add("new-tag"),
        lambda p: setattr(p, "blog_authors", [*p.blog_authors.all()][:0] or []),
    ],
    ids=["title", "body", "tags", "authors"],
)
def test_every_reader_visible_change_invalidates_the_approval(blog_index, change):
    post = make_post(blog_index, title="Reviewed", tags=["hope"])
    draft = reload(post)
    change(draft)
    if not draft.blog_authors.all():
        draft.blog_authors = [type(post.blog_authors.first())(author=AuthorFactory())]
    with pytest.raises(ClinicalApprovalRequired):
        draft.save_revision().publish()


def test_a_reverted_revision_needs_approval_again(blog_index):
    post = make_post(blog_index, title="First version")
    first = reload(post).live_revision
    later = reload(post)
    later.title = "Second version"
    publish_approved(later)
    # Going back to the first content: its old approval is not the latest one any more.
    reverted = first.as_object().save_revision(previous_revision=first)
    with pytest.raises(ClinicalApprovalRequired):
        reverted.publish(previous_revision=first)
    assert reload(post).title == "Second version"


def test_a_new_blog_page_is_always_created_as_a_draft(blog_index):
    page = BlogPage(title="Straight to live", slug="straight", summary="s", body=[], live=True)
    blog_index.add_child(instance=page)
    assert not BlogPage.objects.get(slug="straight").live


def test_a_copy_of_a_live_post_is_a_draft_that_needs_its_own_review(blog_index):
    post = make_post(blog_index, title="Original")
    copy = reload(post).copy(update_attrs={"slug": "original-copy"}, keep_live=True)
    copy = reload(copy)
    assert not copy.live and copy.clinical_approval is None
    with pytest.raises(ClinicalApprovalRequired):
        copy.save_revision().publish()


def test_setting_live_directly_is_refused(blog_index):
    post = make_post(blog_index, title="Draft", publish=False)
    post = reload(post)
    post.live = True
    with pytest.raises(ClinicalApprovalRequired):
        post.save()
    assert not reload(post).live


def test_unpublishing_is_always_allowed(blog_index):
    post = make_post(blog_index, title="Live")
    # A newer approval of other content does not stand in the way of taking a post down.
    draft = reload(post)
    draft.title = "Changed"
    ClinicalApproval.objects.record(draft.save_revision(), clinician())
    reload(post).unpublish()
    assert not reload(post).live


# --- The admin ----------------------------------------------------------------------------


def test_publish_button_refuses_unapproved_content_with_a_message(editor_client, blog_index):
    post = make_post(blog_index, title="Live title")
    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        edit_data(post, title="Edited title", **{"action-publish": "publish"}),
        follow=True,
    )
    assert response.status_code == 200
    assert any(REFUSED in m for m in messages_of(response))
    post = reload(post)
    assert post.title == "Live title"  # readers still see the approved version
    assert post.get_latest_revision_as_object().title == "Edited title"  # the draft is kept


def test_publish_button_publishes_approved_content(editor_client, blog_index):
    author = AuthorFactory()
    add_url = reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk])
    editor_client.post(add_url, admin_post_form_data(author))
    post = BlogPage.objects.get(slug="power-of-peer-support")
    ClinicalApproval.objects.record(post.get_latest_revision(), clinician())

    # The same content, submitted again with "Publish": an unchanged copy of what was approved.
    existing = inline_formset(
        [{"id": str(post.blog_authors.get().pk), "author": str(author.pk)}], initial=1, min=1
    )
    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        admin_post_form_data(author, blog_authors=existing, **{"action-publish": "publish"}),
    )
    assert response.status_code == 302
    post = reload(post)
    assert post.live and post.clinical_approval is not None


def test_publishing_from_the_create_view_is_refused(editor_client, blog_index):
    response = editor_client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk]),
        admin_post_form_data(AuthorFactory(), **{"action-publish": "publish"}),
        follow=True,
    )
    assert any(REFUSED in m for m in messages_of(response))
    post = BlogPage.objects.get(slug="power-of-peer-support")
    assert not post.live  # created, as a draft


def test_revert_then_publish_is_refused_without_a_new_approval(editor_client, blog_index):
    post = make_post(blog_index, title="First version")
    first = reload(post).live_revision
    later = reload(post)
    later.title = "Second version"
    publish_approved(later)

    response = editor_client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[post.pk, first.pk]),
        edit_data(post, title="First version", **{"action-publish": "publish"}),
        follow=True,
    )
    assert any(REFUSED in m for m in messages_of(response))
    assert reload(post).title == "Second version"


def bulk_publish(client, pages, include_descendants=False):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    query = "&".join(f"id={p.pk}" for p in pages) + "&next=/admin/"
    data = {"include_descendants": "on"} if include_descendants else {}
    return client.post(f"{url}?{query}", data, follow=True)


def test_bulk_publish_refuses_unapproved_posts_and_publishes_nothing(editor_client, blog_index):
    approved = make_post(blog_index, title="Approved", publish=False)
    ClinicalApproval.objects.record(approved.get_latest_revision(), clinician())
    unapproved = make_post(blog_index, title="Unapproved", publish=False)

    response = bulk_publish(editor_client, [approved, unapproved])
    assert any("Not clinically approved" in m and "Unapproved" in m for m in messages_of(response))
    assert not reload(approved).live and not reload(unapproved).live

    response = bulk_publish(editor_client, [approved])
    assert reload(approved).live


def test_bulk_publish_with_descendants_checks_the_posts_below(editor_client, blog_index):
    make_post(blog_index, title="Unapproved child", publish=False)
    response = bulk_publish(editor_client, [blog_index], include_descendants=True)
    assert any("Unapproved child" in m for m in messages_of(response))
    assert not BlogPage.objects.filter(live=True).exists()


# --- The workflow -------------------------------------------------------------------------


def test_editorial_approval_cannot_publish_content_edited_after_clinical_approval(
    client, blog_index
):
    writer = user_in_group("writer-1", "Writers")
    reviewer = clinician()
    editor = user_in_group("editor-2", "Editors")
    post = make_post(blog_index, title="In workflow", publish=False)
    post.save_revision(user=writer)
    workflow_state = post.get_workflow().start(post, writer)
    clinical_state = workflow_state.current_task_state
    clinical_state.task.specific.on_action(clinical_state, reviewer, "approve")

    # An editor changes the content during editorial review...
    draft = reload(post).get_latest_revision_as_object()
    draft.title = "Changed during editorial review"
    draft.save_revision(user=editor)
    workflow_state.refresh_from_db()

    # ...so approving the editorial task must not publish unreviewed content.
    task_state = workflow_state.current_task_state
    client.force_login(editor)
    if task_state.task.specific.get_actions(post, editor):
        client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk])
        )
    assert not reload(post).live
    assert not PageLogEntry.objects.filter(page=post, action="wagtail.publish").exists()
