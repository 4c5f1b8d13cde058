"""Who may see and lift sign-in lockouts: administrators and Editors (the README's roles)."""

EDITORS = "Editors"


def can_unlock(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name=EDITORS).exists())
