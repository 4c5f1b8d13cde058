"""Signed links in comment emails: Django's JSON signing, never xtd's pickled tokens."""

from django.conf import settings
from django.core import signing

SALT = "kinship.comments"


def make_token(purpose, comment_id):
    return signing.dumps({"p": purpose, "c": comment_id}, salt=SALT, compress=True)


def read_token(token, purpose, max_age_days=None):
    """The comment id in a valid token for `purpose`, or None (bad, expired or wrong purpose)."""
    max_age = (max_age_days or settings.KINSHIP_COMMENT_CONFIRMATION_DAYS) * 24 * 3600
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != purpose or not isinstance(data.get("c"), int):
        return None
    return data["c"]
