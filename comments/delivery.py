"""Each comment email goes out once, even when its task runs twice.

A task runs twice when its worker died mid-task (SIGKILL, out of memory, a host lost) and the
task was queued again (comments/tasks.py, requeue_stalled), or when it was queued again while
still running. Each message has a delivery id, given when it is first queued. The send happens
inside a transaction that first inserts the EmailSent row for that id: a second run's insert
waits on the unique index until the first run ends, then finds the row (the first sent it) or
not (the first died or failed, its transaction rolled back), and only then sends. The one gap
left is a worker killed after the mail server accepted the message and before the commit
(one round trip to the database); SMTP itself cannot close it.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import EmailSent


def send_once(delivery, builder, message):
    """Send `message` unless the delivery `delivery` already went; True when it was sent now."""
    # The connection is opened and closed outside send_messages(), so the record commits as soon
    # as the server has accepted the message, without waiting on its reply to QUIT.
    connection = message.get_connection()
    connection.open()
    try:
        with transaction.atomic():
            _record, created = EmailSent.objects.get_or_create(
                delivery=delivery, defaults={"builder": builder[:200]}
            )
            if not created:
                return False
            # An error here rolls the record back with it, so a later attempt sends.
            connection.send_messages([message])
    finally:
        connection.close()
    return True


def forget_old(days=30):
    """Drop the records of deliveries no task could still run again."""
    return EmailSent.objects.filter(sent_at__lt=timezone.now() - timedelta(days=days)).delete()[0]
