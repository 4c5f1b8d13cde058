"""django-tasks-db's `db_worker`, which also re-queues email tasks whose worker died mid-task.

It takes the place of django-tasks-db's command (comments comes before django_tasks_db in
INSTALLED_APPS), so the `worker` service, `make run` and the tests start it as before. A task
whose worker was killed stays RUNNING for ever in django-tasks-db; every worker therefore looks
for such email tasks when it starts and then every so often, and puts them back in the queue
(comments/tasks.py, requeue_stalled). Any number of workers may do so at once: a re-queued
email is still sent once (comments/delivery.py).

django-tasks-db's worker also exits on the first database error, so a PostgreSQL restart
would stop every worker; this one waits and carries on (a task cut off by the error stays
RUNNING and is re-queued like a killed worker's).
"""

import logging
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django_tasks_db.management.commands import db_worker

from comments.delivery import forget_old
from comments.tasks import STALL_SECONDS, requeue_stalled

logger = logging.getLogger("comments.tasks")

# How long the worker waits before trying the database again after losing it.
RECONNECT_SECONDS = 1


class Command(db_worker.Command):
    help = db_worker.Command.help + "; re-queues email tasks whose worker died mid-task"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--stall-seconds",
            type=float,
            default=getattr(settings, "KINSHIP_EMAIL_STALL_SECONDS", STALL_SECONDS),
            help="Re-queue email tasks RUNNING for longer than this (default: %(default)s)",
        )

    def handle(self, *args, stall_seconds, backend_name, batch, **options):
        self.sweep(backend_name, stall_seconds)
        if not batch:
            # The worker loop cannot be hooked into; a thread beside it sweeps as often as a
            # stall could newly appear, on its own database connection.
            every = max(1.0, min(stall_seconds / 2, 60.0))
            threading.Thread(
                target=self.sweep_forever,
                args=(backend_name, stall_seconds, every),
                daemon=True,
                name="requeue-stalled",
            ).start()
        while True:
            try:
                return super().handle(*args, backend_name=backend_name, batch=batch, **options)
            except (OperationalError, InterfaceError) as error:
                if batch:
                    raise
                logger.warning("Database unavailable, the worker waits: %s", error)
                connections.close_all()
                time.sleep(RECONNECT_SECONDS)

    def sweep(self, backend_name, stall_seconds):
        try:
            requeue_stalled(backend_name, stall_seconds)
            forget_old()
        except Exception as error:  # the database away for a moment: the next sweep tries again
            logger.warning("Could not look for stalled email tasks: %s", error)

    def sweep_forever(self, backend_name, stall_seconds, every):
        while True:
            time.sleep(every)
            self.sweep(backend_name, stall_seconds)
            close_old_connections()
