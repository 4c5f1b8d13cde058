"""/readyz: the database and the cache are required (503 without either); late background work
(the task queue, the scheduler) is reported as "degraded" with a 200."""

import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from editorial import heartbeat
from tests.processes import free_port, live_database_url, run_isolated


def queued_task(waited, run_after=None):
    """A task waiting in the database queue, enqueued `waited` ago."""
    task = DBTaskResult.objects.create(
        task_path="comments.tasks.send_email",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="background",
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


@pytest.fixture
def scheduler_ran():
    heartbeat.beat()


def test_ready_when_everything_keeps_up(client, db, scheduler_ran):
    queued_task(timedelta(seconds=5))
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["cache"] == {"status": "ok"}
    assert body["checks"]["tasks"]["status"] == "ok"
    assert 4 <= body["checks"]["tasks"]["lag_seconds"] < 60
    assert body["checks"]["scheduler"]["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_a_task_waiting_too_long_is_degraded_not_down(client, db, scheduler_ran, settings):
    settings.READYZ_TASK_LAG_SECONDS = 300
    queued_task(timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["tasks"]["status"] == "late"
    assert body["checks"]["tasks"]["lag_seconds"] >= 600


def test_a_task_due_later_is_not_late(client, db, scheduler_ran):
    # Enqueued long ago but only due in an hour (a retry's back-off): nothing is behind.
    queued_task(timedelta(hours=2), run_after=timezone.now() + timedelta(hours=1))
    body = client.get("/readyz").json()
    assert body["checks"]["tasks"] == {"status": "ok", "lag_seconds": 0.0}


def test_finished_tasks_do_not_count(client, db, scheduler_ran):
    task = queued_task(timedelta(hours=2))
    DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")
    assert client.get("/readyz").json()["status"] == "ok"


def test_a_scheduler_not_seen_is_degraded(client, db):
    body = client.get("/readyz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["scheduler"] == {"status": "late", "last_run": None}


def test_a_scheduler_behind_is_degraded(client, db, settings):
    from django.core.cache import cache

    settings.READYZ_SCHEDULER_LAG_SECONDS = 180
    cache.set(heartbeat.KEY, time.time() - 600)
    body = client.get("/readyz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["scheduler"]["status"] == "late"
    assert body["checks"]["scheduler"]["lag_seconds"] >= 600


def test_a_scheduler_round_beats(db):
    from django.core.management import call_command

    call_command("run_scheduler", "--once", verbosity=0)
    assert time.time() - heartbeat.last_beat() < 60


def test_readyz_refuses_post(client, db):
    assert client.post("/readyz").status_code == 405


READYZ_IN_A_PROCESS = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/readyz")
print(json.dumps({"code": response.status_code, "body": response.json()}))
"""


def readyz_with(**env):
    """/readyz in a process of its own whose database or cache is really unreachable."""
    result = run_isolated(["-c", READYZ_IN_A_PROCESS], "cms.settings.test", timeout=60, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_database_down_is_unavailable():
    answer = readyz_with(DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/kinship")
    assert answer["code"] == 503
    assert answer["body"]["status"] == "unavailable"
    assert answer["body"]["checks"]["database"]["status"] == "unavailable"
    assert answer["body"]["checks"]["tasks"] == {"status": "unknown"}


@pytest.mark.django_db
def test_cache_down_is_unavailable():
    answer = readyz_with(
        DATABASE_URL=live_database_url(), REDIS_URL=f"redis://127.0.0.1:{free_port()}/0"
    )
    assert answer["code"] == 503
    assert answer["body"]["status"] == "unavailable"
    assert answer["body"]["checks"]["database"] == {"status": "ok"}
    assert answer["body"]["checks"]["cache"]["status"] == "unavailable"
