"""Comment email as background tasks (django-tasks): queued after the transaction that made the
comment commits, sent by the worker (`manage.py db_worker`), retried, and logged when it fails.

A task names the function that builds its message by dotted path and gets plain ids, so that
it serialises as JSON and the worker renders what is in the database when it runs (a comment
erased in the meantime is not mailed). A reader's request never waits for a mail server and
never fails because of one: queueing errors are logged, and an urgent alert that cannot be
delivered is recorded for the Moderators' dashboard instead.

A message is sent once, even when its task runs again (comments/delivery.py). A worker killed
mid-task leaves its task RUNNING for ever (django-tasks-db has no heartbeat and never looks
back), so every worker re-queues email tasks that have been running longer than a send can take
(requeue_stalled, called by our db_worker: comments/management/commands/db_worker.py).
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import TaskResultStatus

from .delivery import send_once

logger = logging.getLogger(__name__)

# Seconds to wait before attempts 2, 3 and 4 (where the backend can defer; the immediate
# backend used by tests retries at once). A mail server that is down for a quarter of an hour
# still gets the message.
RETRY_DELAYS = (30, 120, 600)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

# A send is bounded by EMAIL_TIMEOUT per network operation: an email task still RUNNING after
# this long has lost its worker. Queuing a live one again costs nothing but a wasted run, since
# the second run waits for the first and does not send twice (comments/delivery.py).
# settings.KINSHIP_EMAIL_STALL_SECONDS changes it.
STALL_SECONDS = 300
# Only tasks that are safe to run again are re-queued; other apps' tasks are left as they are.
RECOVERABLE_TASKS = ("comments.tasks.send_email",)


def queue_email(builder, on_failure=None, **params):
    """Send the message `builder(**params)` builds from a background task, once the current
    transaction commits (at once outside one). `on_failure(**params)` runs if it never goes."""
    transaction.on_commit(lambda: _enqueue(builder, params, on_failure, attempt=1), robust=True)


def _enqueue(builder, params, on_failure, attempt, delivery=None):
    # One delivery id for the message, kept by its retries: only a send that went records it.
    delivery = delivery or uuid.uuid4().hex
    job = send_email
    delay = RETRY_DELAYS[attempt - 2] if attempt > 1 else 0
    if delay and job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + timedelta(seconds=delay))
    try:
        job.enqueue(builder, params, on_failure, attempt, delivery)
    except Exception:
        # The task table is in the same database as the comment; if it cannot be written the
        # comment is safe and the reader still gets their answer. Record what was lost.
        logger.exception("Could not queue email %s %s (attempt %d)", builder, params, attempt)
        if on_failure:
            _call(on_failure, params)


def _call(path, params):
    try:
        import_string(path)(**params)
    except Exception:
        logger.exception("Failure handler %s for %s failed", path, params)


@task(backend="background")
def send_email(builder, params, on_failure=None, attempt=1, delivery=None):
    """Build and send one message, unless its delivery already went; on an error, queue the
    next attempt or give up and log it. (`delivery` is None only in tasks queued before it.)"""
    try:
        message = import_string(builder)(**params)
        if message is None:
            return "skipped"
        if delivery is None:
            message.send()
        elif not send_once(delivery, builder, message):
            logger.info("Email %s %s was already sent (delivery %s)", builder, params, delivery)
            return "already sent"
    except Exception as error:
        if attempt < MAX_ATTEMPTS:
            logger.warning(
                "Email %s %s failed (attempt %d of %d): %r; retrying",
                builder,
                params,
                attempt,
                MAX_ATTEMPTS,
                error,
            )
            _enqueue(builder, params, on_failure, attempt + 1, delivery)
            return "retrying"
        logger.error(
            "Email %s %s failed after %d attempts: %r; giving up",
            builder,
            params,
            MAX_ATTEMPTS,
            error,
        )
        if on_failure:
            _call(on_failure, params)
        raise
    return "sent"


def requeue_stalled(backend_name="background", stall_seconds=None):
    """Put back in the queue the email tasks whose worker died mid-task (RUNNING for longer than
    `stall_seconds`); returns how many. Only for the database backend (django-tasks-db)."""
    from django_tasks_db.models import DBTaskResult

    if stall_seconds is None:
        stall_seconds = getattr(settings, "KINSHIP_EMAIL_STALL_SECONDS", STALL_SECONDS)
    stalled = DBTaskResult.objects.filter(
        backend_name=backend_name,
        status=TaskResultStatus.RUNNING,
        task_path__in=RECOVERABLE_TASKS,
        started_at__lt=timezone.now() - timedelta(seconds=stall_seconds),
    )
    count = stalled.update(status=TaskResultStatus.READY)
    if count:
        logger.warning("Re-queued %d email task(s) whose worker stopped mid-task", count)
    return count
