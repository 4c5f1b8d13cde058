"""The comment form in a page many readers share (the page cache): no CSRF cookie, no nonce,
and still protected. Signed-in users get a form of their own, CSRF-checked."""

import pytest
from django.test import Client
from django_comments_xtd.models import XtdComment

from tests.factories import COMMENT_POST_URL, comment_form_data, hidden_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict():
    """A client that checks CSRF as a browser posting from another site would meet it."""
    return Client(enforce_csrf_checks=True)


def test_two_readers_post_through_the_same_shared_form(strict, post):
    form = comment_form_data(strict, post.url)
    assert form.get("nonce", "") == ""
    first = strict.post(COMMENT_POST_URL, {**form, "comment": "First reader", "email": "a@x.org"})
    second = strict.post(COMMENT_POST_URL, {**form, "comment": "Second reader", "email": "b@x.org"})
    assert first.status_code == second.status_code == 302
    texts = set(XtdComment.norel_objects.values_list("comment", flat=True))
    assert texts == {"First reader", "Second reader"}
    comments = XtdComment.norel_objects.select_related("moderation")
    nonces = {comment.moderation.form_nonce for comment in comments}
    assert len(nonces) == 2 and "" not in nonces


def test_a_resent_shared_form_makes_one_comment(strict, post):
    form = comment_form_data(strict, post.url, comment="Said once")
    strict.post(COMMENT_POST_URL, form)
    again = strict.post(COMMENT_POST_URL, form)
    assert again.status_code == 302
    assert XtdComment.norel_objects.filter(comment="Said once").count() == 1


def test_the_shared_form_is_the_same_for_every_reader(client, post):
    first = hidden_fields(client.get(post.url).content.decode())
    second = hidden_fields(Client().get(post.url).content.decode())
    assert first == second


@pytest.mark.parametrize("field", ["security_hash", "timestamp", "object_pk"])
def test_a_forged_shared_form_is_refused(strict, post, field):
    form = comment_form_data(strict, post.url)
    form[field] = "1" + form[field]
    response = strict.post(COMMENT_POST_URL, form)
    assert response.status_code in (400, 404)
    assert not XtdComment.norel_objects.exists()


def test_a_signed_in_user_needs_the_csrf_token(post, django_user_model):
    user = django_user_model.objects.create_user("member", password="pw", email="m@x.org")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    page = browser.get(post.url).content.decode()
    fields = hidden_fields(page)
    assert fields["csrfmiddlewaretoken"] and fields["nonce"]
    answers = {"name": "Member", "email": "m@x.org", "comment": "Signed in"}
    without = {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"}
    assert browser.post(COMMENT_POST_URL, {**without, **answers}).status_code == 403
    assert browser.post(COMMENT_POST_URL, {**fields, **answers}).status_code == 302
    assert XtdComment.norel_objects.filter(comment="Signed in").count() == 1


def test_reporting_a_comment_sets_no_cookie_for_a_reader(strict, post):
    from tests.factories import make_comment

    comment = make_comment(post, "Reported words")
    page = strict.get(f"/comments/report/{comment.pk}/")
    assert page.status_code == 200 and not page.cookies
    response = strict.post(f"/comments/report/{comment.pk}/", {"reason": "Spam"})
    assert response.status_code == 302
