"""Importing a WordPress export: what comes in, as what, and what a second import does.

tests/wordpress/files/harbor.xml is a small recovery blog: two authors, two categories, two
tags, a Gutenberg post with a threaded conversation, a classic-editor draft, and what an import
skips (a page, an attachment, a trashed post, a menu item, spam, trash and a pingback).
harbor-newer.xml is the same blog exported later: the first post edited, a new comment, a
new post."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django_comments_xtd.models import XtdComment
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Revision

from blog.authors import Author
from blog.models import BlogPage
from blog.taxonomy import BlogCategory
from comments.models import CommentModeration
from editorial.publish_rule import ClinicalApprovalRequired
from tests.factories.pages import publish_approved
from tests.wordpress.conftest import wxr_path
from wordpress.models import ImportedComment, ImportedPost, ImportRun

pytestmark = pytest.mark.django_db

PEER = "The Power of Peer Support: Group Therapy in Addiction Recovery"


def post_by_wp_id(wp_id):
    return ImportedPost.objects.get(wp_post_id=wp_id).page.specific


def comment_by_wp_id(wp_id):
    return ImportedComment.objects.get(wp_comment_id=wp_id).comment


def latest_body(page):
    return page.get_latest_revision_as_object().body


def test_authors_keep_their_names_and_credentials_and_no_email(import_wxr):
    import_wxr("harbor.xml")

    jordan = Author.objects.get(name="Jordan Doe")
    assert jordan.credentials == "LCSW"
    sam = Author.objects.get(name="Sam Rivera")
    assert sam.credentials == ""
    # Author has no email field at all: the export's addresses are not kept anywhere public.
    assert "jordan@harbor.example.org" not in str(Author.objects.values())
    assert post_by_wp_id(101).authors == [jordan]
    assert post_by_wp_id(102).authors == [sam]


def test_categories_and_tags_keep_their_slugs(import_wxr):
    import_wxr("harbor.xml")

    assert set(BlogCategory.objects.values_list("slug", "name")) == {
        ("peer-support", "Peer Support"),
        ("daily-life", "Daily Life"),
    }
    assert set(Tag.objects.values_list("slug", "name")) == {
        ("group-therapy", "group therapy"),
        ("belonging", "belonging"),
    }
    peer = post_by_wp_id(101).get_latest_revision_as_object()
    assert [c.slug for c in peer.categories.all()] == ["peer-support"]
    assert sorted(t.slug for t in peer.tags.all()) == ["belonging", "group-therapy"]


def test_each_post_is_a_draft_in_clinical_review_with_its_wordpress_facts(import_wxr):
    run, output = import_wxr("harbor.xml")

    assert BlogPage.objects.count() == 2
    assert not BlogPage.objects.filter(live=True).exists()
    peer = post_by_wp_id(101)
    assert peer.title == PEER
    assert peer.slug == "power-of-peer-support"
    assert peer.summary == "How peer support groups help people in recovery."
    # The WordPress publication date waits to be shown as "first published".
    assert peer.first_published_at == datetime(2023, 5, 2, 14, 0, tzinfo=UTC)
    for page in BlogPage.objects.all():
        state = page.current_workflow_state
        assert state is not None and state.status == state.STATUS_IN_PROGRESS
        assert state.current_task_state.task.name == "Clinical review"

    draft = post_by_wp_id(102)
    # A WordPress draft has no publication date, and its summary comes from its text.
    assert draft.first_published_at is None
    assert draft.summary.startswith("Mornings set the tone for the whole day.")
    assert "Imported posts are drafts waiting for clinical review." in output


def test_what_is_not_a_post_is_counted_and_skipped(import_wxr):
    run, _ = import_wxr("harbor.xml")

    assert run.stage == ImportRun.Stage.FINISHED
    assert run.skipped == {
        "pages": 1,
        "attachments": 1,
        "trashed posts": 1,
        "menu items": 1,
        "spam comments": 1,
        "trashed comments": 1,
        "pingbacks and trackbacks": 1,
    }
    assert run.counts["posts"] == {"created": 2}
    assert run.counts["authors"] == {"created": 2}
    assert run.counts["comments"] == {"created": 6}


def test_the_body_is_mapped_to_article_blocks(import_wxr, uploads):
    run, _ = import_wxr("harbor.xml", "--uploads", str(uploads))

    body = latest_body(post_by_wp_id(101))
    types = [block.block_type for block in body]
    assert types[0] == "intro"
    assert "lonely" in body[0].value.source
    # "Benefits of Group Therapy" is a section of sub-headings: each h3 is a benefit section.
    benefits = [block.value for block in body if block.block_type == "benefit_section"]
    assert [b["heading"] for b in benefits] == [
        "A sense of belonging",
        "Shared experiences",
        "A support network",
    ]
    headings = [block.value["text"] for block in body if block.block_type == "heading"]
    assert "Taking the first step" in headings
    [quote] = [block.value for block in body if block.block_type == "quote"]
    assert quote["attribution"] == "A group member"
    # The resized copy's original was in the uploads folder; the other image was not.
    [image] = [block.value for block in body if block.block_type == "image"]
    assert image["image"].title == "circle"
    assert image["caption"] == "Our Tuesday group room"
    placeholders = [block.value for block in body if block.block_type == "callout"]
    assert [p["title"] for p in placeholders] == ["Image not imported"]
    assert "missing.jpg" in placeholders[0]["text"].source
    text = str(body.render_as_block()) if hasattr(body, "render_as_block") else str(body)
    assert "javascript:" not in text
    assert "contact-form-7" not in text

    messages = [m.text for m in run.messages.all()]
    assert any("missing.jpg" in m for m in messages)
    assert any("contact-form-7" in m for m in messages)
    assert run.counts["images"] == {"created": 1}


def test_the_classic_editor_post_loses_its_script(import_wxr):
    import_wxr("harbor.xml")

    body = latest_body(post_by_wp_id(102))
    assert body[0].block_type == "intro"
    assert "<script" not in str(body.raw_data) and "alert" not in str(body.raw_data)
    assert [b.value["text"] for b in body if b.block_type == "heading"] == ["Why routines help"]


def test_a_three_deep_thread_keeps_its_shape(import_wxr):
    import_wxr("harbor.xml")

    first, reply, reply_to_reply = (comment_by_wp_id(n) for n in (11, 12, 13))
    assert (first.level, reply.level, reply_to_reply.level) == (0, 1, 2)
    assert reply.parent_id == first.pk
    assert reply_to_reply.parent_id == reply.pk
    assert {first.thread_id, reply.thread_id, reply_to_reply.thread_id} == {first.pk}
    assert first.submit_date == datetime(2023, 5, 3, 9, 0, tzinfo=UTC)
    assert (first.user_name, first.user_email) == ("Alex", "alex@example.com")
    # A fourth level does not fit Kinship's threads: it answers the deepest comment that can.
    deeper = comment_by_wp_id(14)
    assert deeper.level == 2 and deeper.parent_id == reply.pk


def test_approved_comments_are_public_and_pending_ones_wait_triaged(import_wxr):
    import_wxr("harbor.xml")

    assert comment_by_wp_id(11).is_public
    pending = comment_by_wp_id(15)
    assert not pending.is_public and not pending.is_removed
    moderation = CommentModeration.objects.get(comment=pending)
    # An old comment in crisis language is the moderators' first job.
    assert moderation.urgent
    assert moderation.confirmed_at is not None
    assert any("Crisis language" in reason for reason in moderation.hold_reasons)
    # The approved ones are not held.
    assert not CommentModeration.objects.get(comment=comment_by_wp_id(11)).urgent


def test_spam_trash_and_pingbacks_are_not_imported(import_wxr):
    import_wxr("harbor.xml")

    texts = set(XtdComment.objects.values_list("comment", flat=True))
    assert "Buy pills" not in texts
    assert "Deleted one" not in texts
    assert not any("pingback" in text for text in texts)
    assert not ImportedComment.objects.filter(wp_comment_id__in=[16, 17, 18]).exists()


def test_no_ip_address_or_website_is_stored(import_wxr):
    import_wxr("harbor.xml")

    assert XtdComment.objects.count() == 6
    assert not XtdComment.objects.exclude(ip_address=None).exists()
    assert not XtdComment.objects.exclude(user_url="").exists()


def test_script_in_a_comment_is_text_and_renders_escaped(import_wxr, client):
    import_wxr("harbor.xml")
    peer = post_by_wp_id(101)
    publish_approved(peer.get_latest_revision_as_object())

    comment = comment_by_wp_id(19)
    assert comment.user_name == "<script>alert('name')</script>"
    assert comment.comment.startswith("<script>alert('text')</script> Thanks\nfor this")
    assert comment.user_email == ""  # "not-an-email" is not an address
    response = client.get(peer.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;text&#x27;)" in html
    assert "<script>alert(" not in html


def test_a_second_import_of_the_same_file_changes_nothing_and_says_so(import_wxr):
    import_wxr("harbor.xml")
    counts = (BlogPage.objects.count(), Revision.objects.count(), XtdComment.objects.count())

    run, output = import_wxr("harbor.xml")

    assert (BlogPage.objects.count(), Revision.objects.count(), XtdComment.objects.count()) == (
        counts
    )
    assert Author.objects.count() == 2 and BlogCategory.objects.count() == 2
    assert not run.changed_anything
    assert run.counts["posts"] == {"unchanged": 2}
    assert run.counts["comments"] == {"unchanged": 6}
    assert "Nothing to change: everything in this file is already here." in output


def test_a_newer_export_adds_what_is_new_and_drafts_a_revision_of_a_changed_post(import_wxr):
    import_wxr("harbor.xml")
    peer = post_by_wp_id(101)
    publish_approved(peer.get_latest_revision_as_object())
    peer.refresh_from_db()
    live_revision = peer.live_revision_id

    run, _ = import_wxr("harbor-newer.xml")

    assert run.counts["posts"] == {"created": 1, "updated": 1, "unchanged": 1}
    assert run.counts["comments"] == {"created": 1, "unchanged": 6}
    peer.refresh_from_db()
    # Live content is untouched: the change waits as a draft in clinical review.
    assert peer.live and peer.live_revision_id == live_revision
    assert peer.has_unpublished_changes
    assert "Hearing others" in str(peer.body.raw_data)
    assert "Hearing how others got through" in str(latest_body(peer).raw_data)
    assert peer.current_workflow_state.status == "in_progress"
    new_reply = comment_by_wp_id(20)
    assert new_reply.parent_id == comment_by_wp_id(11).pk
    assert post_by_wp_id(107).title == "Finding Meetings Near You"


def test_an_imported_post_cannot_be_published_without_a_clinical_approval(import_wxr):
    import_wxr("harbor.xml")
    peer = post_by_wp_id(101)

    with pytest.raises(ClinicalApprovalRequired):
        peer.get_latest_revision().publish()
    peer.refresh_from_db()
    assert not peer.live


def test_old_addresses_redirect_permanently_once_the_post_is_live(import_wxr, client):
    import_wxr("harbor.xml")
    peer = post_by_wp_id(101)
    old = "/2023/05/power-of-peer-support/"
    # Nothing to send readers to while it is in review.
    assert client.get(old).status_code == 404
    assert not Redirect.objects.exists()

    publish_approved(peer.get_latest_revision_as_object())

    peer.refresh_from_db()
    # Readers see the WordPress publication date as "first published".
    assert peer.first_published_at == datetime(2023, 5, 2, 14, 0, tzinfo=UTC)
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"].endswith(peer.url)
    by_slug = client.get("/power-of-peer-support/")
    assert by_slug.status_code == 301 and by_slug["Location"].endswith(peer.url)
    # Publishing again adds no second set.
    count = Redirect.objects.count()
    publish_approved(peer.get_latest_revision_as_object())
    assert Redirect.objects.count() == count


def test_a_dry_run_changes_nothing_and_counts_what_would_happen(import_wxr):
    run, output = import_wxr("harbor.xml", "--dry-run")

    assert run.stage == ImportRun.Stage.CHECKED
    assert run.counts["posts"] == {"created": 2}
    assert run.counts["comments"] == {"created": 6}
    assert not BlogPage.objects.exists()
    assert not Author.objects.exists() and not BlogCategory.objects.exists()
    assert not XtdComment.objects.exists()
    assert "Nothing was changed (dry run)." in output


def test_a_failed_post_is_listed_and_the_rest_go_on(import_wxr, monkeypatch):
    from wordpress import importer

    real = importer.convert_body

    def fail_on_the_draft(html, find_image=None):
        if "Mornings" in html:
            raise ValueError("the body could not be read")
        return real(html, find_image)

    monkeypatch.setattr(importer, "convert_body", fail_on_the_draft)
    run, output = import_wxr("harbor.xml")

    assert run.counts["posts"] == {"created": 1, "failed": 1}
    [error] = run.messages.filter(level="error")
    assert error.wp_id == "102" and "the body could not be read" in error.text
    assert error.line is not None
    assert not BlogPage.objects.filter(title="Building a Morning Routine").exists()
    assert BlogPage.objects.filter(title=PEER).exists()
    assert "items need a look" in output


def test_wxr_1_1_is_imported_too(import_wxr, tmp_path):
    text = (wxr_file("harbor.xml")).replace("export/1.2/", "export/1.1/")
    text = text.replace("<wp:wxr_version>1.2<", "<wp:wxr_version>1.1<")
    path = tmp_path / "harbor-1.1.xml"
    path.write_text(text)

    run, _ = import_wxr(str(path))

    assert run.wxr_version == "1.1"
    assert run.counts["posts"] == {"created": 2}


def test_the_command_refuses_a_missing_file(import_wxr):
    with pytest.raises(CommandError, match="No such file"):
        import_wxr("no-such-export.xml")


def wxr_file(name):
    return wxr_path(name).read_text()


def test_the_command_draws_a_progress_bar_on_stderr(site_tree):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", str(wxr_path("harbor.xml")), stdout=out, stderr=err)

    frames = err.getvalue().split("\r")
    assert len(frames) > 2, "the bar is redrawn as the file is read"
    assert frames[-1].startswith("[" + "#" * 30 + "] 100%")
    assert "posts" in frames[-1] and "[" not in out.getvalue().splitlines()[0]
