"""Bad input to the comment form, over HTTP: escaped when shown, refused cleanly when wrong.

Every refusal must be a clean 4xx that writes no row; markup from readers must never reach a
page unescaped, neither on the article (after a moderator approved it) nor on the page a
reader sees after posting.
"""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django_comments_xtd.models import XtdComment
from wagtail.models import Page, PageViewRestriction, Site

from blog.models import BlogPage
from comments.forms import ReaderCommentForm
from comments.models import CommentModeration, CommentPolicy
from tests.factories import comment_form_data as form_data
from tests.factories import make_comment, make_post

POST_URL = "/comments/post/"

SCRIPT = "<script>alert(1)</script>"
SVG = "<svg onload=alert(1)>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
JS_URL = '<a href="javascript:alert(1)">click</a> javascript:alert(1)'
PAYLOADS = {"script": SCRIPT, "svg": SVG, "attribute": ATTRIBUTE_BREAK, "javascript": JS_URL}


def signed_data(post, content_type="blog.blogpage", object_pk=None, timestamp=None, **extra):
    """A correctly signed form for any target, so that only the target itself is wrong."""
    object_pk = str(post.pk if object_pk is None else object_pk)
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    form = ReaderCommentForm(post)
    nonce = extra.pop("nonce", f"test-{time.monotonic_ns()}")
    data = {
        "content_type": content_type,
        "object_pk": object_pk,
        "timestamp": timestamp,
        "nonce": nonce,
        "security_hash": form.generate_security_hash(content_type, object_pk, timestamp, nonce),
        "reply_to": "0",
        "honeypot": "",
        "name": "Sam",
        "email": "sam@example.org",
        "comment": "Thank you for this.",
    }
    data.update(extra)
    return data


EXPIRED = ("This form has expired", 400)
NOT_HERE = ("not on this article", 400)
TOO_DEEP = ("three levels deep", 400)
NOT_OPEN = ("not open for comments", 404)
CLOSED = ("Comments are closed", 403)
NOT_ARTICLE = ("only be posted on articles", 400)
UNKNOWN = ("Unknown article", 400)


def assert_refused(response, expected, count_before=0):
    """A clean refusal: the expected status and message, and nothing written."""
    message, status = expected
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert message in response.content.decode()
    assert XtdComment.norel_objects.count() == count_before
    assert CommentModeration.objects.count() == count_before


def assert_escaped(html, payload):
    assert payload not in html
    assert escape(payload) in html


# Escaping ------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_in_comment_is_escaped_after_posting_and_on_the_article(client, post, payload):
    response = client.post(POST_URL, form_data(client, post.url, comment=payload), follow=True)
    assert response.status_code == 200
    assert b"awaiting moderation" in response.content
    comment = XtdComment.norel_objects.get()
    assert comment.comment == payload  # stored as written, escaped when shown

    XtdComment.norel_objects.filter(pk=comment.pk).update(is_public=True)
    html = client.get(post.url).content.decode()
    assert_escaped(html, payload)
    assert "<img src=x" not in html and "<svg onload" not in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_in_name_is_escaped_after_posting_and_on_the_article(client, post, payload):
    payload = payload[:50]  # the name field's limit
    response = client.post(POST_URL, form_data(client, post.url, name=payload), follow=True)
    assert response.status_code == 200
    posted = response.content.decode()
    assert_escaped(posted, payload)

    comment = XtdComment.norel_objects.get()
    XtdComment.norel_objects.filter(pk=comment.pk).update(is_public=True)
    html = client.get(post.url).content.decode()
    assert_escaped(html, payload)
    # The reply form names the person replied to: escaped there as well.
    reply = client.get(f"{post.url}?reply_to={comment.pk}").content.decode()
    assert_escaped(reply, payload)
    assert 'href="javascript:' not in html + reply + posted


def test_payload_in_rejected_form_is_escaped(client, post):
    """A form with errors shows the reader's input again: escaped."""
    data = form_data(client, post.url, name=ATTRIBUTE_BREAK, comment=SCRIPT + "x" * 3000)
    response = client.post(POST_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert SCRIPT not in html and ATTRIBUTE_BREAK not in html
    assert XtdComment.norel_objects.count() == 0


# Forgery ------------------------------------------------------------------------------------


def signed_in_client(django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("member", password="pw"))
    return client


def test_a_signed_in_post_without_the_csrf_token_is_403(post, django_user_model):
    client = signed_in_client(django_user_model)
    data = form_data(client, post.url)
    response = client.post(POST_URL, data)
    assert response.status_code == 403
    assert XtdComment.norel_objects.count() == 0


def test_a_signed_in_post_with_the_csrf_token_is_accepted(post, django_user_model):
    """The control for the test above: with the token the same post goes through."""
    client = signed_in_client(django_user_model)
    html = client.get(post.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(POST_URL, {**form_data(client, post.url), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert XtdComment.norel_objects.count() == 1


def test_an_anonymous_post_needs_no_csrf_token(post):
    """Readers have no session for a forged post to ride on (comments/csrf.py)."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(POST_URL, form_data(client, post.url))
    assert response.status_code == 302
    assert XtdComment.norel_objects.count() == 1


def test_forged_security_hash_is_refused(client, post):
    data = form_data(client, post.url, security_hash="0" * 40)
    assert_refused(client.post(POST_URL, data), EXPIRED)


def test_tampered_timestamp_is_refused(client, post):
    data = form_data(client, post.url)
    data["timestamp"] = str(int(data["timestamp"]) + 3600)
    assert_refused(client.post(POST_URL, data), EXPIRED)


def test_expired_timestamp_is_refused(client, post):
    # Correctly signed, but older than django_comments' two-hour limit.
    data = signed_data(post, timestamp=int(time.time()) - 2 * 3600 - 60)
    assert_refused(client.post(POST_URL, data), EXPIRED)


def test_filled_honeypot_is_refused(client, post):
    data = form_data(client, post.url, honeypot="http://spam.example")
    assert_refused(client.post(POST_URL, data), EXPIRED)


def test_signed_form_is_accepted(client, post):
    """The control for the signed refusals: a fresh signature for the real target works."""
    response = client.post(POST_URL, signed_data(post))
    assert response.status_code == 302
    assert XtdComment.norel_objects.count() == 1


# Threads ------------------------------------------------------------------------------------


def test_parent_from_another_post_is_refused(client, blog_index, post):
    other = make_post(blog_index, title="Another article")
    parent = make_comment(other)
    data = form_data(client, post.url, reply_to=str(parent.pk))
    assert_refused(client.post(POST_URL, data), NOT_HERE, count_before=1)


def test_too_deep_parent_is_refused(client, post):
    top = make_comment(post, "Level 0")
    middle = make_comment(post, "Level 1", parent=top)
    deepest = make_comment(post, "Level 2", parent=middle)
    assert deepest.level == 2
    data = form_data(client, post.url, reply_to=str(deepest.pk))
    response = client.post(POST_URL, data)
    assert_refused(response, TOO_DEEP, count_before=3)
    assert not XtdComment.norel_objects.filter(thread_id=0).exists()


def test_reply_to_unapproved_parent_is_refused(client, post):
    parent = make_comment(post, public=False)
    data = form_data(client, post.url, reply_to=str(parent.pk))
    assert_refused(client.post(POST_URL, data), NOT_HERE, count_before=1)


def test_reply_to_a_visible_parent_is_accepted(client, post):
    parent = make_comment(post)
    response = client.post(POST_URL, form_data(client, post.url, reply_to=str(parent.pk)))
    assert response.status_code == 302
    reply = XtdComment.norel_objects.exclude(pk=parent.pk).get()
    assert (reply.parent_id, reply.thread_id, reply.level) == (parent.pk, parent.pk, 1)


# Targets ------------------------------------------------------------------------------------


def test_draft_post_is_refused(client, blog_index):
    draft = make_post(blog_index, title="Draft", publish=False)
    assert not draft.live
    assert_refused(client.post(POST_URL, signed_data(draft)), NOT_OPEN)


def test_private_post_is_refused(client, post):
    PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert_refused(client.post(POST_URL, signed_data(post)), NOT_OPEN)


def test_post_with_comments_closed_is_refused(client, post):
    data = form_data(client, post.url)
    BlogPage.objects.filter(pk=post.pk).update(comments_open=False)
    assert_refused(client.post(POST_URL, data), CLOSED)


def test_post_older_than_close_after_days_is_refused(client, post):
    data = form_data(client, post.url)
    policy = CommentPolicy.for_site(Site.objects.get(is_default_site=True))
    old = timezone.now() - timedelta(days=policy.close_after_days + 1)
    BlogPage.objects.filter(pk=post.pk).update(first_published_at=old)
    assert_refused(client.post(POST_URL, data), CLOSED)


def test_comments_disabled_in_policy_are_refused(client, post):
    data = form_data(client, post.url)
    policy = CommentPolicy.for_site(Site.objects.get(is_default_site=True))
    policy.comments_enabled = False
    policy.save()
    assert_refused(client.post(POST_URL, data), CLOSED)


@pytest.mark.parametrize(
    "content_type, object_pk, expected",
    [
        ("wagtailcore.page", None, NOT_ARTICLE),  # the generic Page of the same article
        ("auth.user", "1", NOT_ARTICLE),
        ("x.y", "1", NOT_ARTICLE),
        ("", "1", NOT_ARTICLE),
        ("blog.blogpage", "999999", NOT_OPEN),
        ("blog.blogpage", "abc", UNKNOWN),
        ("blog.blogpage", "-1", UNKNOWN),
        ("blog.blogpage", "", UNKNOWN),
    ],
    ids=[
        "generic-page",
        "user",
        "garbage",
        "empty",
        "unknown-pk",
        "non-numeric",
        "negative",
        "no-pk",
    ],
)
def test_non_blog_page_targets_are_refused(
    client, post, django_user_model, content_type, object_pk, expected
):
    django_user_model.objects.create_user("someone", "someone@example.org", "pw")
    data = signed_data(post, content_type=content_type, object_pk=object_pk)
    assert_refused(client.post(POST_URL, data), expected)


def test_blog_index_target_is_refused(client, post, blog_index):
    data = signed_data(post, content_type="blog.blogindexpage", object_pk=blog_index.pk)
    assert_refused(client.post(POST_URL, data), NOT_ARTICLE)


def test_home_page_as_blog_page_pk_is_refused(client, post, home):
    """A real page id that is not a BlogPage."""
    assert not BlogPage.objects.filter(pk=home.pk).exists()
    assert Page.objects.filter(pk=home.pk).exists()
    assert_refused(client.post(POST_URL, signed_data(post, object_pk=home.pk)), NOT_OPEN)


def test_get_is_not_allowed(client, post):
    response = client.get(POST_URL)
    assert response.status_code == 405


# Length, rate limit, NUL bytes ----------------------------------------------------------------


def test_over_long_comment_is_a_form_error(client, post):
    response = client.post(POST_URL, form_data(client, post.url, comment="x" * 3001))
    assert response.status_code == 200
    html = response.content.decode()
    assert "at most 3000 characters" in html
    assert 'role="alert"' in html
    assert XtdComment.norel_objects.count() == 0


def test_comment_at_the_limit_is_accepted(client, post):
    response = client.post(POST_URL, form_data(client, post.url, comment="x" * 3000))
    assert response.status_code == 302
    assert XtdComment.norel_objects.count() == 1


def test_blank_comment_is_a_form_error(client, post):
    response = client.post(POST_URL, form_data(client, post.url, comment="   \n  "))
    assert response.status_code == 200
    assert XtdComment.norel_objects.count() == 0


# Each post renders its own form: one form posts once.


def test_rate_limit_per_ip_answers_429(client, post):
    for i in range(5):
        data = form_data(client, post.url, email=f"reader{i}@example.org", comment=f"Comment {i}")
        assert client.post(POST_URL, data).status_code == 302
    response = client.post(POST_URL, form_data(client, post.url, email="reader9@example.org"))
    assert response.status_code == 429
    assert XtdComment.norel_objects.count() == 5


def test_rate_limit_per_email_answers_429(client, post):
    for i in range(5):
        data = form_data(client, post.url, comment=f"C {i}")
        response = client.post(POST_URL, data, REMOTE_ADDR=f"10.0.0.{i}")
        assert response.status_code == 302
    response = client.post(POST_URL, form_data(client, post.url), REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429
    assert XtdComment.norel_objects.count() == 5


def test_rate_limit_is_per_ip(client, post):
    for i in range(5):
        data = form_data(client, post.url, email=f"reader{i}@example.org", comment=f"C {i}")
        client.post(POST_URL, data, REMOTE_ADDR="10.0.0.1")
    data = form_data(client, post.url, email="x@example.org")
    response = client.post(POST_URL, data, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "field",
    [
        "name",
        "email",
        "comment",
        "content_type",
        "object_pk",
        "timestamp",
        "security_hash",
        "honeypot",
        "reply_to",
        "followup",
    ],
)
def test_nul_byte_in_any_field_does_not_500(client, post, field):
    data = form_data(client, post.url)
    data[field] = data.get(field, "") + "\x00"
    response = client.post(POST_URL, data)
    assert response.status_code < 500
    if response.status_code != 302:
        assert XtdComment.norel_objects.count() == 0
    else:
        assert "\x00" not in XtdComment.norel_objects.get().comment


def test_nul_byte_in_query_string_does_not_500(client, post):
    assert client.get(post.url + "?reply_to=%00&comments=%00").status_code == 200
