"""`make bench-import`: how long and how much memory `manage.py import_wordpress` takes for an
export of 5,000 posts and 50,000 comments, and how quickly a second import of it finds that
nothing changed.

1. Drops and recreates the benchmark database (DATABASE_URL, default .../kinship_bench_import;
   its name must contain "bench", so a mistyped URL cannot drop real content), migrates it and
   loads the demo site (`load_demo_content`: the blog index and the `editor` user the posts
   are submitted by). The settings are cms.settings.dev with DEBUG off, as for `make bench`.
2. Writes the export with bench/wxr.py into a temporary directory; its size and generation
   time are reported apart from the import's.
3. Runs `manage.py import_wordpress FILE --no-progress --user editor` twice as a child
   process and measures each run's wall time and peak resident memory (the child's own
   rusage, from os.wait4), then reads the counts from the run's ImportRun record.
4. Prints a Markdown table and the load average before and after each run, and exits with
   status 1 when a target is missed (first run under 10 minutes, both under 400 MB, second
   under 1 minute), a post or comment failed, or the second run changed anything.

`--posts 200 --comments 2000` makes a smoke run of a few seconds.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

from bench import table
from bench.servers import PROJECT_ROOT
from bench.wxr import write_wxr

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kinship_bench_import"
FIRST_RUN_TARGET_S = 600
SECOND_RUN_TARGET_S = 60
PEAK_RSS_TARGET_MB = 400
IMPORT_USER = "editor"  # a demo user in the Editors group
RECORD_LINE = re.compile(r"^Import record: (\d+)$", re.MULTILINE)


@dataclass
class Run:
    label: str
    seconds: float
    peak_rss_mb: float
    load_before: str
    load_after: str
    counts: dict
    skipped: dict
    output: str

    def count(self, kind, outcome):
        return self.counts.get(kind, {}).get(outcome, 0)

    @property
    def failed(self):
        return self.count("posts", "failed") + self.count("comments", "failed")

    @property
    def changed(self):
        return any(
            outcomes.get("created") or outcomes.get("updated") for outcomes in self.counts.values()
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000, help="posts in the export")
    parser.add_argument("--comments", type=int, default=50000, help="comments in the export")
    parser.add_argument("--seed", type=int, default=15, help="the generator's seed")
    args = parser.parse_args(argv)

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_url,
        # With DEBUG on, Django keeps every SQL statement in memory: it would be measured.
        "DEBUG": "0",
        # The dev settings print email to the console; workflow notices are not the subject.
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    # The import's cache writes stay in its own process, off any shared Redis.
    env.pop("REDIS_URL", None)
    try:
        recreate_database(database_url)
    except (ValueError, psycopg.Error) as error:
        sys.exit(f"The benchmark database could not be recreated: {error}")
    os.environ.update(env)
    # WhiteNoise warns that `collectstatic` has not run; static files play no part here.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)

    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_content", verbosity=0)
    print(f"Migrated and loaded the demo site in {time.perf_counter() - started:.1f} s.")

    with tempfile.TemporaryDirectory(prefix="kinship-bench-import-") as directory:
        export = Path(directory) / "export.xml"
        started = time.perf_counter()
        summary = write_wxr(export, args.posts, args.comments, seed=args.seed)
        seconds = time.perf_counter() - started
        print(
            f"Generated {export.name}: {export.stat().st_size / 1e6:.1f} MB in {seconds:.1f} s "
            f"({summary.posts:,} posts, {summary.comments:,} comments of which "
            f"{summary.comments_by_approval.get('1', 0):,} approved, "
            f"{summary.comments_by_approval.get('0', 0):,} pending, "
            f"{summary.pingbacks:,} pingbacks or trackbacks; {summary.pages} pages, "
            f"{summary.attachments} attachments and {summary.nav_menu_items} menu items to "
            "skip)."
        )
        runs = [measure(label, export, env) for label in ("first", "second")]
    print()
    print(report(runs))
    for run in runs:
        print(f"\n{run.label.capitalize()} run's summary:\n{run.output.rstrip()}")
    failures = missed_targets(runs)
    print()
    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        print(
            f"OK: first run under {FIRST_RUN_TARGET_S} s, second under {SECOND_RUN_TARGET_S} s, "
            f"both under {PEAK_RSS_TARGET_MB} MB, nothing failed and the second changed nothing."
        )
    return 1 if failures else 0


def recreate_database(url):
    """Drop the database named by `url` if it exists and create it empty: every run starts
    with nothing imported."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ValueError("the benchmark measures PostgreSQL: DATABASE_URL must be postgres://")
    if "bench" not in config["NAME"]:
        raise ValueError(f"it is dropped first, so its name must contain 'bench': {config['NAME']}")
    server = {
        "host": config.get("HOST"),
        "port": config.get("PORT"),
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
    }
    server = {key: value for key, value in server.items() if value}
    name = sql.Identifier(config["NAME"])
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def measure(label, export, env):
    """One `manage.py import_wordpress` in a child process: wall time and the child's peak
    RSS (ru_maxrss, KiB on Linux), with its ImportRun's counts."""
    from wordpress.models import ImportRun

    load_before = load_average()
    print(f"\nImporting ({label} run)… load average {load_before}", flush=True)
    with tempfile.TemporaryFile(mode="w+") as out:
        started = time.perf_counter()
        child = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "import_wordpress",
                str(export),
                "--no-progress",
                "--user",
                IMPORT_USER,
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
        )
        # wait4, not child.wait(): only wait4 returns the child's own resource usage.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if child.returncode != 0:
        sys.exit(f"manage.py import_wordpress failed ({child.returncode}):\n{output}")
    record = RECORD_LINE.search(output)
    if record is None:
        sys.exit(f"The import's output names no import record:\n{output}")
    import_run = ImportRun.objects.get(pk=record.group(1))
    return Run(
        label=label,
        seconds=seconds,
        peak_rss_mb=usage.ru_maxrss / 1024,
        load_before=load_before,
        load_after=load_average(),
        counts=import_run.counts,
        skipped=import_run.skipped,
        output=output,
    )


def report(runs):
    headers = [
        "run",
        "wall time",
        "peak RSS",
        "posts created",
        "posts unchanged",
        "comments created",
        "comments unchanged",
        "failed",
        "load before",
        "load after",
    ]
    rows = [
        [
            run.label,
            f"{run.seconds:.1f} s",
            f"{run.peak_rss_mb:.0f} MB",
            f"{run.count('posts', 'created'):,}",
            f"{run.count('posts', 'unchanged'):,}",
            f"{run.count('comments', 'created'):,}",
            f"{run.count('comments', 'unchanged'):,}",
            f"{run.failed:,}",
            run.load_before,
            run.load_after,
        ]
        for run in runs
    ]
    return table.markdown_table(headers, rows, right=set(headers[1:8]))


def missed_targets(runs):
    first, second = runs
    failures = []
    if first.seconds >= FIRST_RUN_TARGET_S:
        failures.append(
            f"the first import took {first.seconds:.0f} s (target {FIRST_RUN_TARGET_S} s)"
        )
    if second.seconds >= SECOND_RUN_TARGET_S:
        failures.append(
            f"the second import took {second.seconds:.0f} s (target {SECOND_RUN_TARGET_S} s)"
        )
    for run in runs:
        if run.peak_rss_mb >= PEAK_RSS_TARGET_MB:
            failures.append(
                f"the {run.label} import peaked at {run.peak_rss_mb:.0f} MB "
                f"(target {PEAK_RSS_TARGET_MB} MB)"
            )
    for run in runs:
        if run.failed:
            failures.append(f"{run.failed:,} posts or comments failed in the {run.label} import")
    if not first.count("posts", "created"):
        failures.append("the first import created no posts")
    if second.changed:
        failures.append("the second import of the same file changed something")
    return failures


def load_average():
    """The 1-minute load average: on a shared machine it says how far to trust the times."""
    try:
        return Path("/proc/loadavg").read_text().split(" ")[0]
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
