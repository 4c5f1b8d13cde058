"""The publish rule beneath the article's save(): a pre_save check for any page class, the
article queryset's update(), and the PostgreSQL trigger for what Django cannot see.

The trigger is deferred to commit; a test's transaction never commits, so `at_commit()` runs
the deferred checks where the commit would (SET CONSTRAINTS ALL IMMEDIATE)."""

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset

from blog.models import BlogPage
from editorial.models import ClinicalApproval, CoveredRevision
from editorial.publish_rule import ClinicalApprovalRequired
from tests.factories import (
    AuthorFactory,
    admin_post_form_data,
    clinician,
    make_post,
    user_in_group,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


def at_commit():
    """Run the deferred constraint triggers now, as COMMIT would."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def refused_by_the_database(sql, params):
    with pytest.raises(IntegrityError, match="publish rule"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        at_commit()


def reload(post):
    return BlogPage.objects.get(pk=post.pk)


# --- Django: pre_save and update() ----------------------------------------------------------


def test_a_plain_page_save_cannot_publish_an_unapproved_post(blog_index):
    draft = make_post(blog_index, title="Unapproved draft", publish=False)
    page = Page.objects.get(pk=draft.pk)
    assert type(page) is Page
    page.live = True
    page.live_revision = draft.get_latest_revision()
    with pytest.raises(ClinicalApprovalRequired):
        page.save()
    assert not Page.objects.get(pk=draft.pk).live


def test_a_plain_page_save_cannot_publish_an_edit_after_approval(blog_index):
    post = make_post(blog_index, title="Approved")
    post.unpublish()
    page = Page.objects.get(pk=post.pk)
    page.title = "Retitled without review"
    page.live = True
    page.live_revision = post.get_latest_revision()
    with pytest.raises(ClinicalApprovalRequired):
        page.save()
    assert not Page.objects.get(pk=post.pk).live


def test_other_page_types_are_not_checked(home):
    home.unpublish()
    page = Page.objects.get(pk=home.pk)
    page.live = True
    page.save()
    assert Page.objects.get(pk=home.pk).live


def test_an_article_queryset_update_cannot_publish(blog_index):
    draft = make_post(blog_index, title="Draft", publish=False)
    posts = BlogPage.objects.filter(pk=draft.pk)
    with pytest.raises(ClinicalApprovalRequired):
        posts.update(live=True)
    with pytest.raises(ClinicalApprovalRequired):
        posts.update(live_revision=draft.get_latest_revision())
    assert not reload(draft).live


def test_an_article_queryset_update_may_unpublish(post):
    BlogPage.objects.filter(pk=post.pk).update(live=False)
    assert not reload(post).live


# --- The database ----------------------------------------------------------------------------


def test_raw_sql_cannot_publish_an_unapproved_post(blog_index):
    draft = make_post(blog_index, title="Unapproved draft", publish=False)
    refused_by_the_database(
        "UPDATE wagtailcore_page SET live = true, live_revision_id = latest_revision_id "
        "WHERE id = %s",
        [draft.pk],
    )
    refused_by_the_database("UPDATE wagtailcore_page SET live = true WHERE id = %s", [draft.pk])
    assert not reload(draft).live


def test_page_queryset_update_is_refused_by_the_database(blog_index):
    draft = make_post(blog_index, title="Unapproved draft", publish=False)
    with pytest.raises(IntegrityError, match="publish rule"), transaction.atomic():
        Page.objects.filter(pk=draft.pk).update(live=True, live_revision=draft.latest_revision)
        at_commit()
    assert not reload(draft).live


def test_raw_sql_cannot_switch_a_live_post_to_an_unapproved_revision(post):
    draft = reload(post)
    draft.title = "Edited after approval"
    unapproved = draft.save_revision()
    refused_by_the_database(
        "UPDATE wagtailcore_page SET live_revision_id = %s WHERE id = %s", [unapproved.pk, post.pk]
    )
    assert reload(post).live_revision_id != unapproved.pk


def test_raw_sql_cannot_point_a_post_at_an_approval_that_is_not_its_latest(post):
    old_approval_id = reload(post).clinical_approval_id
    live_revision_id = reload(post).live_revision_id
    ClinicalApproval.objects.record(reload(post).save_revision(), clinician())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wagtailcore_page SET live = false WHERE id = %s", [post.pk])
    refused_by_the_database(
        "UPDATE wagtailcore_page SET live = true, live_revision_id = %s WHERE id = %s",
        [live_revision_id, post.pk],
    )
    assert old_approval_id is not None


def test_raw_sql_may_unpublish(post):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wagtailcore_page SET live = false WHERE id = %s", [post.pk])
    at_commit()
    assert not reload(post).live


# --- The legitimate routes still pass the trigger ---------------------------------------------


def test_publishing_an_approved_revision_in_the_admin_passes(client, blog_index):
    editor = user_in_group("editor-1", "Editors")
    client.force_login(editor)
    author = AuthorFactory()
    client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk]),
        admin_post_form_data(author),
    )
    post = BlogPage.objects.get(slug="power-of-peer-support")
    ClinicalApproval.objects.record(post.get_latest_revision(), clinician())
    # The same content submitted again with "Publish": Wagtail saves and publishes a copy.
    existing = inline_formset(
        [{"id": str(post.blog_authors.get().pk), "author": str(author.pk)}], initial=1, min=1
    )
    client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        admin_post_form_data(author, blog_authors=existing, **{"action-publish": "publish"}),
    )
    post = reload(post)
    assert post.live
    # Wagtail published a copy of the approved revision: recorded as covered.
    assert post.live_revision_id != post.clinical_approval.revision_id
    assert CoveredRevision.objects.filter(
        approval=post.clinical_approval, revision_id=post.live_revision_id
    ).exists()
    at_commit()


def test_publishing_and_republishing_from_code_pass(blog_index):
    post = make_post(blog_index, title="First")
    later = reload(post)
    later.title = "Second"
    revision = later.save_revision()
    ClinicalApproval.objects.record(revision, clinician())
    revision.publish()
    assert reload(post).title == "Second"
    at_commit()


def test_the_demo_content_and_bench_posts_pass(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("seed_bench", posts=3, seed=1, stdout=io.StringIO(), stderr=io.StringIO())
    at_commit()
    assert BlogPage.objects.live().count() >= 11
