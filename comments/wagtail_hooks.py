"""Admin wiring of reader comments: the moderation queue, crisis terms, the dashboard panel."""

from wagtail import hooks

from . import moderation_actions
from .crisis_admin import CrisisTermViewSet
from .moderation_admin import CommentViewSet
from .permissions import can_moderate
from .undelivered import PANEL_LIMIT, UndeliveredAlertsPanel, undelivered_alerts


@hooks.register("register_admin_viewset")
def register_comment_viewset():
    return CommentViewSet()


@hooks.register("register_log_actions")
def register_comment_log_actions(log_actions):
    moderation_actions.register_log_actions(log_actions)


@hooks.register("register_admin_viewset")
def register_crisis_term_viewset():
    return CrisisTermViewSet()


@hooks.register("construct_homepage_panels")
def add_undelivered_alerts_panel(request, panels):
    if not can_moderate(request.user):
        return
    alerts = undelivered_alerts()
    shown = list(alerts[:PANEL_LIMIT])
    if shown:
        total = len(shown) if len(shown) < PANEL_LIMIT else alerts.count()
        panels.insert(0, UndeliveredAlertsPanel(shown, total))
