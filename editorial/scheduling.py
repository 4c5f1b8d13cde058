"""Scheduled publishing: expiry, due revisions and the scheduler's lock.

`manage.py publish_scheduled` (editorial/management/commands/publish_scheduled.py) calls
`run_scheduled_publishing()` once a minute, from `manage.py run_scheduler`. It does what
Wagtail's command does, with three differences:

- One run at a time: a PostgreSQL session advisory lock keeps two schedulers (two containers,
  or `make run` beside a container) from publishing the same revision twice. Each revision is
  also re-read under a row lock before it is published, so a revision published or unscheduled
  since the run listed it is skipped.
- The publish rule (editorial/publish_rule.py) may refuse a due revision. The refusal is
  written to the page's history ("kinship.publish.refused") and the revision is unscheduled,
  so it is refused once rather than every minute; an editor sees why and reschedules after a
  clinical review.
- One failing object does not stop the others; failures are logged and counted.
- The report counts what happened: a revision counts as published only when it is live
  afterwards, and refused revisions (unscheduled, not published) are counted apart.
"""

import contextlib
import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import DraftStateMixin, Page, PageLogEntry, Revision
from wagtail.utils.timestamps import ensure_utc

from .publish_rule import ClinicalApprovalRequired

logger = logging.getLogger(__name__)

# pg_try_advisory_lock key of the scheduler; any constant bigint no other code uses.
# (0x4B696E5363686564 is "KinSched" in ASCII.)
SCHEDULER_LOCK_KEY = 0x4B696E5363686564

PUBLISH_LOG_ACTION = "wagtail.publish.scheduled"
UNPUBLISH_LOG_ACTION = "wagtail.unpublish.scheduled"
REFUSED_LOG_ACTION = "kinship.publish.refused"
SCHEDULER_ROUTE = "scheduled publishing"  # data["route"] of the refusals logged here


@dataclass
class SchedulerResult:
    expired: list = field(default_factory=list)
    published: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    # Due revisions that publish() left unpublished (e.g. scheduled again for later).
    not_published: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    def summary(self):
        """One line for the command's output, e.g. "Published 1, refused 1 (not clinically
        approved; unscheduled), unpublished 0 expired."."""
        parts = [
            f"Published {len(self.published)}",
            f"refused {len(self.refused)} (not clinically approved; unscheduled)",
        ]
        if self.not_published:
            parts.append(f"left {len(self.not_published)} unpublished (still scheduled)")
        parts.append(f"unpublished {len(self.expired)} expired")
        return ", ".join(parts) + "."


@contextlib.contextmanager
def scheduler_lock(using=DEFAULT_DB_ALIAS, key=SCHEDULER_LOCK_KEY):
    """Yield True if this process holds the scheduler lock, False if another run holds it.

    The lock is a PostgreSQL session advisory lock: it belongs to the database connection, not
    to a transaction, and PostgreSQL releases it if the process dies. Other databases (SQLite
    for `make run`) have no such lock; there one scheduler process runs, so no lock is taken.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    if not acquired:
        yield False
        return
    try:
        yield True
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        except Exception:
            # A broken connection has lost its session, and with it the lock.
            logger.exception("Could not release the scheduler lock; closing the connection")
            connection.close()


def draft_state_models():
    """The models Wagtail's scheduler handles: pages, and snippets with draft state."""
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def expired_querysets(now):
    return [
        model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at", "pk")
        for model in draft_state_models()
    ]


def due_revisions(now):
    return Revision.objects.filter(approved_go_live_at__lt=now).order_by(
        "approved_go_live_at", "pk"
    )


def unpublish_expired(now, result):
    for queryset in expired_querysets(now):
        # A list, so the query is complete before anything is unpublished.
        for obj in list(queryset):
            try:
                with transaction.atomic():
                    obj.unpublish(set_expired=True, log_action=UNPUBLISH_LOG_ACTION)
            except Exception:
                logger.exception("Scheduled unpublish of %r (pk=%s) failed", obj, obj.pk)
                result.failed.append(obj)
            else:
                result.expired.append(obj)


def publish_due(now, result):
    for pk in list(due_revisions(now).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                # Re-read under a row lock: skip it if it was published or unscheduled since.
                revision = (
                    Revision.objects.select_for_update()
                    .filter(pk=pk, approved_go_live_at__lt=now)
                    .first()
                )
                if revision is None:
                    continue
                revision.publish(log_action=PUBLISH_LOG_ACTION)
        except ClinicalApprovalRequired as refusal:
            # The atomic block rolled the publish back: the object is as it was.
            refuse(pk, refusal)
            result.refused.append(pk)
        except Exception:
            logger.exception("Scheduled publish of revision %s failed", pk)
            result.failed.append(pk)
        else:
            if revision_is_live(revision):
                result.published.append(revision)
            else:
                logger.warning("Scheduled revision %s was not published by publish()", pk)
                result.not_published.append(revision)


def revision_is_live(revision):
    """True when `revision` is now its object's live revision."""
    model = revision.content_type.model_class()
    if model is None:
        return False
    base = Page if issubclass(model, Page) else model
    return base._default_manager.filter(
        pk=revision.object_id, live=True, live_revision_id=revision.pk
    ).exists()


def refuse(revision_pk, refusal):
    """Record a refused scheduled publish and unschedule the revision so it is not retried."""
    with transaction.atomic():
        revision = Revision.objects.select_for_update().filter(pk=revision_pk).first()
        if revision is None:
            return
        go_live_at = revision.approved_go_live_at
        revision.approved_go_live_at = None
        revision.save(update_fields=["approved_go_live_at"])
        obj = revision.content_object
        log(
            instance=obj,
            action=REFUSED_LOG_ACTION,
            revision=revision,
            data={
                "reason": str(refusal),
                "route": SCHEDULER_ROUTE,
                "revision": {
                    "id": revision.pk,
                    "created": ensure_utc(revision.created_at),
                    "go_live_at": ensure_utc(go_live_at) if go_live_at else None,
                },
            },
        )
    logger.warning(
        "Scheduled publish of %r (pk=%s, revision %s) refused and unscheduled: %s",
        str(obj),
        obj.pk,
        revision_pk,
        refusal,
    )


def run_scheduled_publishing(now=None):
    """Unpublish expired objects, then publish due revisions. Call it under scheduler_lock()."""
    now = now or timezone.now()
    result = SchedulerResult()
    unpublish_expired(now, result)
    publish_due(now, result)
    return result


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
