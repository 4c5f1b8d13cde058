"""The demo's people: one account per editorial role, and the authors who sign the articles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from blog.authors import Author
from demo import content
from demo.images import ensure_portrait

# Demo accounts that play the editorial roles (content.USERS).
WRITER, CLINICIAN, EDITOR, MODERATOR = "writer", "clinician", "editor", "moderator"


def ensure_users(tally, password):
    User = get_user_model()
    users = {}
    for spec in content.USERS:
        superuser = spec.get("superuser", False)
        user, created = User.objects.get_or_create(
            username=spec["username"],
            defaults={
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "email": f"{spec['username']}@example.org",
                "is_superuser": superuser,
                # Wagtail admin access comes from the group's access_admin permission; only
                # the superuser also needs the Django admin.
                "is_staff": superuser,
            },
        )
        if created:
            # Only new accounts get the demo password: a rerun must not undo a changed one.
            user.set_password(password)
            user.save(update_fields=["password"])
        if superuser and not (user.is_superuser and user.is_staff):
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        if spec.get("group"):
            user.groups.add(get_group(spec["group"]))
        tally.record("users", created)
        users[user.username] = user
    return users


def get_group(name):
    try:
        return Group.objects.get(name=name)
    except Group.DoesNotExist:
        raise CommandError(
            f"The “{name}” group does not exist. Run `manage.py migrate` first."
        ) from None


def ensure_authors(tally, users):
    authors = {}
    for spec in content.AUTHORS:
        author = Author.objects.filter(slug=spec.slug).first()
        if author:
            tally.found("authors")
        else:
            author = Author.objects.create(
                slug=spec.slug,
                name=spec.name,
                credentials=spec.credentials,
                role=spec.role,
                bio=spec.bio,
                photo=ensure_portrait(tally, spec),
                user=profile_owner(users.get(spec.user)),
            )
            tally.created("authors")
        authors[spec.slug] = author
    return authors


def profile_owner(user):
    """The user to link to a new Author, unless they already have a profile (it is one-to-one)."""
    if user is None or Author.objects.filter(user=user).exists():
        return None
    return user
