"""The gunicorn servers `make bench-pages` measures: start, wait until they answer, read their
workers' memory, stop.

Each server is started in a session of its own, so a Ctrl-C in the terminal reaches only the
benchmark, which then stops every server itself (in `finally`), by its process group, and
waits for it: no worker outlives the run, whichever way it ends.
"""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
WORKERS = 2
STOP_GRACE_SECONDS = 10


def free_port():
    """A local TCP port nothing listens on (once the probing socket is closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving `app` (module:callable) with 2 sync workers on a free local port."""

    def __init__(self, name, app, env, log_dir):
        self.name = name
        self.app = app
        self.env = env
        self.port = free_port()
        self.log_path = Path(log_dir) / f"{name}.log"
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    str(GUNICORN),
                    self.app,
                    f"--workers={WORKERS}",
                    "--worker-class=sync",
                    f"--bind=127.0.0.1:{self.port}",
                    # /dev/shm: the heartbeat file is touched on every request; keep it off disk.
                    "--worker-tmp-dir=/dev/shm",
                ],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_ready(self, path, timeout=90):
        """Until `path` answers (any status) with every worker up; fails with the log's end if
        gunicorn exits or nothing answers in time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start:\n{self.log_tail()}")
            try:
                get(self.base_url, path, timeout=5)
            except OSError:
                time.sleep(0.2)
                continue
            if len(self.worker_pids()) == WORKERS:
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer {path} in {timeout} s:\n{self.log_tail()}")

    def worker_pids(self):
        """The master's children, from /proc (gunicorn forks its workers directly)."""
        if self.process is None:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and parent_pid(entry.name) == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        """SIGTERM to the server's process group (gunicorn finishes its requests and stops its
        workers), SIGKILL if it is still there after the grace period."""
        if self.process is None:
            return
        group = self.process.pid  # the session leader: its pid is the group's id
        if self.process.poll() is None:
            signal_group(group, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                signal_group(group, signal.SIGKILL)
                self.process.wait()
        # A worker whose master died first would linger until it noticed; none may.
        signal_group(group, signal.SIGKILL)


def signal_group(group, signum):
    with contextlib.suppress(ProcessLookupError):  # nothing left in it
        os.killpg(group, signum)


def parent_pid(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # it exited while we looked
        return None
    return int(status_field(status, "PPid") or 0)


def rss_mb(pid):
    """Resident memory of a process in MB (VmRSS in /proc/<pid>/status), or None if gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    value = status_field(status, "VmRSS")  # "123456 kB"
    return int(value.split()[0]) / 1024 if value else None


def status_field(status, name):
    for line in status.splitlines():
        key, _, value = line.partition(":")
        if key == name:
            return value.strip()
    return None


def get(base_url, path, timeout=30):
    """(status, headers, body) of one GET, without following redirects: a page that answers
    with a redirect is reported as such, not measured as its target."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()
