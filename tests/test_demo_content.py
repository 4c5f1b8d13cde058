"""`manage.py load_demo_content`: the demo site, its people, its articles, and safe reruns.

These tests do not use the `site_tree` fixture: the command builds its own site from the
tree `migrate` leaves behind (Wagtail's welcome page under the root).
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision, Site

from blog import demo_content
from blog.authors import Author
from blog.models import BlogIndexPage, BlogPage
from blog.taxonomy import BlogCategory
from home.models import HomePage

pytestmark = pytest.mark.django_db

DEFAULT_PASSWORD = "kinship-demo"
ROLE_GROUPS = {
    "writer": "Writers",
    "clinician": "Clinical reviewers",
    "editor": "Editors",
    "moderator": "Moderators",
}
PEER_SUPPORT_HEADINGS = [
    "A sense of belonging",
    "Shared experiences",
    "A support network",
    "Learning coping skills",
    "Empowering each other",
]


def load_demo():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def snapshot():
    """Counts of everything the command creates, to compare two runs."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "images": get_image_model().objects.count(),
        "authors": Author.objects.count(),
        "users": get_user_model().objects.count(),
        "categories": BlogCategory.objects.count(),
        "tags": Tag.objects.count(),
        "sites": Site.objects.count(),
    }


# --- Before any content exists -----------------------------------------------------------------


def test_refuses_to_run_when_demo_content_is_not_allowed(settings):
    settings.KINSHIP_DEMO_CONTENT_ALLOWED = False

    with pytest.raises(CommandError, match="KINSHIP_DEMO_CONTENT_ALLOWED"):
        load_demo()

    assert not HomePage.objects.exists()
    assert not BlogPage.objects.exists()
    assert not get_user_model().objects.exists()


def test_fails_clearly_and_leaves_nothing_behind_when_role_groups_are_missing():
    Group.objects.filter(name="Writers").delete()

    with pytest.raises(CommandError, match="migrate"):
        load_demo()

    assert not HomePage.objects.exists()
    assert not get_user_model().objects.exists()


def test_password_comes_from_demo_password(monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "a-different-secret")
    load_demo()

    assert client.login(username="editor", password="a-different-secret")
    assert not client.login(username="editor", password=DEFAULT_PASSWORD)


# --- The loaded demo ---------------------------------------------------------------------------


@pytest.fixture(scope="class")
def first_run(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run the command once for the whole class, then roll everything back.

    Loading takes a few seconds, so the tests below share one load. Each test still runs in
    its own savepoint (the `db` fixture), so tests that change data do not affect the others.
    """
    media_root = tmp_path_factory.mktemp("demo-media")
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        monkeypatch.delenv("DEMO_PASSWORD", raising=False)
        yield load_demo()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("first_run")
class TestDemoContent:
    @pytest.fixture
    def posts(self):
        return list(BlogPage.objects.live().order_by("-first_published_at"))

    @pytest.fixture
    def peer_support(self):
        return BlogPage.objects.live().get(slug="power-of-peer-support")

    # Site structure

    def test_home_page_is_the_default_sites_root(self):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific

        assert isinstance(home, HomePage)
        assert home.title == "Kinship"
        assert home.live
        assert site.site_name == "Kinship"
        assert Site.objects.count() == 1

    def test_wagtails_welcome_page_is_gone(self):
        top_level = Page.objects.filter(depth=2)

        assert [type(page.specific) for page in top_level] == [HomePage]

    def test_blog_index_sits_under_home_and_is_the_hero_target(self):
        home = HomePage.objects.get()
        blog_index = BlogIndexPage.objects.child_of(home).get(slug="blog")

        assert blog_index.live
        assert blog_index.introduction
        assert home.hero_heading
        assert home.hero_cta_page_id == blog_index.pk

    def test_home_features_the_peer_support_article_first(self):
        home = HomePage.objects.get()
        featured = [item.post.slug for item in home.featured_posts.all()]

        assert featured[0] == "power-of-peer-support"
        assert featured == demo_content.FEATURED_POSTS

    # Posts

    def test_publishes_at_least_eight_posts_under_the_blog_index(self, posts):
        blog_index = BlogIndexPage.objects.get()

        assert len(posts) >= 8
        assert all(post.get_parent().pk == blog_index.pk for post in posts)

    def test_posts_cover_at_least_three_categories(self, posts):
        assert BlogCategory.objects.with_post_counts().count() >= 3
        assert all(post.categories.exists() for post in posts)

    def test_every_post_has_authors_summary_tags_and_listing_image(self, posts):
        for post in posts:
            assert 1 <= post.blog_authors.count() <= 3, post.slug
            assert post.summary and len(post.summary) <= 300, post.slug
            assert post.tags.exists(), post.slug
            image = post.listing_image
            assert (image.width, image.height) == (1200, 675), post.slug

    def test_each_post_has_its_own_listing_image(self, posts):
        assert len({post.listing_image_id for post in posts}) == len(posts)

    def test_posts_are_published_through_revisions(self, posts):
        for post in posts:
            assert post.live_revision_id is not None, post.slug
            assert post.revisions.filter(pk=post.live_revision_id).exists(), post.slug
            assert not post.has_unpublished_changes, post.slug

    def test_publication_dates_are_spread_over_past_months(self, posts):
        first_dates = [post.first_published_at for post in posts]

        assert len({d.date() for d in first_dates}) == len(posts)
        assert (max(first_dates) - min(first_dates)).days >= 90
        assert all(post.last_published_at >= post.first_published_at for post in posts)
        assert any(post.was_updated for post in posts)

    def test_post_bodies_pass_the_editors_validation(self, posts):
        for post in posts:
            # Raises if a block breaks a rule the admin enforces (intro first, one CTA target…).
            post.body.stream_block.clean(post.body)
            block_types = [block.block_type for block in post.body]
            assert block_types[0] == "intro", post.slug
            assert "embed" not in block_types, post.slug

    def test_posts_use_a_variety_of_blocks(self, posts):
        used = {block.block_type for post in posts for block in post.body}

        assert {"paragraph", "heading", "quote", "callout", "image", "references"} <= used
        assert {"call_to_action", "benefit_section"} <= used

    # The peer-support article

    def test_peer_support_article_title(self, peer_support):
        title = "The Power of Peer Support: Group Therapy in Addiction Recovery"

        assert peer_support.title == title

    def test_peer_support_article_opens_with_intro_then_five_benefits(self, peer_support):
        blocks = list(peer_support.body)
        headings = [b.value["heading"] for b in blocks if b.block_type == "benefit_section"]

        assert blocks[0].block_type == "intro"
        assert [b.block_type for b in blocks[1:6]] == ["benefit_section"] * 5
        assert headings == PEER_SUPPORT_HEADINGS

    def test_peer_support_benefits_have_icons_and_two_paragraphs(self, peer_support):
        for block in peer_support.body:
            if block.block_type == "benefit_section":
                text = block.value["body"].source
                assert block.value["icon"], block.value["heading"]
                assert text.count("<p>") >= 2, block.value["heading"]
                assert len(text.split()) >= 80, block.value["heading"]

    def test_peer_support_article_closes_with_a_call_to_action(self, peer_support):
        block_types = [block.block_type for block in peer_support.body]
        cta = next(b.value for b in peer_support.body if b.block_type == "call_to_action")

        assert "call_to_action" in block_types[-2:]
        assert "references" in block_types
        assert cta["heading"] and cta["button_label"]
        assert cta.href == "tel:18006624357"

    def test_peer_support_article_is_several_hundred_words(self, peer_support):
        assert peer_support.reading_minutes >= 3

    # Authors

    def test_creates_at_least_four_authors_with_credentials_and_photos(self):
        authors = Author.objects.all()

        assert authors.count() >= 4
        for author in authors:
            assert author.credentials and author.role and author.bio, author.name
            assert author.photo is not None, author.name

    def test_posts_are_credited_to_demo_authors_in_order(self, peer_support):
        names = [author.name for author in peer_support.authors]

        assert names == ["Jordan Reyes", "Maya Castillo"]

    def test_clinician_user_has_an_author_profile(self):
        clinician = get_user_model().objects.get(username="clinician")

        assert clinician.author_profile.credentials

    # Users

    @pytest.mark.parametrize(("username", "group"), ROLE_GROUPS.items())
    def test_role_users_belong_to_their_group(self, username, group):
        user = get_user_model().objects.get(username=username)

        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert not user.is_superuser
        assert not user.is_staff
        assert user.email == f"{username}@example.org"
        assert user.first_name and user.last_name
        assert user.has_perm("wagtailadmin.access_admin")

    def test_admin_user_is_a_superuser(self):
        admin = get_user_model().objects.get(username="admin")

        assert admin.is_superuser
        assert admin.email == "admin@example.org"

    @pytest.mark.parametrize("username", [*ROLE_GROUPS, "admin"])
    def test_demo_users_can_log_in_with_the_default_password(self, client, username):
        assert client.login(username=username, password=DEFAULT_PASSWORD)

    # Reruns

    def test_first_run_reports_what_it_created(self, first_run):
        assert f"posts: {len(demo_content.POSTS)} created" in first_run
        assert f"users: {len(demo_content.USERS)} created" in first_run

    def test_second_run_creates_and_changes_nothing(self):
        before = snapshot()
        dates = dict(BlogPage.objects.values_list("slug", "last_published_at"))

        output = load_demo()

        assert snapshot() == before
        assert dict(BlogPage.objects.values_list("slug", "last_published_at")) == dates
        assert " created" not in output
        assert "already present" in output

    def test_rerun_keeps_changed_passwords_and_restores_group_membership(self, client):
        writer = get_user_model().objects.get(username="writer")
        writer.set_password("my-own-password")
        writer.save()
        writer.groups.clear()

        load_demo()

        assert client.login(username="writer", password="my-own-password")
        assert writer.groups.filter(name="Writers").exists()
