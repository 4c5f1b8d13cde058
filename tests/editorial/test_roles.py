"""The role groups (the README's roles table), exercised through Wagtail's admin over HTTP.

Issue #3 adds the clinical-review workflow on top; these are the rights each role has today.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.test.utils.form_data import inline_formset

from blog.authors import Author
from blog.models import BlogPage
from tests.factories import AuthorFactory, admin_post_form_data, make_post, user_in_group

ROLES = ["Writers", "Clinical reviewers", "Editors", "Moderators"]


def user_in(group_name):
    user = get_user_model().objects.create_user(
        username=group_name.lower().replace(" ", "-"), password="pw"
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def as_role(client, site_tree):
    def login(group_name):
        client.force_login(user_in(group_name))
        return client

    return login


def test_groups_exist_after_migrations(db):
    assert set(ROLES) <= set(Group.objects.values_list("name", flat=True))


def test_role_migration_is_idempotent(db):
    def snapshot():
        return {
            g.name: (
                sorted(g.permissions.values_list("codename", flat=True)),
                sorted(g.page_permissions.values_list("permission__codename", flat=True)),
                sorted(g.collection_permissions.values_list("permission__codename", flat=True)),
            )
            for g in Group.objects.all()
        }

    before = snapshot()
    call_command("migrate", "blog", "0001", verbosity=0)
    call_command("migrate", "blog", verbosity=0)
    assert snapshot() == before


@pytest.mark.parametrize("group", ROLES)
def test_every_role_can_open_the_admin(as_role, group):
    assert as_role(group).get("/admin/").status_code == 200


def test_anonymous_and_groupless_users_cannot_open_the_admin(client, db):
    assert client.get("/admin/").status_code == 302
    client.force_login(get_user_model().objects.create_user(username="reader", password="pw"))
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "group, may_create", [("Writers", True), ("Editors", True), ("Clinical reviewers", False)]
)
def test_creating_a_draft(as_role, blog_index, group, may_create):
    client = as_role(group)
    client.post(
        f"/admin/pages/add/blog/blogpage/{blog_index.pk}/",
        admin_post_form_data(AuthorFactory()),
    )
    created = BlogPage.objects.filter(slug="power-of-peer-support").first()
    assert bool(created) is may_create
    if created:
        assert not created.live  # a draft, not published


def test_moderators_cannot_create_pages(as_role, blog_index):
    as_role("Moderators").post(
        f"/admin/pages/add/blog/blogpage/{blog_index.pk}/",
        admin_post_form_data(AuthorFactory()),
    )
    assert not BlogPage.objects.filter(slug="power-of-peer-support").exists()


@pytest.mark.parametrize(
    "group, may_edit",
    # Somebody else's post: Writers edit only their own (test_permission_matrix.py).
    [("Writers", False), ("Editors", True), ("Clinical reviewers", False), ("Moderators", False)],
)
def test_editing_a_live_post(as_role, blog_index, group, may_edit):
    author = AuthorFactory()
    post = make_post(blog_index, title="Live", slug="live-post", authors=[author])
    client = as_role(group)
    client.post(
        f"/admin/pages/{post.pk}/edit/",
        admin_post_form_data(author, title="Changed", slug="live-post"),
    )
    post.refresh_from_db()
    assert (post.get_latest_revision().content["title"] == "Changed") is may_edit
    assert post.title == "Live"  # saving a draft never changes what readers see


@pytest.mark.parametrize(
    "group, may_add",
    [("Writers", False), ("Editors", True), ("Clinical reviewers", False), ("Moderators", False)],
)
def test_adding_authors(as_role, group, may_add):
    as_role(group).post(
        "/admin/snippets/blog/author/add/",
        {"name": "New Person", "credentials": "CPRS", "role": "", "bio": "", "slug": ""},
    )
    assert Author.objects.filter(name="New Person").exists() is may_add


def test_the_same_author_twice_is_a_clear_form_error(as_role, blog_index):
    author = AuthorFactory(name="Dana Rivers")
    twice = inline_formset([{"author": str(author.pk)}, {"author": str(author.pk)}], min=1)
    data = admin_post_form_data(author, blog_authors=twice)
    response = as_role("Editors").post(f"/admin/pages/add/blog/blogpage/{blog_index.pk}/", data)
    assert response.status_code == 200
    assert "Dana Rivers is already listed as an author." in response.content.decode()
    assert not BlogPage.objects.filter(slug="power-of-peer-support").exists()


def test_an_author_removed_and_added_back_in_one_edit_saves(as_role, blog_index):
    author = AuthorFactory()
    post = make_post(blog_index, title="Draft", slug="readded", authors=[author], publish=False)
    existing = post.blog_authors.get()
    data = admin_post_form_data(author, slug="readded")
    data.update(
        {
            "blog_authors-TOTAL_FORMS": "2",
            "blog_authors-INITIAL_FORMS": "1",
            "blog_authors-0-id": str(existing.pk),
            "blog_authors-0-DELETE": "1",
            "blog_authors-1-author": str(author.pk),
            "blog_authors-1-ORDER": "2",
            "blog_authors-1-DELETE": "",
            "blog_authors-1-id": "",
        }
    )
    response = as_role("Editors").post(f"/admin/pages/{post.pk}/edit/", data)
    assert response.status_code == 302
    draft = BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert [a.author_id for a in draft.blog_authors.all()] == [author.pk]


def test_the_admin_requests_no_gravatar(client, site_tree):
    client.force_login(user_in_group("with-email", "Editors"))  # has an email address
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
