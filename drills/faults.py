"""Fault drills (`make drill`): Kinship under gunicorn on loopback, broken on purpose three ways.

Everything runs on 127.0.0.1 and belongs to the drill: a PostgreSQL cluster made with initdb in
a temporary directory (run as the `postgres` user, since PostgreSQL refuses root), a
redis-server, an SMTP server in this process (drills/smtp.py), gunicorn with three workers and
one task worker (`db_worker`), all on free ports; the shared PostgreSQL and Redis are never
touched. The servers use drills/settings.py: the test settings, which install the demo app
(production refuses demo content) and serve static files without a collectstatic step, with
production's database task queue, SMTP email, the Redis cache and the page cache.

1. PostgreSQL stopped for 5 s and started again while readers and commenters keep going: no
   500 at any time, readers get the 503 page with the crisis lines or a cached page, the site
   answers an uncached page and takes a comment within 10 s of the database's return, and
   every comment whose post was answered with success is in the database.
2. Redis stopped: pages are still served, comment posts are refused with the clear message
   (503); Redis started again: comments are taken again within 10 s.
3. The task worker SIGKILLed while it sends a comment's confirmation email (the SMTP server
   holds its answer to DATA): after a restart the email is delivered exactly once.

Prints a table and exits 1 when anything was lost, any 500 appeared or a recovery took longer
than 10 s. `python -m drills.faults`.
"""

import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

import psycopg
import requests

from drills.smtp import SmtpSink

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _newest_pg_bin():
    """The server binaries of the newest PostgreSQL Debian installed (PG_BIN overrides)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name)
    )
    return found[-1] if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = Path(os.environ["PG_BIN"]) if os.environ.get("PG_BIN") else _newest_pg_bin()
RECOVERY_LIMIT = 10.0  # seconds, from the issue
DEADLINE = 280  # the whole drill, seconds
DATABASE = "kinship_drill"
COMMENT_URL = "/comments/post/"
POSTED = "/comments/posted/"
NOT_TAKEN = "We can’t take comments for a few minutes"
CRISIS_LINE = 'href="tel:988"'
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
ARTICLE_LINK = re.compile(r'href="(/blog/[a-z0-9-]+/)"')


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def say(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def wait_until(condition, timeout, what, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(step)
    raise DrillError(f"timed out after {timeout} s waiting for {what}")


class DrillError(Exception):
    pass


# --- the services -----------------------------------------------------------------------------


class Postgres:
    """A throw-away PostgreSQL cluster owned by the postgres user, trust auth on loopback."""

    def __init__(self, root):
        self.dir = root / "pg"
        self.dir.mkdir()
        shutil.chown(self.dir, "postgres", "postgres")
        self.data, self.log = self.dir / "data", self.dir / "server.log"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def _as_postgres(self, *command, **kwargs):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *command], check=True, capture_output=True, text=True, **kwargs
        )

    def init(self):
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust"
        )
        self.start()
        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
            db.execute(f"CREATE DATABASE {DATABASE}")

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir}"
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "30",
            "start",
        )

    def stop(self):
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self):
        return (self.data / "postmaster.pid").exists()

    def query(self, sql, *params):
        with psycopg.connect(self.url) as db:
            return db.execute(sql, params).fetchall()


class Process:
    """A child process with its output in a log file; stopped by its own id only."""

    def __init__(self, name, command, root, env=None):
        self.name, self.command, self.env = name, command, env
        self.log_path = root / f"{name}.log"
        self.process = None

    def start(self):
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            self.command, cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        return self

    def kill(self):
        """SIGKILL: no clean-up, as when a container or a host dies."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout=20):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def tail(self, lines=30):
        text = self.log_path.read_text() if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


class Site:
    """PostgreSQL, Redis, the SMTP sink, gunicorn and the task worker, all of the drill's own."""

    def __init__(self, root):
        self.root = root
        self.postgres = Postgres(root)
        self.redis_port = free_port()
        self.redis = Process(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            root,
        )
        self.smtp = SmtpSink()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(root),
            "DJANGO_SETTINGS_MODULE": "drills.settings",
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp.port}",
            "KINSHIP_TEST_PAGE_CACHE": "1",  # the page cache on, as with Redis in production
            # The drill is the trusted proxy: each commenter comes from an address of their own
            # (X-Forwarded-For), as real readers do, so the per-address limit holds as usual.
            "TRUSTED_PROXIES": "127.0.0.1/32",
            "KINSHIP_EMAIL_STALL_SECONDS": "3",
            "MEDIA_ROOT": str(root / "media"),
            "TEST_MEDIA_ROOT": str(root / "media"),
            "WAGTAILADMIN_BASE_URL": self.base,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        bin_dir = Path(sys.executable).parent
        self.web = Process(
            "gunicorn",
            [
                str(bin_dir / "gunicorn"),
                "cms.wsgi:application",
                "--workers=3",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=30",
                "--graceful-timeout=5",
            ],
            root,
            self.env,
        )
        self.worker = self.new_worker()

    def new_worker(self):
        return Process(
            "worker",
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--backend",
                "background",
                "--no-startup-delay",
                "--interval",
                "0.2",
            ],
            self.root,
            self.env,
        )

    def manage(self, *args, timeout=240):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise DrillError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")

    def start(self):
        say("PostgreSQL: initdb and start on a free port")
        self.postgres.init()
        self.redis.start()
        self.smtp.start()
        say("migrate and load the demo content")
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("load_demo_content", "-v", "0")
        say("gunicorn (3 workers) and the task worker")
        self.web.start()
        self.worker.start()
        wait_until(self.healthy, 60, "gunicorn to answer /healthz", step=0.3)

    def healthy(self):
        if self.web.process.poll() is not None:
            raise DrillError("gunicorn exited:\n" + self.web.tail())
        try:
            return requests.get(self.base + "/healthz", timeout=3).status_code == 200
        except requests.RequestException:
            return False

    def stop(self):
        if self.smtp._thread.is_alive():
            self.smtp.stop()
        for process in (self.worker, self.web, self.redis):
            process.stop()
        if self.postgres.running():
            try:
                self.postgres.stop()
            except subprocess.CalledProcessError as error:
                say(f"pg_ctl stop failed: {error.stderr}")


# --- readers and commenters -------------------------------------------------------------------


class Reader:
    """One reader or commenter, with an address of their own and the article's shared form."""

    addresses = itertools.count(1)

    def __init__(self, site, article):
        self.site, self.article = site, article
        number = next(self.addresses)
        self.ip = f"198.18.{number // 250}.{number % 250 + 1}"
        self.session = requests.Session()

    def get(self, path):
        return self.session.get(self.site.base + path, timeout=15, allow_redirects=False)

    def form(self):
        response = self.get(self.article)
        if response.status_code != 200:
            return None
        fields = dict(HIDDEN_INPUT.findall(response.text))
        return fields if "security_hash" in fields else None

    def post_comment(self, fields, text, email):
        data = {**fields, "name": "Drill reader", "email": email, "comment": text}
        return self.session.post(
            self.site.base + COMMENT_URL,
            data=data,
            headers={"X-Forwarded-For": self.ip},
            timeout=15,
            allow_redirects=False,
        )


class Load:
    """Readers (the article, the home page, the blog index and an uncached search) and
    commenters (a real form post each: the article's hidden fields, a name, an email, text) in
    threads, each answer recorded with its time: (time, kind, status, text or None)."""

    def __init__(self, site, article, readers=3, commenters=2):
        self.site, self.article = site, article
        self.results, self.lock = [], threading.Lock()
        self.stop = threading.Event()
        self.serial = itertools.count(1)
        self.threads = [threading.Thread(target=self.read, daemon=True) for _ in range(readers)]
        self.threads += [
            threading.Thread(target=self.comment, daemon=True) for _ in range(commenters)
        ]

    def record(self, kind, status, text=None, body=""):
        if status == 503 and kind != "comment" and CRISIS_LINE not in body:
            status = "503 without help lines"
        with self.lock:
            self.results.append((time.monotonic(), kind, status, text))

    def read(self):
        reader = Reader(self.site, self.article)
        paths = [self.article, "/", "/blog/"]
        while not self.stop.is_set():
            for path in [*paths, f"/search/?q=peer+support&n={next(self.serial)}"]:
                kind = "uncached" if path.startswith("/search/") else "page"
                try:
                    response = reader.get(path)
                    self.record(kind, response.status_code, body=response.text)
                except requests.RequestException as error:
                    self.record(kind, f"no answer ({type(error).__name__})")
            time.sleep(0.05)

    def comment(self):
        while not self.stop.is_set():
            reader = Reader(self.site, self.article)
            try:
                fields = reader.form()
            except requests.RequestException:
                fields = None
            if fields is None:
                time.sleep(0.2)  # no form while the site is away: a reader would reload
                continue
            number = next(self.serial)
            text = f"drill comment {number}: thank you for this article."
            try:
                response = reader.post_comment(fields, text, f"drill{number}@example.org")
            except requests.RequestException as error:
                self.record("comment", f"no answer ({type(error).__name__})", text)
                continue
            status = response.status_code
            if status == 302 and POSTED not in response.headers.get("Location", ""):
                status = "302 elsewhere"
            self.record("comment", status, text)
            time.sleep(0.1)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


def statuses(results):
    return ", ".join(
        f"{count}×{status}" for status, count in sorted(Counter(results).items(), key=str)
    )


# --- the drills -------------------------------------------------------------------------------


class Row:
    def __init__(self, drill):
        self.drill, self.sent, self.answered, self.kept = drill, "", "", ""
        self.recovery, self.problems = None, []

    @property
    def verdict(self):
        return "FAIL: " + "; ".join(self.problems) if self.problems else "pass"


def find_article(site):
    """The demo's peer-support article, or the first article the blog index lists."""
    page = requests.get(site.base + "/blog/", timeout=15).text
    links = ARTICLE_LINK.findall(page)
    preferred = [link for link in links if "peer-support" in link]
    for link in preferred + links:
        if "security_hash" in requests.get(site.base + link, timeout=15).text:
            return link
    raise DrillError("no article with an open comment form on /blog/")


def database_restart(site, article):
    row = Row("1. PostgreSQL restarted under load")
    with Load(site, article) as load:
        time.sleep(3)
        say("stopping PostgreSQL (fast shutdown)")
        down = time.monotonic()
        site.postgres.stop()
        time.sleep(5)
        say("starting PostgreSQL")
        site.postgres.start()
        up = time.monotonic()
        time.sleep(RECOVERY_LIMIT + 2)
    results = load.results
    during = [r for r in results if down <= r[0] <= up]
    after = [r for r in results if r[0] > up]
    comments = [r for r in results if r[1] == "comment"]
    saved = {r[3] for r in comments if r[2] == 302}
    stored = {
        text
        for (text,) in site.postgres.query(
            "SELECT comment FROM django_comments WHERE comment LIKE 'drill comment %%'"
        )
    }
    lost = saved - stored
    row.sent = f"{len(results) - len(comments)} GETs, {len(comments)} comment posts"
    row.answered = (
        f"reads while down: {statuses(r[2] for r in during if r[1] != 'comment') or 'none'}; "
        f"posts while down: {statuses(r[2] for r in during if r[1] == 'comment') or 'none'}; "
        f"all: {statuses(r[2] for r in results)}"
    )
    row.kept = f"{len(saved & stored)} of {len(saved)} answered 302 kept, {len(lost)} lost"
    first_page = next((r[0] for r in after if r[1] == "uncached" and r[2] == 200), None)
    first_post = next((r[0] for r in after if r[1] == "comment" and r[2] == 302), None)
    if first_page is None or first_post is None:
        row.problems.append("did not recover (no uncached 200 and accepted comment after restart)")
    else:
        row.recovery = max(first_page, first_post) - up
    if any(r[2] == 500 for r in results):
        row.problems.append("500s")
    bad = [r for r in during if r[1] != "comment" and r[2] not in (200, 503)]
    if bad:
        row.problems.append(
            f"readers got {statuses(r[2] for r in bad)} while the database was away"
        )
    if not any(r[2] == 503 for r in during):
        row.problems.append("no 503 while the database was away: did the outage happen?")
    if lost:
        row.problems.append(f"{len(lost)} answered comments lost")
    if not saved:
        row.problems.append("no comment was accepted at all")
    return row


def cache_outage(site, article):
    row = Row("2. Redis stopped")
    reader = Reader(site, article)
    fields = reader.form()
    say("stopping Redis")
    site.redis.stop()
    pages = [reader.get(path) for path in (article, "/", "/blog/", article)]
    down_posts = []
    for number in range(3):
        text = f"drill redis-down {number}: posted while the cache is away."
        response = Reader(site, article).post_comment(fields, text, f"redis{number}@example.org")
        down_posts.append((response, text))
    say("starting Redis again")
    site.redis.start()
    up = time.monotonic()
    accepted_at, back_posts = None, []
    while time.monotonic() - up < RECOVERY_LIMIT + 5 and accepted_at is None:
        number = len(back_posts)
        text = f"drill redis-back {number}: posted once the cache is back."
        response = Reader(site, article).post_comment(fields, text, f"back{number}@example.org")
        back_posts.append(response)
        if response.status_code == 302:
            accepted_at = time.monotonic()
        else:
            time.sleep(0.3)
    stored = site.postgres.query(
        "SELECT count(*) FROM django_comments WHERE comment LIKE 'drill redis-down %%'"
    )[0][0]
    refused = [r for r, _text in down_posts if r.status_code == 503 and NOT_TAKEN in r.text]
    words_back = [r for r, text in down_posts if text in r.text]
    row.sent = f"{len(pages)} GETs and {len(down_posts)} posts while down, {len(back_posts)} after"
    row.answered = (
        f"pages: {statuses(r.status_code for r in pages)}; "
        f"posts while down: {statuses(r.status_code for r, _t in down_posts)} "
        f"({len(refused)} with the message, {len(words_back)} with their words back); "
        f"after: {statuses(r.status_code for r in back_posts)}"
    )
    row.kept = f"refused posts saved: {stored} (must be 0: the reader kept the words)"
    if any(r.status_code != 200 for r in pages):
        row.problems.append("pages not served without the cache")
    if len(refused) != len(down_posts) or len(words_back) != len(down_posts):
        row.problems.append("posts not refused with the message and the words back")
    if stored:
        row.problems.append("a refused post was saved")
    if accepted_at is None:
        row.problems.append("comments not taken again after Redis came back")
    else:
        row.recovery = accepted_at - up
    if any(r.status_code == 500 for r in [*pages, *back_posts, *(r for r, _t in down_posts)]):
        row.problems.append("500s")
    return row


def worker_killed(site, article):
    row = Row("3. Task worker SIGKILLed mid-send")
    email = "drill-worker@example.org"
    site.smtp.arm("DATA", hold_for=email)
    fields = Reader(site, article).form()
    text = "drill worker: a comment whose confirmation email is interrupted."
    response = Reader(site, article).post_comment(fields, text, email)
    if response.status_code != 302:
        row.problems.append(f"the comment post was answered {response.status_code}")
        return row
    say("waiting for the worker to reach the held DATA")
    if not site.smtp.held.wait(timeout=90):
        row.problems.append("the worker never sent the email")
        return row
    say("SIGKILL to the task worker")
    site.worker.kill()
    site.smtp.release()
    killed = site.postgres.query(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
    )[0][0]
    say("starting a new task worker")
    restarted = time.monotonic()
    site.worker = site.new_worker().start()
    recipient = f"To: {email}"
    try:
        delivered = wait_until(lambda: site.smtp.count(recipient) >= 1, 60, "the email")
        row.recovery = delivered - restarted
    except DrillError as error:
        row.problems.append(str(error))
    time.sleep(3)  # time for a second copy to arrive, if there were one
    copies = site.smtp.count(recipient)
    row.sent = "1 comment post, 1 confirmation email (worker killed holding it)"
    row.answered = f"post {response.status_code}; task left RUNNING by the dead worker: {killed}"
    row.kept = f"email delivered {copies} time(s) after restart"
    if copies != 1:
        row.problems.append(f"email delivered {copies} times, not once")
    return row


def print_table(rows):
    headers = ("drill", "sent", "answered (by status)", "kept / lost", "recovery s", "verdict")
    lines = [
        (
            row.drill,
            row.sent,
            row.answered,
            row.kept,
            "-" if row.recovery is None else f"{row.recovery:.1f}",
            row.verdict,
        )
        for row in rows
    ]
    print()
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for line in lines:
        print("| " + " | ".join(line) + " |")
    print(flush=True)


def timed_out(signum, frame):
    raise DrillError(f"the drill took longer than {DEADLINE} s")


def main():
    for tool in ("redis-server", "runuser"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install -y redis-server postgresql")
    if not (PG_BIN / "initdb").exists():
        sys.exit(f"{PG_BIN}/initdb is missing: apt-get install -y postgresql (or set PG_BIN)")
    signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(DEADLINE)
    root = Path(tempfile.mkdtemp(prefix="kinship-drill-"))
    os.chmod(root, 0o755)
    site = Site(root)
    rows = []
    try:
        site.start()
        article = find_article(site)
        say(f"article {article}")
        for drill in (database_restart, cache_outage, worker_killed):
            say(f"drill: {drill.__name__}")
            row = drill(site, article)
            rows.append(row)
            if row.recovery is not None and row.recovery > RECOVERY_LIMIT:
                row.problems.append(
                    f"recovery took {row.recovery:.1f} s (limit {RECOVERY_LIMIT} s)"
                )
            say(f"{row.drill}: {row.verdict}")
    except Exception as error:  # the table is printed whatever broke, and the servers stopped
        failed = Row("drill aborted")
        failed.problems.append(f"{type(error).__name__}: {error}")
        rows.append(failed)
        traceback.print_exc()
    finally:
        signal.alarm(0)
        site.stop()
    print_table(rows)
    failed = [row for row in rows if row.problems]
    if failed:
        print(f"Logs kept in {root}", flush=True)
        return 1
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
