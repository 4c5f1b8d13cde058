"""Comment notifications: follow-up emails when a reply is approved, the
mute link, urgent alerts and the Moderators' daily digest, over HTTP with the test client."""

import io
import itertools
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django_comments_xtd.models import XtdComment

from comments.models import FollowUpSent
from comments.notifications import notify_followers_of
from comments.signing import make_token
from editorial.management.commands import run_scheduler
from tests.factories import comment_form_data as form_data
from tests.factories import make_comment, make_post, user_in_group

pytestmark = pytest.mark.usefixtures("emails_at_commit")

_addresses = itertools.count()
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def assert_private(message):
    """One recipient, and no email address in the body but the recipient's."""
    assert len(message.to) == 1 and not message.cc and not message.bcc, message.to
    found = {address.lower() for address in EMAIL_RE.findall(message.body + message.subject)}
    assert found <= {message.to[0].lower()}, (found, message.to)


def post_over_http(client, page, name, email, text, reply_to=None, followup=True, confirm=True):
    """Post a comment over HTTP (as an anonymous reader) and confirm it from the email."""
    extra = {"name": name, "email": email, "comment": text}
    if reply_to is not None:
        extra["reply_to"] = str(reply_to.pk)
    if followup:
        extra["followup"] = "on"
    before = len(mail.outbox)
    # Each reader from their own address, below the per-IP posting limit.
    ip = f"10.0.{next(_addresses) // 250}.{next(_addresses) % 250 + 1}"
    response = client.post("/comments/post/", form_data(client, page.url, **extra), REMOTE_ADDR=ip)
    assert response.status_code == 302, response.content[:500]
    comment = XtdComment.norel_objects.latest("pk")
    assert comment.comment == text and not comment.is_public
    if confirm:
        confirmation = [m for m in mail.outbox[before:] if m.subject.startswith("Please confirm")]
        link = re.search(r"https?://\S+/comments/confirm/\S+/", confirmation[-1].body).group(0)
        assert client.get(path_of(link)).status_code == 200
    return comment


def approve(comment):
    """What a moderator's approval does to the row: is_public becomes True and it is saved."""
    comment.refresh_from_db()
    comment.is_public = True
    comment.save()
    return comment


def followups():
    return [m for m in mail.outbox if m.subject.startswith("New reply")]


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def thread(client, post):
    """An approved top-level comment by Alice (follow-ups on, confirmed), with approved replies
    from Carol (follow-ups on, never confirmed) and Dave (follow-ups off)."""
    alice = approve(post_over_http(client, post, "Alice", "alice@example.org", "Groups helped me."))
    carol = approve(
        post_over_http(
            client, post, "Carol", "carol@example.org", "Me too.", reply_to=alice, confirm=False
        )
    )
    dave = approve(
        post_over_http(
            client, post, "Dave", "dave@example.org", "Same.", reply_to=alice, followup=False
        )
    )
    mail.outbox.clear()
    return post, alice, carol, dave


def test_followers_are_emailed_once_when_a_reply_is_approved(client, thread):
    page, alice, carol, dave = thread
    eve = post_over_http(
        client, page, "Eve", "eve@example.org", "Welcome, both of you.", reply_to=alice
    )
    # Posting and confirming a reply tells no one: it is not public yet.
    assert followups() == []

    approve(eve)

    sent = followups()
    assert [m.to for m in sent] == [["alice@example.org"]]  # not Carol (unconfirmed), not Dave
    body = sent[0].body
    assert "Welcome, both of you." in body and "Eve" in body and "Peer support" in body
    assert f"#c{eve.pk}" in body
    assert "/comments/mute/" in body
    assert sent[0].extra_headers["List-Unsubscribe"].startswith("<http")
    for message in mail.outbox:
        assert_private(message)

    # Idempotent: saving again, the moderation screens calling the helper, and unpublishing
    # then approving again send nothing more.
    approve(eve)
    assert notify_followers_of(eve) == 0
    XtdComment.norel_objects.filter(pk=eve.pk).update(is_public=False)
    approve(eve)
    assert len(followups()) == 1
    assert FollowUpSent.objects.get(comment=eve).recipients == 1


def test_nothing_is_sent_for_a_reply_that_stays_pending_or_is_removed(client, thread):
    page, alice, *_ = thread
    eve = post_over_http(client, page, "Eve", "eve@example.org", "Hello.", reply_to=alice)
    eve.refresh_from_db()
    eve.is_removed = True
    eve.save()
    eve.is_public = True  # removed comments are never announced, even if marked public
    eve.save()
    assert followups() == []


def test_the_replys_author_is_not_told_about_their_own_reply(client, thread):
    page, alice, carol, dave = thread
    bob = approve(
        post_over_http(client, page, "Bob", "bob@example.org", "Thanks Alice.", reply_to=alice)
    )
    mail.outbox.clear()
    # Alice answers in her own thread, typing her address in capitals.
    approve(
        post_over_http(client, page, "Alice", "ALICE@Example.org", "Thank you Bob.", reply_to=bob)
    )
    assert [m.to for m in followups()] == [["bob@example.org"]]


def test_one_email_per_reader_however_many_comments_they_wrote(client, thread):
    page, alice, *_ = thread
    approve(
        post_over_http(
            client, page, "Alice", "Alice@example.org", "And another thing.", reply_to=alice
        )
    )
    mail.outbox.clear()
    approve(post_over_http(client, page, "Eve", "eve@example.org", "Hi.", reply_to=alice))
    assert len(followups()) == 1


def test_other_threads_and_articles_are_not_followers(client, thread, blog_index):
    page, alice, *_ = thread
    approve(post_over_http(client, page, "Finn", "finn@example.org", "A different thread."))
    other = make_post(blog_index, title="Sleep")
    approve(post_over_http(client, other, "Gus", "gus@example.org", "Another article."))
    mail.outbox.clear()
    approve(post_over_http(client, page, "Eve", "eve@example.org", "Hi.", reply_to=alice))
    assert [m.to for m in followups()] == [["alice@example.org"]]


def test_bulk_approval_calls_the_helper(client, thread):
    page, alice, *_ = thread
    eve = post_over_http(client, page, "Eve", "eve@example.org", "Hi.", reply_to=alice)
    XtdComment.norel_objects.filter(pk=eve.pk).update(is_public=True)  # no signals
    assert notify_followers_of(eve) == 1
    approve(eve)  # the signal after the helper: still one email
    assert len(followups()) == 1


def test_a_team_reply_published_at_once_notifies_followers(client, thread):
    page, alice, *_ = thread
    make_comment(
        page,
        "We are glad you are here.",
        parent=alice,
        name="Kinship team",
        email="team@kinship.example",
        from_team=True,
    )
    assert [m.to for m in followups()] == [["alice@example.org"]]
    assert_private(followups()[0])


def test_addresses_typed_in_a_reply_are_masked(client, thread):
    page, alice, *_ = thread
    eve = post_over_http(
        client,
        page,
        "eve@example.org",
        "eve@example.org",
        "Write to me: eve@example.org",
        reply_to=alice,
    )
    approve(eve)
    body = followups()[0].body
    assert "eve@example.org" not in body and "[email address]" in body
    assert_private(followups()[0])


def test_the_mute_link_stops_follow_ups_for_that_thread_only(client, thread):
    page, alice, *_ = thread
    # Alice also follows a second thread on the same article.
    second = approve(post_over_http(client, page, "Alice", "alice@example.org", "Second thread."))
    approve(post_over_http(client, page, "Eve", "eve@example.org", "Hi.", reply_to=alice))
    link = re.search(r"https?://\S+/comments/mute/\S+/", followups()[0].body).group(0)

    response = client.get(path_of(link))
    assert response.status_code == 200
    assert b"no more emails" in response.content
    assert page.title.encode() in response.content
    assert not XtdComment.norel_objects.filter(
        thread_id=alice.thread_id, user_email__iexact="alice@example.org", followup=True
    ).exists()
    second.refresh_from_db()
    assert second.followup  # another thread is not muted
    assert client.get(path_of(link)).status_code == 200  # using it twice is harmless

    mail.outbox.clear()
    approve(post_over_http(client, page, "Hal", "hal@example.org", "Hello.", reply_to=alice))
    assert [m.to for m in followups()] == [["eve@example.org"]]  # Eve follows; Alice muted
    mail.outbox.clear()
    approve(post_over_http(client, page, "Hal", "hal@example.org", "Hello too.", reply_to=second))
    assert [m.to for m in followups()] == [["alice@example.org"]]


def test_a_bad_mute_link_is_refused(client, thread):
    page, alice, *_ = thread
    good = make_token("mute", alice.pk)
    for token in (make_token("confirm", alice.pk), good[:-2] + "xx", "nonsense"):
        response = client.get(f"/comments/mute/{token}/")
        assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.followup


# --- Moderators -----------------------------------------------------------------------------


@pytest.fixture
def moderators(db):
    return [user_in_group("mod-one", "Moderators"), user_in_group("mod-two", "Moderators")]


def test_urgent_alert_goes_to_each_moderator_separately(client, blog_index, moderators):
    page = make_post(blog_index, title="Hard days")
    post_over_http(client, page, "Ivy", "ivy@example.org", "I want to end my life", confirm=False)
    alerts = [m for m in mail.outbox if m.subject.startswith("URGENT")]
    assert sorted(m.to[0] for m in alerts) == ["mod-one@example.org", "mod-two@example.org"]
    for message in alerts:
        assert_private(message)
        assert "/admin/comments/" in message.body


def test_the_digest_sends_nothing_when_nothing_is_pending(client, post, moderators):
    approve(post_over_http(client, post, "Sam", "sam@example.org", "Public already."))
    mail.outbox.clear()
    call_command("comments_digest", stdout=io.StringIO())
    assert mail.outbox == []


def test_the_digest_lists_pending_comments_urgent_first(client, blog_index, moderators):
    calm = make_post(blog_index, title="Sleep hygiene")
    hard = make_post(blog_index, title="Hard days")
    post_over_http(client, calm, "Jo", "jo@example.org", "Useful tips, thanks.")
    post_over_http(
        client, calm, "Kim", "kim@example.org", "Email me at kim@example.org", confirm=False
    )
    post_over_http(client, hard, "Lee", "lee@example.org", "I want to end my life", confirm=False)
    approve(post_over_http(client, calm, "Max", "max@example.org", "Already public."))
    mail.outbox.clear()

    call_command("comments_digest", stdout=io.StringIO())

    assert sorted(m.to[0] for m in mail.outbox) == ["mod-one@example.org", "mod-two@example.org"]
    message = mail.outbox[0]
    assert_private(message)
    # The digest counts what the moderation queue shows: Kim's unconfirmed, non-urgent comment
    # waits for Kim, not for a moderator; Lee's urgent one is shown before confirmation.
    assert "2" in message.subject and "1 urgent" in message.subject
    body = message.body
    assert body.startswith("2 comments are waiting for moderation, 1 of them urgent.")
    assert "Kim" not in body
    assert body.index("Hard days") < body.index("Sleep hygiene")
    assert "URGENT" in body and "Useful tips, thanks." in body
    assert "Already public." not in body
    assert body.count("(email not confirmed)") == 1  # Lee never confirmed
    assert "http://" in body and "/admin/comments/" in body


def test_the_scheduler_runs_the_digest_once_a_day():
    assert "comments_digest" in run_scheduler.PERIODIC_COMMANDS
    assert run_scheduler.COMMAND_INTERVALS["comments_digest"] == 24 * 3600
    loop = run_scheduler.Command()
    loop.once = False
    assert loop.claim("publish_scheduled") and loop.claim("publish_scheduled")
    assert loop.claim("comments_digest")
    assert not loop.claim("comments_digest")  # the next round, and a second scheduler
    assert not run_scheduler.Command().claim("comments_digest")  # after a restart too
    loop.release("comments_digest")  # a failed run is tried again next round
    assert loop.claim("comments_digest")


def test_the_scheduler_loop_skips_the_digest_until_it_is_due(monkeypatch):
    calls = []
    monkeypatch.setattr(run_scheduler, "call_command", lambda name, **kw: calls.append(name))
    monkeypatch.setattr(run_scheduler, "close_old_connections", lambda: None)
    loop = run_scheduler.Command()
    loop.once, loop.stopping, loop.verbosity = False, False, 0
    loop.run_round()
    loop.run_round()
    assert calls == [
        "publish_scheduled",
        "purge_comment_ips",
        "comments_digest",
        "flush_search_hits",
        "publish_scheduled",
        "purge_comment_ips",
        "flush_search_hits",
    ]


def test_a_started_scheduler_sends_no_digest_until_a_day_has_passed(monkeypatch):
    # `make run` (and every restart or deploy) starts the scheduler: no digest at start-up.
    calls = []
    monkeypatch.setattr(run_scheduler, "call_command", lambda name, **kw: calls.append(name))
    monkeypatch.setattr(run_scheduler, "close_old_connections", lambda: None)
    loop = run_scheduler.Command()
    loop.once, loop.stopping, loop.verbosity = False, False, 0
    loop.start_intervals()
    loop.run_round()
    assert "comments_digest" not in calls and "publish_scheduled" in calls
    cache.delete(loop.last_run_key("comments_digest"))  # a day later, the key has expired
    loop.run_round()
    assert calls.count("comments_digest") == 1
