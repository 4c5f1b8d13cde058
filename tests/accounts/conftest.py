import pytest
from django.contrib.auth import get_user_model

from tests.factories import user_in_group

ROLES = ["Writers", "Clinical reviewers", "Editors", "Moderators"]
PASSWORD = "pw"


@pytest.fixture
def staff(db):
    """A user of each role (password "pw"), and a superuser, by role name."""
    people = {role: user_in_group(role.lower().replace(" ", "-"), role) for role in ROLES}
    people["superuser"] = get_user_model().objects.create_superuser(
        "root", "root@example.org", PASSWORD
    )
    return people


def sign_in(client, username, password=PASSWORD, address="192.0.2.10", data=None, **meta):
    """POST Wagtail's sign-in form from `address` (`meta`: more request headers)."""
    form = {"username": username, "password": password, "next": "/admin/", **(data or {})}
    return client.post("/admin/login/", form, REMOTE_ADDR=address, **meta)


def signed_in(client):
    return "_auth_user_id" in client.session
