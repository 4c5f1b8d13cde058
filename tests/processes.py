"""Tests that start other processes, servers or threads: ports, environments, commands."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import requests
from django.db import connection

from tests.paths import PROJECT_ROOT


def free_port():
    """A local TCP port nothing listens on (once the probing socket is closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_database_url():
    """DATABASE_URL of the test database, for a server or command run beside the tests."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def sqlite_dev_env(directory, **extra):
    """The environment of `make run`: the dev settings on a SQLite database in `directory`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
        "MEDIA_ROOT": str(directory / "media"),
        **extra,
    }


def manage(env, *args, check=True, timeout=600):
    """`manage.py *args` in the project, with `env` as its whole environment."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def run_isolated(args, settings_module, timeout=60, **env):
    """Run `python *args` in the project with nothing inherited from the shell running the
    tests: only PATH, the settings module and `env` are set."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": settings_module,
        **env,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def make_recipe(target):
    """What `make -n target` would run."""
    return subprocess.run(
        ["make", "-n", target], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout


def run_in_threads(calls, timeout, on_error=None):
    """Call each of `calls` in a thread of its own and wait for all of them (`timeout` seconds
    each, at the most). Returns their results in order; fails if any raised or is still running.
    `on_error` is called in the failing thread (e.g. to abort a barrier the others wait at)."""
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            results[index] = call()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
            if on_error is not None:
                on_error()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors
    return results


def redis_for_tests(url):
    """A client of the Redis at `url` with its database emptied. Without one the test is
    skipped, or fails where one is required (KINSHIP_REQUIRE_REDIS=1: .ci/run starts one)."""
    import pytest
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        hint = f"Redis is needed at {url} ({error}); .ci/run starts one"
        if os.environ.get("KINSHIP_REQUIRE_REDIS") == "1":
            pytest.fail(hint)
        pytest.skip(hint)
    client.flushdb()
    return client


class Gunicorn:
    """Kinship under gunicorn (test settings) on the test database and a shared Redis, as
    production runs it with several workers; `env` adds to its environment."""

    COMMAND = Path(sys.executable).parent / "gunicorn"

    def __init__(self, tmp_path, name, redis_url, workers=3, **env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"{name}.log"
        self.access_log = tmp_path / f"{name}-access.log"
        inherited = {
            key: value
            for key, value in os.environ.items()
            if key not in ("REDIS_URL", "TRUSTED_PROXIES", "DATABASE_URL")
        }
        inherited.update(
            DJANGO_SETTINGS_MODULE="cms.settings.test",
            DATABASE_URL=live_database_url(),
            REDIS_URL=redis_url,
            PYTHONDONTWRITEBYTECODE="1",
            **env,
        )
        command = [
            str(self.COMMAND),
            "cms.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{self.port}",
            "--graceful-timeout=5",
            f"--access-logfile={self.access_log}",
            "--access-logformat=%(p)s %(m)s %(U)s %(s)s %({x-kinship-cache}o)s",
        ]
        self.output = self.log.open("w")
        self.process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=inherited, stdout=self.output, stderr=subprocess.STDOUT
        )

    def wait_ready(self, timeout=45):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "gunicorn exited:\n" + self.log.read_text()
            try:
                if requests.get(self.base + "/healthz", timeout=5).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or a worker still importing the project
            time.sleep(0.2)
        raise AssertionError("gunicorn did not answer /healthz:\n" + self.log.read_text())

    def access_lines(self):
        """The access log: worker pid, method, path, status and X-Kinship-Cache per request."""
        return self.access_log.read_text().splitlines() if self.access_log.exists() else []

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.output.close()
