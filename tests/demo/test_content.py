"""`manage.py load_demo_content`: the demo site, its people, its articles, and safe reruns.

These tests do not use the `site_tree` fixture: the command builds its own site from the
tree `migrate` leaves behind (Wagtail's welcome page under the root).
"""

from datetime import timedelta
from html import escape
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision, Site, TaskState, WorkflowState

from blog.authors import Author
from blog.models import BlogIndexPage, BlogPage
from blog.taxonomy import BlogCategory
from comments.models import CommentModeration
from comments.tree import comment_tree
from demo import content as demo_content
from editorial.models import ClinicalApproval, ClinicalReviewTask
from home.models import HomePage

pytestmark = pytest.mark.django_db

ROLE_GROUPS = {
    "writer": "Writers",
    "clinician": "Clinical reviewers",
    "editor": "Editors",
    "moderator": "Moderators",
}
CLINICIAN_NAME = "Maya Castillo, LCSW, CADC"
IN_REVIEW_SLUG = "sleep-in-early-recovery"
SCHEDULED_SLUG = "medications-for-opioid-use-disorder"
DUE_SLUG = "moving-your-body-in-recovery"


def load_demo():
    out = StringIO()
    call_command("load_demo_content", verbosity=2, stdout=out)
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
        "clinical approvals": ClinicalApproval.objects.count(),
        "workflow states": WorkflowState.objects.count(),
        "task states": TaskState.objects.count(),
        "comments": XtdComment.objects.count(),
        "comment moderations": CommentModeration.objects.count(),
    }


def demo_user(username):
    return get_user_model().objects.get(username=username)


# --- Before any content exists -----------------------------------------------------------------


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
    assert not client.login(username="editor", password=demo_content.DEFAULT_PASSWORD)


def test_staged_editorial_history_emails_nobody(mailoutbox):
    load_demo()

    assert WorkflowState.objects.exists()
    assert mailoutbox == []


def post_spec(**overrides):
    fields = {
        "slug": "a-post",
        "title": "A post",
        "summary": "A summary.",
        "authors": ["maya-castillo"],
        "categories": ["peer-support"],
        "tags": ["peer support"],
        "listing_image": demo_content.PEER_SUPPORT.listing_image,
        "body": [],
    }
    return demo_content.PostSpec(**{**fields, **overrides})


@pytest.mark.parametrize(
    "overrides",
    [
        {"stage": "published"},
        {"stage": demo_content.LIVE},
        {"stage": demo_content.LIVE, "go_live_in_days": 3},
        {"stage": demo_content.SCHEDULED},
        {"stage": demo_content.SCHEDULED, "go_live_in_days": 3, "published_days_ago": 3},
        {"stage": demo_content.IN_CLINICAL_REVIEW, "published_days_ago": 3},
    ],
)
def test_post_specs_with_dates_that_do_not_fit_their_stage_fail_loudly(overrides):
    with pytest.raises(ValueError, match="a-post"):
        post_spec(**overrides)


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
        assert headings == demo_content.PEER_SUPPORT_HEADINGS

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

    # Clinical review and the editorial workflow

    def test_every_live_post_is_covered_by_the_clinicians_approval(self, posts):
        clinician = demo_user("clinician")

        for post in posts:
            approval = ClinicalApproval.objects.covering(post)
            assert approval is not None, post.slug
            assert post.clinical_approval_id == approval.pk, post.slug
            assert approval.revision_id == post.live_revision_id, post.slug
            assert approval.reviewer == clinician, post.slug
            assert approval.reviewer_name == CLINICIAN_NAME, post.slug

    def test_each_version_was_reviewed_shortly_before_it_went_live(self, posts):
        for post in posts:
            approval = post.clinical_approval
            # The live version went out at last_published_at (first_published_at unless the
            # post was revised), after its draft was saved and reviewed.
            assert post.live_revision.created_at < approval.approved_at, post.slug
            lead = post.last_published_at - approval.approved_at
            assert timedelta(0) < lead <= timedelta(days=1), post.slug

    def test_live_posts_were_drafted_by_the_writer_and_published_by_the_editor(self, posts):
        writer, editor = demo_user("writer"), demo_user("editor")

        for post in posts:
            published = PageLogEntry.objects.get(page=post, action="wagtail.publish")
            assert published.user == editor, post.slug
            assert published.timestamp == post.last_published_at, post.slug
            assert post.live_revision.user == writer, post.slug
            assert post.owner == writer, post.slug

    def test_one_post_waits_in_clinical_review(self):
        writer, clinician = demo_user("writer"), demo_user("clinician")
        post = BlogPage.objects.get(slug=IN_REVIEW_SLUG)
        state = post.current_workflow_state
        task_state = state.current_task_state

        assert not post.live and post.first_published_at is None
        assert post.owner == writer
        assert post.latest_revision.user == writer
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by == writer
        assert isinstance(task_state.task.specific, ClinicalReviewTask)
        assert task_state.status == TaskState.STATUS_IN_PROGRESS
        assert task_state.revision_id == post.latest_revision_id
        assert not ClinicalApproval.objects.filter(page=post).exists()
        # It is in the clinician's "Awaiting your review" list, and in nobody else's yet.
        assert list(TaskState.objects.reviewable_by(clinician)) == [task_state]
        assert not TaskState.objects.reviewable_by(demo_user("editor")).exists()

    def test_the_post_in_review_is_a_full_article(self):
        post = BlogPage.objects.get(slug=IN_REVIEW_SLUG).get_latest_revision_as_object()
        text = " ".join(post.body.stream_block.get_searchable_content(post.body))

        post.body.stream_block.clean(post.body)
        assert len(text.split()) >= 300
        assert post.blog_authors.count() >= 1 and post.categories.exists()

    def test_one_post_is_clinically_approved_and_scheduled_by_the_editor(self):
        clinician, editor = demo_user("clinician"), demo_user("editor")
        post = BlogPage.objects.get(slug=SCHEDULED_SLUG)
        revision = post.latest_revision
        approval = ClinicalApproval.objects.latest_for(post)
        now = timezone.now()

        assert not post.live and post.live_revision is None and post.first_published_at is None
        assert now + timedelta(days=1) < revision.approved_go_live_at < now + timedelta(days=7)
        assert post.go_live_at == revision.approved_go_live_at
        assert revision.user == editor
        assert approval.revision_id == revision.pk
        assert approval.reviewer == clinician and approval.reviewer_name == CLINICIAN_NAME
        assert ClinicalApproval.objects.covering(revision.as_object()) == approval
        scheduled = PageLogEntry.objects.get(page=post, action="wagtail.publish.schedule")
        assert scheduled.user == editor

    def test_the_scheduled_post_goes_live_when_its_time_comes(self):
        post = BlogPage.objects.get(slug=SCHEDULED_SLUG)
        revision = post.latest_revision
        # Move the schedule into the past, then do what publish_scheduled does.
        past = timezone.now() - timedelta(minutes=1)
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])

        Revision.objects.get(pk=revision.pk).publish(log_action="wagtail.publish.scheduled")

        post.refresh_from_db()
        assert post.live and post.live_revision_id == revision.pk
        assert post.clinical_approval == ClinicalApproval.objects.latest_for(post)

    def test_one_live_post_is_due_for_clinical_re_review(self, posts):
        now = timezone.now()
        year_ago = now - timedelta(days=366)
        due = [post for post in posts if post.clinical_approval.approved_at < year_ago]

        assert [post.slug for post in due] == [DUE_SLUG]
        (post,) = due
        # Approved and first published about fourteen months ago, and not revised since.
        assert 13 * 30 < (now - post.clinical_approval.approved_at).days < 15 * 31
        assert 13 * 30 < (now - post.first_published_at).days < 15 * 31
        assert not post.was_updated

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
        assert client.login(username=username, password=demo_content.DEFAULT_PASSWORD)

    # Reruns

    # Reader comments

    def comments_on(self, post):
        return XtdComment.objects.filter(
            content_type__app_label="blog",
            content_type__model="blogpage",
            object_pk=str(post.pk),
        ).select_related("moderation")

    def test_peer_support_and_another_post_have_approved_threaded_comments(self, posts):
        with_threads = []
        for post in posts:
            tree = comment_tree(post)
            two_levels_deep = any(child.children for node in tree for child in node.children)
            if len(tree) >= 2 and two_levels_deep:
                with_threads.append(post.slug)
        assert "power-of-peer-support" in with_threads
        assert len(with_threads) >= 2

    def test_a_moderator_reply_is_public_and_marked_from_the_team(self):
        reply = XtdComment.objects.get(moderation__from_team=True)
        moderator = demo_user("moderator")

        assert reply.is_public and not reply.is_removed
        assert reply.level == 1
        assert reply.user == moderator and reply.user_email == moderator.email
        assert reply.moderation.confirmed

    def test_some_comments_wait_in_the_moderation_queue(self):
        pending = XtdComment.objects.filter(is_public=False, is_removed=False)

        assert pending.filter(moderation__urgent=False).count() >= 2
        assert all(comment.moderation.confirmed for comment in pending)
        # One of them was held for watched words, with the reason for the moderator.
        held = [c for c in pending if c.moderation.hold_reasons and not c.moderation.urgent]
        assert any("Watched words" in reason for c in held for reason in c.moderation.hold_reasons)

    def test_one_urgent_comment_with_crisis_language_is_held(self, peer_support):
        urgent = XtdComment.objects.get(moderation__urgent=True)

        assert not urgent.is_public
        assert urgent.object_pk == str(peer_support.pk)
        assert any(r.startswith("Crisis language") for r in urgent.moderation.hold_reasons)

    def test_only_approved_comments_show_on_the_article(self, client, peer_support):
        html = client.get(peer_support.url).content.decode()
        comments = self.comments_on(peer_support)
        public = comments.filter(is_public=True)

        assert f"{public.count()} comments</h2>" in html
        for comment in comments:
            first_sentence = escape(comment.comment.split(".")[0])
            assert (first_sentence in html) == comment.is_public, comment.comment
        assert "Kinship team</span>" in html

    def test_comment_threads_are_consistent(self):
        for comment in XtdComment.objects.all():
            if comment.parent_id == comment.pk:
                assert (comment.level, comment.thread_id, comment.order) == (0, comment.pk, 1)
            else:
                parent = XtdComment.objects.get(pk=comment.parent_id)
                assert comment.thread_id == parent.thread_id
                assert comment.level == parent.level + 1
                assert comment.submit_date > parent.submit_date
        for thread_id in set(XtdComment.objects.values_list("thread_id", flat=True)):
            orders = sorted(
                XtdComment.objects.filter(thread_id=thread_id).values_list("order", flat=True)
            )
            assert orders == list(range(1, len(orders) + 1))

    def test_comments_are_dated_after_their_post_and_before_now(self):
        for comment in XtdComment.objects.all():
            post = BlogPage.objects.get(pk=comment.object_pk)
            assert post.first_published_at < comment.submit_date < timezone.now()

    def test_demo_comments_use_pseudonyms_and_no_real_addresses(self):
        for comment in XtdComment.objects.filter(moderation__from_team=False):
            assert comment.user_email.endswith("@example.org")
            assert comment.ip_address is None
            assert comment.user_id is None

    def test_first_run_reports_what_it_created(self, first_run):
        approved = [p for p in demo_content.POSTS if p.stage != demo_content.IN_CLINICAL_REVIEW]

        assert f"posts: {len(demo_content.POSTS)} created" in first_run
        assert f"users: {len(demo_content.USERS)} created" in first_run
        assert f"clinical approvals: {len(approved)} created" in first_run
        assert "posts in clinical review: 1 created" in first_run
        assert "scheduled posts: 1 created" in first_run
        assert f"comments: {XtdComment.objects.count()} created" in first_run
        assert "urgent comments: 1 created" in first_run

    def test_second_run_creates_and_changes_nothing(self):
        before = snapshot()
        dates = dict(BlogPage.objects.values_list("slug", "last_published_at"))
        approvals = dict(BlogPage.objects.values_list("slug", "clinical_approval_id"))

        comments = list(XtdComment.objects.order_by("pk").values())

        output = load_demo()

        assert snapshot() == before
        assert list(XtdComment.objects.order_by("pk").values()) == comments
        assert dict(BlogPage.objects.values_list("slug", "last_published_at")) == dates
        assert dict(BlogPage.objects.values_list("slug", "clinical_approval_id")) == approvals
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


def test_a_rerun_keeps_moderators_decisions_on_demo_comments():
    """A comment a moderator approved or removed since is found by its text, not re-added."""
    load_demo()
    urgent = XtdComment.objects.get(moderation__urgent=True)
    approved = XtdComment.objects.filter(is_public=True).first()
    XtdComment.objects.filter(pk=urgent.pk).update(is_removed=True)
    XtdComment.objects.filter(pk=approved.pk).update(is_public=False)
    count = XtdComment.objects.count()

    load_demo()

    assert XtdComment.objects.count() == count
    assert XtdComment.objects.get(pk=urgent.pk).is_removed
    assert not XtdComment.objects.get(pk=approved.pk).is_public
