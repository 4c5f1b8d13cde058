"""/readyz: can this process serve readers now, and is the background work keeping up?

For the load balancer and compose healthchecks. /healthz (home/views.py) stays the cheap
liveness check; this one also reads the cache and two tables, so probe it every few seconds,
not on every request.

- database and cache: required. Either failing answers 503, so a load balancer takes the
  replica out until it can serve again.
- tasks and scheduler: how far behind the task worker (oldest task waiting past its time) and
  the scheduler (last finished round) are. Late background work does not stop readers being
  served, so it answers 200 with status "degraded" and says what is late: an alert, not a
  reason to take web out of rotation.
"""

import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Case, F, When
from django.db.models.functions import Greatest
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult, get_date_max

from editorial import heartbeat

PROBE_KEY = "kinship:readyz:probe"


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"status": "unavailable", "error": type(error).__name__}
    return {"status": "ok"}


def check_cache():
    # django-redis with IGNORE_EXCEPTIONS answers a failed set with False/None and a failed
    # get with the default: a value read back is the only proof the cache works.
    value = str(time.time())
    try:
        cache.set(PROBE_KEY, value, timeout=30)
        working = cache.get(PROBE_KEY) == value
    except Exception as error:
        return {"status": "unavailable", "error": type(error).__name__}
    return {"status": "ok"} if working else {"status": "unavailable"}


def check_tasks(now):
    limit = settings.READYZ_TASK_LAG_SECONDS
    due = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    try:
        oldest = (
            DBTaskResult.objects.ready()
            .annotate(due=due)
            .order_by("due")
            .values_list("due", flat=True)
            .first()
        )
    except DatabaseError as error:
        return {"status": "unknown", "error": type(error).__name__}
    lag = max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
    return {"status": "late" if lag > limit else "ok", "lag_seconds": round(lag, 1)}


def check_scheduler():
    limit = settings.READYZ_SCHEDULER_LAG_SECONDS
    last = heartbeat.last_beat()
    if last is None:
        return {"status": "late", "last_run": None}
    lag = max(0.0, time.time() - last)
    return {
        "status": "late" if lag > limit else "ok",
        "last_run": datetime.fromtimestamp(last, UTC).isoformat(),
        "lag_seconds": round(lag, 1),
    }


@never_cache
@require_safe
def readyz(request):
    checks = {"database": check_database(), "cache": check_cache()}
    if checks["database"]["status"] == "ok":
        checks["tasks"] = check_tasks(timezone.now())
    else:
        checks["tasks"] = {"status": "unknown"}
    checks["scheduler"] = check_scheduler()
    if any(checks[name]["status"] != "ok" for name in ("database", "cache")):
        status, code = "unavailable", 503
    elif any(check["status"] != "ok" for check in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)
