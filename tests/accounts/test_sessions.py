"""Staff sessions end after the idle time (8 hours by default: each request renews them), and
when the browser closes unless "Remember me" was ticked on Wagtail's sign-in form."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from .conftest import sign_in

pytestmark = pytest.mark.django_db

IDLE = 8 * 3600


def stored_session(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_the_idle_time_is_eight_hours_by_default():
    assert settings.SESSION_COOKIE_AGE == IDLE


def test_without_remember_me_the_cookie_ends_with_the_browser(client, staff):
    response = sign_in(client, "writers")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == IDLE


def test_with_remember_me_the_cookie_lasts_the_idle_time(client, staff):
    response = sign_in(client, "writers", data={"remember": "on"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == IDLE
    assert not client.session.get_expire_at_browser_close()


@pytest.mark.parametrize("remember", [{}, {"remember": "on"}])
def test_each_request_renews_the_session(client, staff, remember):
    sign_in(client, "writers", data=remember)
    soon = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=soon)
    assert client.get("/admin/").status_code == 200
    assert stored_session(client).expire_date > timezone.now() + timedelta(seconds=IDLE - 60)


def test_an_idle_session_has_ended(client, staff):
    sign_in(client, "writers")
    assert stored_session(client).expire_date <= timezone.now() + timedelta(seconds=IDLE)
    past = timezone.now() - timedelta(seconds=1)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=past)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_readers_get_no_session_cookie(client, post):
    for address in ("/", post.url, "/blog/"):
        response = client.get(address)
        assert response.status_code == 200
        assert not response.cookies, address
