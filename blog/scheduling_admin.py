"""Admin wiring for scheduled publishing (see issue #3, point 4).

The scheduler refuses a due revision that lacks a clinical approval (blog/scheduling.py) and
writes "Publish refused" to the page's history. Editors opening the page see why, until the
page is published or scheduled again.
"""

from django.contrib import messages
from django.utils import timezone
from wagtail import hooks
from wagtail.models import PageLogEntry

from .scheduling import REFUSED_LOG_ACTION, SCHEDULER_ROUTE

# After any of these the refusal is old news: the page was published, or its schedule changed.
SUPERSEDING_ACTIONS = (
    "wagtail.publish",
    "wagtail.publish.scheduled",
    "wagtail.publish.schedule",
    "wagtail.schedule.cancel",
)


def refused_scheduled_publish(page):
    """The log entry of a refused scheduled publish that nothing has superseded, or None."""
    latest = (
        PageLogEntry.objects.filter(
            page_id=page.pk, action__in=(REFUSED_LOG_ACTION, *SUPERSEDING_ACTIONS)
        )
        .order_by("-timestamp", "-pk")
        .first()
    )
    if (
        latest
        and latest.action == REFUSED_LOG_ACTION
        and (latest.data or {}).get("route") == SCHEDULER_ROUTE
    ):
        return latest
    return None


@hooks.register("before_edit_page")
def warn_about_a_refused_scheduled_publish(request, page):
    if request.method != "GET":
        return None
    entry = refused_scheduled_publish(page)
    if entry is not None:
        when = timezone.localtime(entry.timestamp).strftime("%-d %b %Y, %H:%M")
        messages.warning(
            request,
            f"The scheduled publish on {when} was refused: the scheduled version had not been "
            "approved by a clinical reviewer, so it was not published and its schedule was "
            "cleared. Submit it for clinical review, then schedule it again.",
        )
    return None
