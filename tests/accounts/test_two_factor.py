"""Two-factor sign-in (wagtail-2fa on django-otp): required of every staff user when
WAGTAIL_2FA_REQUIRED is on (production's default), off by default elsewhere."""

import json

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.processes import run_isolated

from .conftest import PASSWORD, ROLES, sign_in

pytestmark = pytest.mark.django_db

ENROL = "/admin/2fa/devices/new"
VERIFY = "/admin/2fa/auth"


@pytest.fixture
def required(settings):
    settings.WAGTAIL_2FA_REQUIRED = True


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{(totp.token() + offset) % 10**device.digits:0{device.digits}d}"


def after_the_pause(device):
    """django-otp makes the next try wait a second after a wrong code; that second passes."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    device.refresh_from_db()


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def signed_in_client(user, address="192.0.2.10"):
    client = Client()
    assert sign_in(client, user.username, address=address).status_code == 302
    return client


@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_a_staff_user_without_a_device_is_sent_to_enrolment(staff, required, role):
    client = signed_in_client(staff[role])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{ENROL}?next=/admin/")
    assert client.get(ENROL).status_code == 200


def test_enrolment_confirms_the_device_with_a_code_and_the_password(staff, required):
    user = staff["Writers"]
    client = signed_in_client(user)
    client.get(ENROL)  # makes the unconfirmed device whose QR code the page shows
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    form = {"name": "Phone", "password": PASSWORD}
    wrong = client.post(ENROL, {**form, "otp_token": code_for(device, offset=500_000)})
    assert wrong.status_code == 200 and "Invalid token" in wrong.text
    after_the_pause(device)
    response = client.post(ENROL, {**form, "otp_token": code_for(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_fails_and_the_right_one_passes(staff, required):
    user = staff["Editors"]
    device = enrolled(user)
    client = signed_in_client(user)
    response = client.get("/admin/")
    assert response["Location"].startswith(f"{VERIFY}?next=/admin/")
    wrong = client.post(VERIFY, {"otp_token": code_for(device, offset=500_000), "next": "/admin/"})
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302
    after_the_pause(device)
    right = client.post(VERIFY, {"otp_token": code_for(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_once(staff, required):
    user = staff["Moderators"]
    device = enrolled(user)
    client = signed_in_client(user)
    client.post(VERIFY, {"otp_token": code_for(device), "next": "/admin/"})
    page = client.post("/admin/account/recovery-codes/")
    codes = page.context["codes"]
    assert len(codes) == 10 and all(code in page.text for code in codes)

    first = signed_in_client(user)
    assert first.post(VERIFY, {"otp_token": codes[0], "next": "/admin/"}).status_code == 302
    assert first.get("/admin/").status_code == 200
    second = signed_in_client(user)
    assert second.post(VERIFY, {"otp_token": codes[0], "next": "/admin/"}).status_code == 200
    assert second.get("/admin/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(staff, required):
    user = staff["Writers"]
    device = enrolled(user)
    client = signed_in_client(user)
    client.post(VERIFY, {"otp_token": code_for(device), "next": "/admin/"})
    old = client.post("/admin/account/recovery-codes/").context["codes"]
    client.post("/admin/account/recovery-codes/")
    again = signed_in_client(user)
    assert again.post(VERIFY, {"otp_token": old[0], "next": "/admin/"}).status_code == 200


def test_recovery_codes_need_an_authenticator_first(client, staff):
    client.force_login(staff["Writers"])
    response = client.post("/admin/account/recovery-codes/", follow=True)
    assert response.status_code == 200 and "Set up an authenticator app" in response.text
    assert not user_has_static_codes(staff["Writers"])


def user_has_static_codes(user):
    return StaticToken.objects.filter(device__user=user).exists()


def test_the_account_page_links_to_enrolment_and_recovery_codes(client, staff):
    user = staff["Writers"]
    client.force_login(user)
    page = client.get("/admin/account/").text
    assert f"/admin/2fa/devices/{user.pk}" in page
    assert "/admin/account/recovery-codes/" in page


def test_with_it_off_signing_in_needs_no_device(staff):
    client = signed_in_client(staff["Editors"])
    assert client.get("/admin/").status_code == 200


def test_readers_get_no_cookie_with_it_on(client, required, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    assert not response.cookies


def test_an_unknown_address_is_not_a_server_error_for_staff(staff, required):
    client = signed_in_client(staff["Writers"])
    response = client.get("/no-such-file.txt")
    assert response.status_code in (302, 404)


@pytest.mark.slow
@pytest.mark.parametrize(
    "module, env, expected",
    [
        ("cms.settings.production", {}, True),
        ("cms.settings.production", {"KINSHIP_REQUIRE_2FA": "0"}, False),
        ("cms.settings.dev", {}, False),
        ("cms.settings.dev", {"KINSHIP_REQUIRE_2FA": "1"}, True),
    ],
)
def test_production_requires_it_and_dev_does_not(module, env, expected):
    production = {
        "SECRET_KEY": "a-production-secret",
        "ALLOWED_HOSTS": "example.org",
        "REDIS_URL": "redis://cache:6379/0",
    }
    script = "import json; from django.conf import settings; "
    script += "print(json.dumps(settings.WAGTAIL_2FA_REQUIRED))"
    result = run_isolated(["-c", script], module, **production, **env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) is expected


def test_the_device_pages_work_in_this_wagtail(staff, required):
    user = staff["Writers"]
    client = signed_in_client(user)
    assert client.get(ENROL).status_code == 200
    qr_code = client.get("/admin/2fa/devices/qr-code")
    assert qr_code.status_code == 200 and qr_code["Content-Type"] == "image/svg+xml"
    device = enrolled(user)
    client.post(VERIFY, {"otp_token": code_for(device), "next": "/admin/"})
    listing = client.get(f"/admin/2fa/devices/{user.pk}")
    assert listing.status_code == 200 and "Phone" in listing.text
    assert client.get("/admin/account/recovery-codes/").status_code == 200


def test_removing_a_device_and_an_unknown_one(staff, required):
    user = staff["Writers"]
    device = enrolled(user)
    client = signed_in_client(user)
    client.post(VERIFY, {"otp_token": code_for(device), "next": "/admin/"})
    assert client.post("/admin/2fa/devices/999999/remove").status_code == 404
    response = client.post(f"/admin/2fa/devices/{device.pk}/remove")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/2fa/devices/{user.pk}"
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
