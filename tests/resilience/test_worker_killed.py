"""The task worker killed (SIGKILL) mid-task: once a worker runs again, the email is sent once.

A real `manage.py db_worker` process (drills/settings.py: tasks in the database, email over
SMTP) sends a comment's confirmation email to an SMTP server in this process
(drills/smtp.py), which holds its answer to catch the worker mid-send. The worker is killed
there and started again; its task, left RUNNING by the dead worker, is queued again by the new
one (comments/tasks.py, requeue_stalled) and the message arrives exactly once, whether the dead
worker had handed it over (held at QUIT) or not (held at DATA).
"""

import signal
import subprocess
import sys
import time

import pytest
from django_tasks_db.models import DBTaskResult

from comments import notifications, tasks
from comments.models import EmailSent
from drills.smtp import SmtpSink
from tests.factories import make_comment, make_post, make_site
from tests.paths import PROJECT_ROOT
from tests.processes import free_port, live_database_url

STALL_SECONDS = 2


def start_worker(sink, tmp_path, name, database_url=None):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "drills.settings",
        "DATABASE_URL": database_url or live_database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [sys.executable, "manage.py", "db_worker", "--backend", "background"]
    command += ["--no-startup-delay", "--interval", "0.2", "--stall-seconds", str(STALL_SECONDS)]
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def confirmation(settings):
    """A confirmation email for an unconfirmed comment, queued in the database."""
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }
    _home, blog_index = make_site()
    post = make_post(blog_index, title="Worker drill")
    comment = make_comment(post, confirmed=False, email="kill-test@example.org", signals=False)
    tasks._enqueue(notifications.CONFIRMATION, {"comment_id": comment.pk}, None, attempt=1)
    return DBTaskResult.objects.get(task_path="comments.tasks.send_email")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("hold", ["DATA", "QUIT"])
def test_a_worker_killed_mid_send_delivers_once_after_restart(confirmation, tmp_path, hold):
    with SmtpSink(hold=hold) as sink:
        first = start_worker(sink, tmp_path, "first")
        try:
            assert sink.held.wait(timeout=60), (tmp_path / "first.log").read_text()
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
        confirmation.refresh_from_db()
        assert confirmation.status == "RUNNING"  # the dead worker's task, left as it was
        sink.release()
        assert sink.count("To: kill-test@example.org") == (1 if hold == "QUIT" else 0)

        second = start_worker(sink, tmp_path, "second")
        try:
            wait_for(
                lambda: DBTaskResult.objects.get(pk=confirmation.pk).status == "SUCCESSFUL",
                timeout=60,
                what="the task to be run again",
            )
            time.sleep(1)  # time for a second send, if there were one
        finally:
            second.terminate()
            second.wait(timeout=20)
        assert sink.count("To: kill-test@example.org") == 1
        assert sink.count("Please confirm your comment") == 1
    confirmation.refresh_from_db()
    assert confirmation.return_value == ("already sent" if hold == "QUIT" else "sent")
    assert EmailSent.objects.count() == 1


@pytest.mark.slow
def test_the_worker_waits_out_a_database_that_is_away(tmp_path):
    """django-tasks-db's own worker exits on the first database error; ours waits for it."""
    with SmtpSink() as sink:
        away = f"postgres://postgres@127.0.0.1:{free_port()}/kinship"
        worker = start_worker(sink, tmp_path, "waiting", database_url=away)
        try:
            log = tmp_path / "waiting.log"
            wait_for(lambda: "Database unavailable, the worker waits" in log.read_text(), 60, "log")
            time.sleep(2)
            assert worker.poll() is None, log.read_text()
        finally:
            worker.terminate()
            worker.wait(timeout=20)
