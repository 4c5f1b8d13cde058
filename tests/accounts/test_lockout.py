"""Sign-in protection (django-axes): a username is locked out from one address after five
failed sign-ins there, until the cool-off passes or an Editor or administrator unlocks it."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from .conftest import ROLES, sign_in, signed_in

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-in attempts"


def fail(client, username, times, address="192.0.2.10", **extra):
    return [sign_in(client, username, "wrong", address, **extra) for _ in range(times)]


def test_four_failures_still_let_the_right_password_in(client, staff):
    responses = fail(client, "writers", 4)
    assert all(r.status_code == 200 and LOCKED not in r.text for r in responses)
    assert sign_in(client, "writers").status_code == 302
    assert signed_in(client)


def test_a_success_starts_the_count_again(client, staff):
    fail(client, "writers", 4)
    sign_in(client, "writers")
    client.logout()
    fail(client, "writers", 4)
    assert sign_in(client, "writers").status_code == 302


def test_the_sixth_attempt_after_five_failures_is_refused_with_a_clear_message(client, staff):
    *first, fifth = fail(client, "writers", 5)
    assert all(r.status_code == 200 for r in first)
    assert fifth.status_code == 429
    response = sign_in(client, "writers")  # the right password
    assert response.status_code == 429
    assert LOCKED in response.text and "30 minutes" in response.text
    assert 'name="username"' in response.text  # Wagtail's sign-in page, not a bare error
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_the_lock_holds_one_user_at_one_address(client, staff):
    fail(client, "writers", 5, address="192.0.2.10")
    assert sign_in(Client(), "editors", address="192.0.2.10").status_code == 302
    other_address = Client()
    assert sign_in(other_address, "writers", address="198.51.100.20").status_code == 302
    assert signed_in(other_address)
    assert sign_in(Client(), "writers", address="192.0.2.10").status_code == 429


def test_the_lock_ends_after_the_cool_off(client, staff):
    fail(client, "writers", 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31)
    )
    assert sign_in(client, "writers").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_locked(client, staff, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = "10.0.0.2"
    fail(client, "writers", 5, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    # Another reader through the same proxy is not locked out; the first still is.
    response = Client().post(
        "/admin/login/",
        {"username": "writers", "password": "pw"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert response.status_code == 302
    response = Client().post(
        "/admin/login/",
        {"username": "writers", "password": "pw"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert response.status_code == 429


def test_an_untrusted_peer_cannot_choose_its_address(client, staff, settings):
    settings.TRUSTED_PROXIES = []
    fail(client, "writers", 5, address="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.10"}


def test_failures_and_lockouts_are_logged(client, staff, caplog):
    with caplog.at_level(logging.WARNING):
        fail(client, "writers", 5)
    text = caplog.text
    assert "login failure" in text and "writers" in text
    assert "Locking out" in text


# --- unlocking from the admin --------------------------------------------------------------


def lock_out_writer(staff):
    fail(Client(), "writers", 5)
    assert sign_in(Client(), "writers").status_code == 429


@pytest.mark.parametrize("role", ["Editors", "superuser"])
def test_an_editor_or_administrator_unlocks_a_locked_user(client, staff, role):
    lock_out_writer(staff)
    client.force_login(staff[role])
    listing = client.get("/admin/sign-in-lockouts/")
    assert listing.status_code == 200
    assert "writers" in listing.text and "192.0.2.10" in listing.text
    assert "/admin/sign-in-lockouts/" in client.get("/admin/").text  # the Settings menu
    response = client.post(
        "/admin/sign-in-lockouts/", {"username": "writers", "ip_address": "192.0.2.10"}
    )
    assert response.status_code == 302
    assert "No one is locked out." in client.get("/admin/sign-in-lockouts/").text
    again = Client()
    assert sign_in(again, "writers").status_code == 302 and signed_in(again)


def refused(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.parametrize("role", [r for r in ROLES if r != "Editors"])
def test_other_roles_cannot_see_or_lift_lockouts(client, staff, role):
    lock_out_writer(staff)
    client.force_login(staff[role])
    # Wagtail answers a refused admin view by sending the user to the dashboard with a message.
    assert refused(client.get("/admin/sign-in-lockouts/"))
    response = client.post(
        "/admin/sign-in-lockouts/", {"username": "writers", "ip_address": "192.0.2.10"}
    )
    assert refused(response)
    assert "/admin/sign-in-lockouts/" not in client.get("/admin/").text
    assert sign_in(Client(), "writers").status_code == 429


def test_anonymous_visitors_are_sent_to_sign_in(client, staff):
    response = client.get("/admin/sign-in-lockouts/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_unlock_without_a_choice_is_a_message_not_an_error(client, staff):
    client.force_login(staff["Editors"])
    response = client.post("/admin/sign-in-lockouts/", {}, follow=True)
    assert response.status_code == 200
    assert "Choose a lockout" in response.text


def test_the_unlock_is_logged(client, staff, caplog):
    lock_out_writer(staff)
    client.force_login(staff["Editors"])
    with caplog.at_level(logging.WARNING):
        client.post("/admin/sign-in-lockouts/", {"username": "writers", "ip_address": "192.0.2.10"})
    assert "lifted by editors" in caplog.text
