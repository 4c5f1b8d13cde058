"""Email confirmation for anonymous commenters: links built on Django's JSON
signing that work once, expire after 7 days and refuse tampering or the wrong purpose."""

import io
import re
import time

import pytest
from django.core import mail, signing
from django.core.management import call_command

from comments.signing import make_token
from tests.factories import post_comment, user_in_group

pytestmark = pytest.mark.usefixtures("emails_at_commit")

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DAY = 24 * 3600


def confirm_path(message):
    link = re.search(r"https?://\S+/comments/confirm/\S+/", message.body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def token_made_days_ago(days, purpose, comment_id, monkeypatch):
    with monkeypatch.context() as patch:
        then = int(time.time()) - int(days * DAY)
        patch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(then))
        return make_token(purpose, comment_id)


def confirmed_at(comment):
    comment.moderation.refresh_from_db()
    return comment.moderation.confirmed_at


def test_the_link_confirms_once(client, post):
    comment, response = post_comment(client, post)
    assert b"please confirm" in client.get(response["Location"]).content
    assert confirmed_at(comment) is None
    [message] = mail.outbox
    assert message.to == ["sam@example.org"]
    assert set(EMAIL_RE.findall(message.body)) <= {"sam@example.org"}

    first = client.get(confirm_path(message))
    assert first.status_code == 200
    assert b"your email is confirmed" in first.content
    assert f'href="{post.url}#comments"'.encode() in first.content
    when = confirmed_at(comment)
    assert when is not None

    second = client.get(confirm_path(message))
    assert second.status_code == 200
    assert b"Already confirmed" in second.content
    assert confirmed_at(comment) == when  # replaying the link changes nothing
    comment.refresh_from_db()
    assert not comment.is_public  # confirming never publishes: a moderator still decides


def test_the_link_expires_after_seven_days(client, post, monkeypatch):
    comment, _ = post_comment(client, post)
    expired = token_made_days_ago(7.01, "confirm", comment.pk, monkeypatch)
    response = client.get(f"/comments/confirm/{expired}/")
    assert response.status_code == 400
    assert b"not valid" in response.content
    assert confirmed_at(comment) is None

    fresh = token_made_days_ago(6.9, "confirm", comment.pk, monkeypatch)
    assert client.get(f"/comments/confirm/{fresh}/").status_code == 200
    assert confirmed_at(comment) is not None


def test_tampered_or_wrong_purpose_links_are_refused(client, post):
    comment, _ = post_comment(client, post)
    other, _ = post_comment(client, post, email="other@example.org")
    good = make_token("confirm", comment.pk)
    payload, rest = good.split(":", 1)
    forged = signing.dumps({"p": "confirm", "c": other.pk}, salt="wrong", compress=True)
    for token in (
        make_token("mute", comment.pk),  # a valid signature for another purpose
        make_token("posted", comment.pk),
        good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),  # tampered signature
        payload[:-1] + ("A" if payload[-1] != "A" else "B") + ":" + rest,  # tampered payload
        forged,  # signed with another salt
        "not-a-token",
    ):
        response = client.get(f"/comments/confirm/{token}/")
        assert response.status_code == 400, token
    assert confirmed_at(comment) is None and confirmed_at(other) is None


def test_unconfirmed_comments_are_flagged_for_moderators(client, post):
    user_in_group("mod", "Moderators")
    comment, _ = post_comment(client, post)
    mail.outbox.clear()
    call_command("comments_digest", stdout=io.StringIO())
    # Not confirmed yet: it waits for its writer, so neither the queue nor the digest has it.
    assert mail.outbox == []

    client.get(confirm_path_for(comment))
    mail.outbox.clear()
    call_command("comments_digest", stdout=io.StringIO())
    [digest] = mail.outbox
    assert digest.to == ["mod@example.org"]
    assert "(email not confirmed)" not in digest.body
    assert "sam@example.org" not in digest.body


def confirm_path_for(comment):
    return f"/comments/confirm/{make_token('confirm', comment.pk)}/"


def test_signed_in_readers_need_no_confirmation(client, post):
    user = user_in_group("reader", "Writers")  # any account; readers have no group of their own
    client.force_login(user)
    comment, response = post_comment(client, post, email=user.email)
    assert confirmed_at(comment) is not None
    assert mail.outbox == []
    assert b"please confirm" not in client.get(response["Location"]).content
