"""Owner rights: Writers work on their own pages only (Wagtail's `add` permission on the blog),
and the admin does not show them the titles of pages they have no rights on."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from tests.factories import make_post, user_in_group

SECRET_TITLE = "Confidential draft about a named client"


@pytest.fixture
def writer(db):
    return user_in_group("writer-a", "Writers")


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


def draft_of(user, blog_index, title):
    return make_post(blog_index, title=title, publish=False, owner=user)


def refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response.url.rstrip("/").endswith("/admin")
    )


@pytest.mark.parametrize("owner_role", ["Writers", "Editors"])
def test_a_writer_cannot_open_edit_or_delete_somebody_elses_draft(
    writer_client, blog_index, owner_role
):
    owner = user_in_group(f"owner-{owner_role.lower()}", owner_role)
    post = draft_of(owner, blog_index, SECRET_TITLE)
    edit_url = reverse("wagtailadmin_pages:edit", args=[post.pk])
    delete_url = reverse("wagtailadmin_pages:delete", args=[post.pk])

    assert refused(writer_client.get(edit_url))
    assert refused(writer_client.post(edit_url, {"title": "Taken over"}))
    assert refused(writer_client.get(delete_url))
    assert refused(writer_client.post(delete_url))

    survivor = Page.objects.get(pk=post.pk)
    assert survivor.get_latest_revision_as_object().title == SECRET_TITLE


def test_a_writer_can_open_and_delete_their_own_draft(writer_client, writer, blog_index):
    post = draft_of(writer, blog_index, "My own draft")
    assert writer_client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).status_code == 200
    response = writer_client.post(reverse("wagtailadmin_pages:delete", args=[post.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=post.pk).exists()


def test_bulk_delete_confirmation_hides_titles_of_pages_without_rights(
    writer_client, writer, blog_index
):
    others = draft_of(user_in_group("writer-b", "Writers"), blog_index, SECRET_TITLE)
    own_draft = draft_of(writer, blog_index, "My deletable draft")
    # Live, so the writer cannot delete it, but may edit it: its title is theirs to see.
    own_live = make_post(blog_index, title="My live post", owner=writer)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])

    response = writer_client.get(f"{url}?id={others.pk}&id={own_draft.pk}&id={own_live.pk}")

    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET_TITLE not in html
    assert "1 page you have no rights on" in html
    assert "My deletable draft" in html and "My live post" in html

    # Posting the form deletes only what the writer may delete.
    writer_client.post(
        f"{url}?id={others.pk}&id={own_draft.pk}&next=/admin/", {"confirm_site_name": ""}
    )
    assert Page.objects.filter(pk=others.pk).exists()
    assert not Page.objects.filter(pk=own_draft.pk).exists()


def test_the_migration_takes_change_away_from_existing_writers(blog_index):
    writers = Group.objects.get(name="Writers")
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    # An existing site: Writers were given `change` on the blog by the old roles.
    GroupPagePermission.objects.create(group=writers, page=blog_index, permission=change)

    migration = importlib.import_module("editorial.migrations.0003_writers_own_pages_only")
    migration.writers_own_pages_only(apps, None)

    codenames = set(
        GroupPagePermission.objects.filter(group=writers).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page"}
    editors = GroupPagePermission.objects.filter(group__name="Editors", page=blog_index)
    assert "change_page" in set(editors.values_list("permission__codename", flat=True))
