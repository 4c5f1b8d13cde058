"""Comment email as background tasks (django-tasks): queued after the transaction that made the
comment commits, sent by the worker (`manage.py db_worker`), retried, and logged when it fails.

A task names the function that builds its message by dotted path and gets plain ids, so that
it serialises as JSON and the worker renders what is in the database when it runs (a comment
erased in the meantime is not mailed). A reader's request never waits for a mail server and
never fails because of one: queueing errors are logged, and an urgent alert that cannot be
delivered is recorded for the Moderators' dashboard instead.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)

# Seconds to wait before attempts 2, 3 and 4 (where the backend can defer; the immediate
# backend used by tests retries at once). A mail server that is down for a quarter of an hour
# still gets the message.
RETRY_DELAYS = (30, 120, 600)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def queue_email(builder, on_failure=None, **params):
    """Send the message `builder(**params)` builds from a background task, once the current
    transaction commits (at once outside one). `on_failure(**params)` runs if it never goes."""
    transaction.on_commit(lambda: _enqueue(builder, params, on_failure, attempt=1), robust=True)


def _enqueue(builder, params, on_failure, attempt):
    job = send_email
    delay = RETRY_DELAYS[attempt - 2] if attempt > 1 else 0
    if delay and job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + timedelta(seconds=delay))
    try:
        job.enqueue(builder, params, on_failure, attempt)
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
def send_email(builder, params, on_failure=None, attempt=1):
    """Build and send one message; on an error, queue the next attempt or give up and log it."""
    try:
        message = import_string(builder)(**params)
        if message is None:
            return "skipped"
        message.send()
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
            _enqueue(builder, params, on_failure, attempt + 1)
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
