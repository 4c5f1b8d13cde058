"""Who moderates reader comments: users with django_comments_xtd.change_xtdcomment (Moderators,
Editors, superusers). One rule for the Comments area, the dashboard warning and the team name."""

from django_comments_xtd.models import XtdComment
from wagtail.permissions import ModelPermissionPolicy

PERMISSION = "change"

# The group emailed about urgent comments and sent the daily digest (Editors stand in, unemailed).
MODERATORS = "Moderators"

permission_policy = ModelPermissionPolicy(XtdComment)


def can_moderate(user):
    return permission_policy.user_has_permission(user, PERMISSION)
