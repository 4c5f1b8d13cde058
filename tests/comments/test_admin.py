"""The Comments moderation area of the Wagtail admin, over HTTP."""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment
from wagtail.models import ModelLogEntry

from comments.models import CommentReport
from tests.factories import make_comment, make_post, user_in_group

LIST_URL = "/admin/comments/"


def fresh(comment):
    return XtdComment.norel_objects.get(pk=comment.pk)


def row_ids(html):
    import re

    return [int(pk) for pk in re.findall(r'data-comment-id="(\d+)"', html)]


def logs(comment, action):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(XtdComment),
        object_id=str(comment.pk),
        action=action,
    )


# --- Listing --------------------------------------------------------------------------------


def test_moderator_lists_pending_comments_with_details(as_moderator, post):
    comment = make_comment(
        post, "Meetings helped me.", email="reader@example.org", reasons=["3 links"], public=False
    )
    CommentReport.objects.create(
        comment=comment, reason="Spam", reporter_name="Alex", reporter_email="alex@example.org"
    )
    response = as_moderator.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert row_ids(html) == [comment.pk]
    assert "Meetings helped me." in html
    assert "reader@example.org" in html  # moderators need the commenter's email
    assert "3 links" in html
    assert "1 open report" in html and "alex@example.org" in html
    assert f'href="{post.url}#c{comment.pk}"' in html


def test_default_filter_is_pending(as_moderator, post):
    pending = make_comment(post, "pending one", public=False)
    public = make_comment(post, "public one", public=True)
    removed = make_comment(post, "removed one", removed=True, public=False)
    unconfirmed = make_comment(post, "unconfirmed one", confirmed=False, public=False)
    urgent_unconfirmed = make_comment(
        post, "urgent one", confirmed=False, urgent=True, public=False
    )

    html = as_moderator.get(LIST_URL).content.decode()
    assert set(row_ids(html)) == {pending.pk, urgent_unconfirmed.pk}
    assert "Awaiting email confirmation" in html

    assert row_ids(as_moderator.get(LIST_URL + "?status=public").content.decode()) == [public.pk]
    assert row_ids(as_moderator.get(LIST_URL + "?status=removed").content.decode()) == [removed.pk]
    assert row_ids(as_moderator.get(LIST_URL + "?status=urgent").content.decode()) == [
        urgent_unconfirmed.pk
    ]
    everything = row_ids(as_moderator.get(LIST_URL + "?status=all").content.decode())
    assert set(everything) == {
        pending.pk,
        public.pk,
        removed.pk,
        unconfirmed.pk,
        urgent_unconfirmed.pk,
    }


def test_reported_filter(as_moderator, post):
    reported = make_comment(post, "reported", public=True)
    resolved = make_comment(post, "resolved", public=True)
    make_comment(post, "quiet", public=True)
    CommentReport.objects.create(comment=reported, reason="Rude")
    CommentReport.objects.create(comment=resolved, reason="Rude", resolved=True)
    html = as_moderator.get(LIST_URL + "?status=reported").content.decode()
    assert row_ids(html) == [reported.pk]


def test_urgent_comments_first_then_newest(as_moderator, post):
    old = make_comment(post, "older", minutes_ago=30, public=False)
    urgent = make_comment(post, "urgent", urgent=True, minutes_ago=60, public=False)
    new = make_comment(post, "newer", minutes_ago=1, public=False)
    assert row_ids(as_moderator.get(LIST_URL).content.decode()) == [urgent.pk, new.pk, old.pk]


def test_search_in_name_and_text(as_moderator, post):
    by_name = make_comment(post, "hello", name="Jordan", public=False)
    by_text = make_comment(post, "talking about Jordan river", public=False)
    make_comment(post, "nothing to see", public=False)
    html = as_moderator.get(LIST_URL + "?q=jordan").content.decode()
    assert set(row_ids(html)) == {by_name.pk, by_text.pk}


def test_payloads_are_escaped_in_the_admin_list(as_moderator, post):
    make_comment(
        post,
        "<script>alert(1)</script> and <svg onload=alert(1)>",
        name='"><img src=x onerror=alert(1)>',
        reasons=["<b>bold</b>"],
        public=False,
    )
    html = as_moderator.get(LIST_URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<svg onload=alert(1)>" not in html
    assert "<img src=x onerror=alert(1)>" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;svg onload=alert(1)&gt;" in html


def test_list_query_count_does_not_grow(as_moderator, blog_index, django_assert_max_num_queries):
    posts = [make_post(blog_index, title=f"Post {n}") for n in range(3)]
    for n in range(2):
        make_comment(posts[n], f"comment {n}", public=False)
    as_moderator.get(LIST_URL)  # warm caches (content types, site root paths)
    with CaptureQueriesContext(connection) as two:
        as_moderator.get(LIST_URL)
    for n in range(28):
        comment = make_comment(
            posts[n % 3], f"more {n}", urgent=n % 7 == 0, reasons=["watch"], public=False
        )
        if n % 2:
            CommentReport.objects.create(comment=comment, reason="check", reporter_name="R")
    with django_assert_max_num_queries(len(two)), CaptureQueriesContext(connection) as thirty:
        response = as_moderator.get(LIST_URL)
    assert len(row_ids(response.content.decode())) == 30
    assert len(thirty) == len(two)


def test_menu_shows_pending_count_to_moderators_only(client, post, moderator):
    make_comment(post, public=False)
    make_comment(post, public=True)
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    assert "Comments (1)" in html
    for username, group in [("writer", "Writers"), ("clinician", "Clinical reviewers")]:
        client.force_login(user_in_group(username, group))
        html = client.get("/admin/").content.decode()
        assert "/admin/comments/" not in html
        assert "Comments (1)" not in html


def test_editors_and_superusers_can_moderate(client, post, django_user_model):
    comment = make_comment(post, public=False)
    client.force_login(user_in_group("editor", "Editors"))
    assert row_ids(client.get(LIST_URL).content.decode()) == [comment.pk]
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    assert client.post(f"{LIST_URL}{comment.pk}/approve/").status_code == 302
    assert fresh(comment).is_public


# --- Actions --------------------------------------------------------------------------------


def test_moderator_approves(as_moderator, post, moderator):
    comment = make_comment(post, "Glad I found this.", public=False)
    CommentReport.objects.create(comment=comment, reason="Check it")
    response = as_moderator.post(f"{LIST_URL}{comment.pk}/approve/", {"next": LIST_URL})
    assert response.status_code == 302 and response["Location"] == LIST_URL
    assert fresh(comment).is_public
    assert not CommentReport.objects.filter(resolved=False).exists()
    entry = logs(comment, "kinship.comment.approve").get()
    assert entry.user == moderator and entry.timestamp
    assert "Glad I found this." not in entry.label  # the reader's words stay out of the log
    assert b"Glad I found this." in as_moderator.get(post.url).content


def test_moderator_removes_and_replies_are_hidden(as_moderator, post, moderator):
    parent = make_comment(post, "parent", public=True)
    reply = make_comment(post, "a reply", parent=parent, public=True)
    deeper = make_comment(post, "deeper", parent=reply, public=True)
    other = make_comment(post, "another thread", public=True)
    as_moderator.post(f"{LIST_URL}{parent.pk}/remove/")
    parent, reply, deeper, other = map(fresh, (parent, reply, deeper, other))
    assert parent.is_removed and not parent.is_public
    assert not reply.is_public and not deeper.is_public and not reply.is_removed
    assert other.is_public
    assert logs(parent, "kinship.comment.remove").get().user == moderator
    page = as_moderator.get(post.url).content
    assert b"a reply" not in page and b"deeper" not in page and b"another thread" in page


def test_approving_a_parent_does_not_republish_a_removed_reply(as_moderator, post):
    parent = make_comment(post, "the parent", public=False)
    reply = make_comment(post, "the rejected reply", parent=parent, removed=True, public=False)
    as_moderator.post(f"{LIST_URL}{parent.pk}/approve/")
    assert fresh(parent).is_public
    reply = fresh(reply)
    assert reply.is_removed and not reply.is_public
    assert b"the rejected reply" not in as_moderator.get(post.url).content


def test_bulk_approve_and_remove(as_moderator, post, moderator):
    first, second, third = (make_comment(post, f"c{n}", public=False) for n in range(3))
    response = as_moderator.post(
        f"{LIST_URL}bulk/", {"action": "approve", "ids": [first.pk, second.pk]}
    )
    assert response.status_code == 302
    assert fresh(first).is_public and fresh(second).is_public and not fresh(third).is_public
    assert logs(first, "kinship.comment.approve").get().user == moderator
    assert logs(second, "kinship.comment.approve").get().user == moderator

    as_moderator.post(f"{LIST_URL}bulk/", {"action": "remove", "ids": [second.pk, third.pk]})
    assert fresh(second).is_removed and fresh(third).is_removed and not fresh(first).is_removed
    assert logs(third, "kinship.comment.remove").get().user == moderator

    # An unknown action changes nothing.
    as_moderator.post(f"{LIST_URL}bulk/", {"action": "delete", "ids": [first.pk]})
    assert XtdComment.norel_objects.filter(pk=first.pk, is_public=True).exists()


def test_moderator_reply_is_public_and_from_the_team(as_moderator, post, moderator):
    comment = make_comment(post, "Is there a group near me?", public=False)
    form = as_moderator.get(f"{LIST_URL}{comment.pk}/reply/")
    assert form.status_code == 200 and b"Is there a group near me?" in form.content
    response = as_moderator.post(
        f"{LIST_URL}{comment.pk}/reply/",
        {"comment": "Yes: see our meetings page.", "approve_parent": "on"},
    )
    assert response.status_code == 302
    reply = XtdComment.norel_objects.exclude(pk=comment.pk).get()
    assert reply.is_public and not reply.is_removed
    assert reply.parent_id == comment.pk and reply.thread_id == comment.thread_id
    assert reply.level == 1
    assert reply.user == moderator and reply.user_name == "Robin"
    assert reply.moderation.from_team and reply.moderation.confirmed_at
    assert fresh(comment).is_public  # approved with the reply
    entry = logs(comment, "kinship.comment.reply").get()
    assert entry.user == moderator and entry.data["reply"] == reply.pk
    page = as_moderator.get(post.url).content.decode()
    assert "Yes: see our meetings page." in page
    assert f'id="c{reply.pk}"' in page and "Kinship team" in page


def test_reply_to_the_deepest_comment_goes_to_the_deepest_allowed_ancestor(as_moderator, post):
    top = make_comment(post, "top", public=True)
    middle = make_comment(post, "middle", parent=top, public=True)
    deepest = make_comment(post, "deepest", parent=middle, public=True)
    assert deepest.level == settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    response = as_moderator.post(f"{LIST_URL}{deepest.pk}/reply/", {"comment": "From us."})
    assert response.status_code == 302
    reply = XtdComment.norel_objects.get(comment="From us.")
    assert reply.parent_id == middle.pk and reply.level == settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    assert reply.thread_id == top.pk
    orders = list(
        XtdComment.norel_objects.filter(thread_id=top.pk)
        .order_by("order")
        .values_list("order", flat=True)
    )
    assert orders == sorted(set(orders))  # a consistent thread order


def test_reply_refused_to_a_removed_comment(as_moderator, post):
    removed = make_comment(post, "gone", removed=True, public=False)
    as_moderator.post(f"{LIST_URL}{removed.pk}/reply/", {"comment": "Hello"})
    assert not XtdComment.norel_objects.filter(comment="Hello").exists()


def test_empty_reply_is_a_form_error(as_moderator, post):
    comment = make_comment(post, public=True)
    response = as_moderator.post(f"{LIST_URL}{comment.pk}/reply/", {"comment": ""})
    assert response.status_code == 200
    assert XtdComment.norel_objects.count() == 1


def test_thread_fields_have_no_edit_form(as_moderator, post):
    comment = make_comment(post, public=False)
    for url in (
        f"{LIST_URL}edit/{comment.pk}/",
        f"{LIST_URL}new/",
        f"{LIST_URL}delete/{comment.pk}/",
        f"{LIST_URL}{comment.pk}/",
    ):
        assert as_moderator.get(url).status_code == 404, url
    html = as_moderator.get(LIST_URL).content.decode()
    for field in ("thread_id", "nested_count", 'name="order"', 'name="level"', "parent_id"):
        assert field not in html


def test_actions_need_post_and_csrf(post, moderator):
    comment = make_comment(post, public=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert client.get(f"{LIST_URL}{comment.pk}/approve/").status_code == 405
    assert client.post(f"{LIST_URL}{comment.pk}/approve/").status_code == 403
    assert (
        client.post(f"{LIST_URL}bulk/", {"action": "approve", "ids": [comment.pk]}).status_code
        == 403
    )
    assert client.post(f"{LIST_URL}{comment.pk}/reply/", {"comment": "x"}).status_code == 403
    assert not fresh(comment).is_public
    assert XtdComment.norel_objects.count() == 1


@pytest.mark.parametrize("group", ["Writers", "Clinical reviewers"])
def test_writers_and_clinicians_are_refused(client, post, group):
    comment = make_comment(post, "secret pending words", public=False)
    client.force_login(user_in_group("someone", group))
    for url in (LIST_URL, f"{LIST_URL}results/", f"{LIST_URL}{comment.pk}/reply/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/"
        assert b"secret pending words" not in response.content
    for url, data in [
        (f"{LIST_URL}{comment.pk}/approve/", {}),
        (f"{LIST_URL}{comment.pk}/remove/", {}),
        (f"{LIST_URL}bulk/", {"action": "approve", "ids": [comment.pk]}),
        (f"{LIST_URL}{comment.pk}/reply/", {"comment": "Not allowed"}),
    ]:
        assert client.post(url, data).status_code == 302, url
    comment = fresh(comment)
    assert not comment.is_public and not comment.is_removed
    assert XtdComment.norel_objects.count() == 1
    assert not ModelLogEntry.objects.filter(action__startswith="kinship.comment.").exists()


def test_anonymous_is_sent_to_login(client, post):
    comment = make_comment(post, public=False)
    assert "/admin/login/" in client.get(LIST_URL)["Location"]
    client.post(f"{LIST_URL}{comment.pk}/approve/")
    assert not fresh(comment).is_public


def test_approving_a_reply_in_the_admin_emails_thread_followers(
    blog_index, django_capture_on_commit_callbacks
):
    from django.core import mail

    from comments.moderation_actions import approve

    post = make_post(blog_index, title="Followed")
    parent = make_comment(post, text="First", public=True)
    XtdComment.norel_objects.filter(pk=parent.pk).update(followup=True)
    reply = make_comment(
        post, text="A reply", parent=parent, email="alex@example.org", public=False
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(XtdComment.norel_objects.get(pk=reply.pk), user_in_group("mod-x", "Moderators"))
    assert any(parent.user_email in m.to for m in mail.outbox)
