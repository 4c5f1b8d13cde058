"""Password reset requests are rate limited (accounts/reset.py): five an hour from one
address, and five an hour for one email address, whichever is reached first. django-axes
counts failed sign-ins, which a reset request is not."""

import logging

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

RESET = "/admin/password_reset/"
REFUSED = "Too many password reset requests"


def request_reset(client, email, address="192.0.2.10"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_five_requests_from_one_address_then_a_refusal(client, staff, caplog):
    for _ in range(5):
        response = request_reset(client, "writers@example.org")
        assert response.status_code == 302
    assert len(mail.outbox) == 5
    with caplog.at_level(logging.WARNING):
        response = request_reset(client, "writers@example.org")
    assert response.status_code == 429 and REFUSED in response.text
    assert len(mail.outbox) == 5
    assert "Password reset request refused" in caplog.text


def test_the_address_limit_holds_across_email_addresses(client, staff):
    for n in range(5):
        assert request_reset(client, f"someone{n}@example.org").status_code == 302
    assert request_reset(client, "writers@example.org").status_code == 429
    assert not mail.outbox


def test_the_email_limit_holds_across_addresses(client, staff):
    for n in range(5):
        assert request_reset(client, "writers@example.org", f"198.51.100.{n}").status_code == 302
    assert request_reset(client, "Writers@Example.org", "198.51.100.99").status_code == 429
    assert len(mail.outbox) == 5


def test_another_address_and_email_are_not_limited(client, staff):
    for _ in range(6):
        request_reset(client, "writers@example.org")
    response = request_reset(client, "editors@example.org", "203.0.113.1")
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["editors@example.org"]


def test_a_malformed_email_is_a_form_error(client, staff):
    response = request_reset(client, "not an email")
    assert response.status_code == 200 and "valid email" in response.text
