"""Commenters' names as readers will see them: normalised, and never posing as the team."""

import re
import unicodedata

from anyascii import anyascii
from django.conf import settings

# Control (Cc), format (Cf: zero-width and bidi controls), surrogate, private-use and
# unassigned characters can reorder or hide what a name shows; none belongs in a name.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_TEAM_WORDS = ("team", "staff", "moderator", "moderators", "admin", "administrator", "editor")


def clean_name(value):
    """NFKC-normalised, invisible and control characters removed, spaces collapsed."""
    value = unicodedata.normalize("NFKC", value or "")
    value = "".join(ch for ch in value if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    return " ".join(value.split())


def _folded(name):
    # Transliterated (Cyrillic "К" reads as "K"), case-folded, letters and digits only, so
    # "K i n s h i p  T e a m" or "kinship-team" compare equal to "Kinship team".
    return re.sub(r"[^a-z0-9]", "", anyascii(name).casefold())


def reserved_names():
    site = settings.WAGTAIL_SITE_NAME
    names = {site, *(f"{site} {word}" for word in _TEAM_WORDS)}
    names |= {f"{word} {site}" for word in _TEAM_WORDS}
    names |= {"moderator", "moderators", "admin", "administrator", "staff"}
    return {_folded(name) for name in names}


def is_reserved(name):
    """A name only the team may use: the name on team replies and its look-alikes."""
    return _folded(name) in reserved_names()


def team_name():
    """The name shown on a team reply when the moderator has no first name."""
    return f"{settings.WAGTAIL_SITE_NAME} team"
