"""Commenters' privacy: IP retention and erasure by email address."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from comments.models import CommentModeration, CommentReport
from comments.privacy import ANONYMISED_NAME, REMOVED_TEXT
from comments.tree import comment_tree
from editorial.management.commands.run_scheduler import PERIODIC_COMMANDS
from tests.factories import make_comment, user_in_group

pytestmark = pytest.mark.django_db

EMAIL = "river@example.org"


def run(*args, **options):
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def report(comment, created_at=None, **fields):
    return CommentReport.objects.create(
        comment=comment,
        reason="Unkind",
        reporter_name=fields.pop("reporter_name", "A reader"),
        reporter_email=fields.pop("reporter_email", "reporter@example.org"),
        reporter_ip=fields.pop("reporter_ip", "198.51.100.7"),
        created_at=created_at or timezone.now(),
        **fields,
    )


# --- purge_comment_ips -------------------------------------------------------------------------


def test_purge_clears_ip_addresses_older_than_the_retention_period(post, settings):
    assert settings.KINSHIP_COMMENT_IP_RETENTION_DAYS == 30
    old = make_comment(post, submit_date=days_ago(31))
    recent = make_comment(post, submit_date=days_ago(29))
    old_report = report(recent, created_at=days_ago(45))
    recent_report = report(old, created_at=days_ago(2))

    output = run("purge_comment_ips")

    assert "Cleared the IP address of 1 comment(s) and 1 report(s)" in output
    old.refresh_from_db()
    recent.refresh_from_db()
    old_report.refresh_from_db()
    recent_report.refresh_from_db()
    assert old.ip_address is None
    assert recent.ip_address == "192.0.2.10"
    assert old_report.reporter_ip is None
    assert recent_report.reporter_ip == "198.51.100.7"
    # Only the address goes: the comment, and who filed the report, stay for moderators.
    assert old.comment and old.user_email
    assert old_report.reporter_email == "reporter@example.org"


def test_purge_follows_the_retention_setting(post, settings):
    settings.KINSHIP_COMMENT_IP_RETENTION_DAYS = 7
    comment = make_comment(post, submit_date=days_ago(8))

    run("purge_comment_ips")

    comment.refresh_from_db()
    assert comment.ip_address is None


def test_a_second_purge_finds_nothing_and_is_quiet_unless_asked(post):
    make_comment(post, submit_date=days_ago(40))
    run("purge_comment_ips")

    assert run("purge_comment_ips") == ""
    assert "0 comment(s) and 0 report(s)" in run("purge_comment_ips", verbosity=2)


def test_the_scheduler_runs_the_purge():
    assert "purge_comment_ips" in PERIODIC_COMMANDS


# --- erase_commenter ---------------------------------------------------------------------------


@pytest.fixture
def thread(post):
    """A thread where River wrote the top comment and a reply, and others replied to River."""
    top = make_comment(post, email=EMAIL, name="River", text="My own story.")
    other = make_comment(post, parent=top, text="Thank you, River.")
    own_reply = make_comment(
        post, parent=other, email="RIVER@Example.org", name="River", text="Thanks!"
    )
    elsewhere = make_comment(post, text="Someone else's comment.")
    filed = report(elsewhere, reporter_email="River@example.org", reporter_name="River")
    about_river = report(top)
    return {
        "top": top,
        "other": other,
        "own_reply": own_reply,
        "elsewhere": elsewhere,
        "filed": filed,
        "about_river": about_river,
    }


def test_erase_anonymises_by_default(thread, post, client):
    top, own_reply = thread["top"], thread["own_reply"]
    CommentModeration.objects.filter(comment=top).update(
        urgent=True, hold_reasons=["Crisis language: want to die"]
    )

    output = run("erase_commenter", "  River@EXAMPLE.org ")

    assert f"Anonymised 2 comment(s): ids {top.pk}, {own_reply.pk}." in output
    assert "Cleared the reporter's name, email and IP address from 1 report(s)" in output
    assert "river@example.org" not in output.lower()
    for comment in (top, own_reply):
        comment.refresh_from_db()
        assert comment.user_name == ANONYMISED_NAME
        assert comment.user_email == ""
        assert comment.comment == REMOVED_TEXT
        assert comment.is_removed
        assert comment.ip_address is None
        assert comment.user_id is None
        assert not comment.followup
    moderation = CommentModeration.objects.get(comment=top)
    assert moderation.hold_reasons == [] and not moderation.urgent
    # The thread keeps its shape; other readers' words are untouched.
    other = XtdComment.objects.get(pk=thread["other"].pk)
    assert (other.comment, other.parent_id) == ("Thank you, River.", top.pk)
    filed = CommentReport.objects.get(pk=thread["filed"].pk)
    assert (filed.reporter_name, filed.reporter_email, filed.reporter_ip) == ("", "", None)
    assert filed.reason == "Unkind"
    assert CommentReport.objects.get(pk=thread["about_river"].pk).reporter_email
    assert not XtdComment.objects.filter(user_email__iexact=EMAIL).exists()
    html = client.get(post.url).content.decode()
    assert "My own story." not in html and "Thanks!" not in html


def test_erase_deletes_with_delete_and_reports_the_replies_that_went_too(thread):
    top, other, own_reply = thread["top"], thread["other"], thread["own_reply"]

    output = run("erase_commenter", EMAIL, "--delete")

    assert f"Deleted 2 comment(s): ids {top.pk}, {own_reply.pk}." in output
    assert f"Deleted with them 1 reply(ies) by other readers: ids {other.pk}." in output
    assert list(XtdComment.objects.values_list("pk", flat=True)) == [thread["elsewhere"].pk]
    assert not CommentReport.objects.filter(pk=thread["about_river"].pk).exists()
    filed = CommentReport.objects.get(pk=thread["filed"].pk)
    assert filed.reporter_email == ""


def test_erase_matches_the_email_of_a_linked_account(post):
    user = user_in_group("river", "Moderators", email=EMAIL)
    comment = make_comment(post, user=user, email="old-address@example.org")

    output = run("erase_commenter", EMAIL)

    assert f"ids {comment.pk}" in output
    comment.refresh_from_db()
    assert comment.user_id is None and comment.user_email == ""


def test_dry_run_changes_nothing(thread):
    before = list(XtdComment.objects.order_by("pk").values())

    output = run("erase_commenter", EMAIL, "--delete", "--dry-run")

    assert "Dry run: nothing was changed" in output
    assert f"Deleted 2 comment(s): ids {thread['top'].pk}, {thread['own_reply'].pk}." in output
    assert list(XtdComment.objects.order_by("pk").values()) == before
    assert CommentReport.objects.get(pk=thread["filed"].pk).reporter_email


def test_erase_with_nothing_to_erase_says_so(post):
    make_comment(post, email="someone@example.org")

    output = run("erase_commenter", EMAIL)

    assert "Nothing to do" in output
    assert XtdComment.objects.get().user_email == "someone@example.org"


def test_erase_does_not_match_other_addresses_containing_this_one(post):
    kept = make_comment(post, email="xriver@example.org")
    kept2 = make_comment(post, email="river@example.org.uk")
    gone = make_comment(post, email=EMAIL)

    run("erase_commenter", EMAIL)

    assert XtdComment.objects.get(pk=kept.pk).user_email == "xriver@example.org"
    assert XtdComment.objects.get(pk=kept2.pk).user_email == "river@example.org.uk"
    assert XtdComment.objects.get(pk=gone.pk).user_email == ""


def test_erase_needs_an_email_address():
    with pytest.raises(CommandError, match="email address"):
        run("erase_commenter", "not-an-address")


def test_anonymise_and_delete_cannot_be_combined():
    with pytest.raises(CommandError):
        run("erase_commenter", EMAIL, "--anonymise", "--delete")


def test_an_anonymised_comment_disappears_from_the_public_tree(post):
    mine = make_comment(post, email=EMAIL)
    theirs = make_comment(post)

    run("erase_commenter", EMAIL)

    assert [node.comment.pk for node in comment_tree(post)] == [theirs.pk]
    assert XtdComment.objects.filter(pk=mine.pk).exists()
