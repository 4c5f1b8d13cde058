"""People: users in each role, signed-in clients, the clinician who approves, article authors."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from blog.authors import Author

SUPERUSER_ROLES = ("Administrators", "superuser")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    credentials = "LCSW, CADC"
    role = "Counsellor"
    bio = "Works with people in recovery."


def user_in_group(username, group_name, **extra):
    """A user in one of the role groups (created by the roles migration)."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", **extra}
    )
    if created:
        user.set_password("pw")
        user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in_as(client, role):
    """Sign `client` in with a new user of `role` (a group name, or a superuser role); an
    "anonymous" role stays signed out. Returns the user (None when anonymous)."""
    if role == "anonymous":
        return None
    if role in SUPERUSER_ROLES:
        user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    else:
        user = user_in_group(f"user-{role.split()[0].lower()}", role)
    client.force_login(user)
    return user


def clinician(username="test-clinician"):
    return user_in_group(username, "Clinical reviewers", first_name="Casey", last_name="Reviewer")
