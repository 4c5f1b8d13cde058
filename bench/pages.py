"""`make bench-pages`: how fast Kinship serves its public pages, next to what the machine can do.

1. Seeds the benchmark database (DATABASE_URL, default .../kinship_bench_pages: created if
   missing, migrated, then `manage.py seed_bench --posts N`, which adds only missing posts).
   Seeding runs under cms.settings.dev with DEBUG off: production does not install the demo
   app that holds seed_bench.
2. Collects static files into a temporary directory and serves Kinship with gunicorn, 2 sync
   workers, under production settings (bench/settings.py), twice: one server with the page cache
   and one with KINSHIP_PAGE_CACHE=0, so neither mode's cache state leaks into the other. A
   third gunicorn serves bench/floor.py, a fixed 20 KB page: the most this machine, gunicorn
   and wrk can do, so each page is reported as a share of it measured in the same run.
3. Counts the SQL of each page with Django's test client under the same settings
   (bench/probe.py, which also chooses the tag and the article), then checks each page answers
   200, then runs wrk on each: 8 connections for throughput and p99, 1 connection for p50.
4. Prints the tables, the load average at start and end, and each worker's memory, and stops
   every server it started, however the run ends. Exits with status 1 if a page answers
   anything but 200; the targets are reported, not enforced.
"""

import argparse
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from bench import table, wrk
from bench.database import ensure_database
from bench.probe import WARMING_REQUESTS
from bench.servers import PROJECT_ROOT, Server, get, rss_mb

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kinship_bench_pages"
# A Redis database of the benchmark's own, flushed at the start so no earlier run's cached
# pages or counters are measured.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
MODES = ("cached", "uncached")
CACHE_HEADER = "X-Kinship-Cache"
WARMUP_SECONDS = 1
TARGET_FLOOR_SHARE = 0.5
TARGET_ARTICLE_P50_MS = 25
TARGET_POSTS = 10_000
TARGET_RSS_MB = 120


@dataclass
class Measurement:
    """One page on one server: what a plain GET returned, then wrk's two runs."""

    page: str
    mode: str
    path: str
    status: int
    size: int
    cache_header: str | None
    queries: int | None = None
    loaded: wrk.Result | None = None  # 8 connections
    single: wrk.Result | None = None  # 1 connection


def main(argv=None):
    args = parse_args(argv)
    # SIGTERM or SIGHUP (make killed, the terminal closed) end the run as Ctrl-C does:
    # through the `finally` that stops the servers and removes the temporary directory.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, exit_on_signal)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("\nInterrupted: every server the benchmark started is stopped.", file=sys.stderr)
        return 130
    except (RuntimeError, OSError) as error:
        print(f"\nThe benchmark stopped: {error}", file=sys.stderr)
        return 1


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=TARGET_POSTS, help="posts to seed")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8, help="connections under load")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    return parser.parse_args(argv)


def exit_on_signal(signum, frame):
    raise KeyboardInterrupt


def run(args):
    started = time.monotonic()
    load_at_start = loadavg()
    print(f"Load average at start: {load_at_start}")
    seed(args)
    with tempfile.TemporaryDirectory(prefix="kinship-bench-pages-") as directory:
        env = {mode: server_env(args, directory, mode) for mode in MODES}
        print("Collecting static files into a temporary directory…", flush=True)
        manage(env["uncached"], "collectstatic", "--noinput", "--verbosity=0")
        flush_redis(args.redis_url)
        probes = {mode: probe(env[mode], directory, mode) for mode in MODES}
        servers = {
            "floor": Server("floor", "bench.floor:application", env["uncached"], directory),
            **{
                mode: Server(f"kinship-{mode}", "cms.wsgi:application", env[mode], directory)
                for mode in MODES
            },
        }
        try:
            for server in servers.values():
                server.start()
            servers["floor"].wait_until_ready("/")
            for mode in MODES:
                servers[mode].wait_until_ready("/healthz")
            measurements = check(servers, probes)
            failures = [m for m in measurements if m.status != 200]
            if failures:
                for m in failures:
                    print(f"{m.page} ({m.mode}) {m.path} answered {m.status}.", file=sys.stderr)
                return 1
            floor = measure_floor(servers["floor"], args, "at the start")
            for m in measurements:
                print(f"Measuring {m.page} ({m.mode}) {m.path}…", flush=True)
                m.loaded, m.single = measure(servers[m.mode], m.path, args)
            floor += measure_floor(servers["floor"], args, "at the end")
            memory = {name: worker_memory(server) for name, server in servers.items()}
        finally:
            for server in servers.values():
                server.stop()
    print()
    print(report(args, probes, floor, measurements, memory))
    print(f"\nLoad average at start: {load_at_start}; at the end: {loadavg()}")
    print(f"The run took {time.monotonic() - started:.0f} s.")
    errors = [m for m in measurements if m.loaded.status_errors or m.single.status_errors]
    for m in errors:
        print(f"{m.page} ({m.mode}) answered non-2xx under load.", file=sys.stderr)
    return 1 if errors else 0


def seed(args):
    """Create, migrate and seed the database, with the dev settings (where seed_bench is)."""
    if ensure_database(args.database_url):
        print("Created the benchmark database.")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": args.database_url,
        # With DEBUG on, Django keeps every statement in memory for the whole seeding.
        "DEBUG": "0",
    }
    # Seeding's cache writes stay in its own process, off the benchmark's Redis.
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--noinput", "--verbosity=0")
    manage(env, "seed_bench", f"--posts={args.posts}", capture=False)


def server_env(args, directory, mode):
    """The environment of a production server (and its probe) in `mode`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "KINSHIP_BENCH_STATIC_ROOT": str(Path(directory) / "static"),
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: a secure-only cookie would never come back.
        "SECURE_COOKIES": "0",
    }
    env.pop("DEBUG", None)
    # The page cache is on unless KINSHIP_PAGE_CACHE=0.
    env.pop("KINSHIP_PAGE_CACHE", None)
    if mode == "uncached":
        env["KINSHIP_PAGE_CACHE"] = "0"
    return env


def manage(env, *arguments, capture=True):
    """`manage.py arguments` in the project; its output is shown only if it fails, unless
    `capture` is off (seed_bench's progress)."""
    completed = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=capture,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        output = f"\n{completed.stdout}{completed.stderr}" if capture else ""
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed.{output}")


def flush_redis(url):
    redis.Redis.from_url(url).flushdb()


def probe(env, directory, mode):
    """bench/probe.py's report for a server in `mode`: pages, SQL per page, search matches."""
    out = Path(directory) / f"probe-{mode}.json"
    completed = subprocess.run(
        [sys.executable, "-m", "bench.probe", str(out)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench/probe.py failed ({mode}):\n{completed.stderr}")
    return json.loads(out.read_text())


def check(servers, probes):
    """A Measurement for each page in each mode, from a few plain GETs: the last shows what a
    warm server answers, with its size and cache header. Kinship's page cache records a URL on
    its first request and stores it on the second, so the third is the first that can hit."""
    measurements = []
    for page in probes["uncached"]["pages"]:
        for mode in MODES:
            queries = {p["path"]: p["queries"] for p in probes[mode]["pages"]}
            server = servers[mode]
            for _ in range(WARMING_REQUESTS + 1):
                status, headers, body = get(server.base_url, page["path"])
            measurements.append(
                Measurement(
                    page=page["name"],
                    mode=mode,
                    path=page["path"],
                    status=status,
                    size=len(body),
                    cache_header=headers.get(CACHE_HEADER),
                    queries=queries.get(page["path"]),
                )
            )
    return measurements


def measure(server, path, args):
    """(8 connections, 1 connection) wrk results after an untimed warm-up, so that both
    workers have rendered the page once (templates, caches) before the clock starts."""
    url = server.base_url + path
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(wrk.REPORT_SCRIPT)
        script.flush()
        wrk.run(url, args.connections, WARMUP_SECONDS, script.name)
        loaded = wrk.run(url, args.connections, args.duration, script.name)
        single = wrk.run(url, 1, args.duration, script.name)
    return loaded, single


def measure_floor(server, args, when):
    print(f"Measuring the floor {when}…", flush=True)
    status, _, body = get(server.base_url, "/")
    loaded, single = measure(server, "/", args)
    return [Measurement("floor", when, "/", status, len(body), None, None, loaded, single)]


def worker_memory(server):
    """[(pid, RSS in MB)] of the server's workers, read after the benchmark."""
    return [(pid, rss_mb(pid)) for pid in server.worker_pids()]


def report(args, probes, floor, measurements, memory):
    """The printed report: the pages, the main table, the workers' memory and the targets."""
    floor_rps = statistics.mean(m.loaded.rps for m in floor)
    matches = probes["uncached"]["matches"]
    lines = [
        f"Kinship pages at {probes['uncached']['posts']:,} live posts: gunicorn, 2 sync workers "
        f"each, production settings; wrk {args.duration} s per run, {args.connections} "
        "connections for RPS and p99, 1 for p50; SQL counted on a warm process, not under load.",
        "",
        "Pages: "
        + ", ".join(f"{p['name']} {p['path']}" for p in probes["uncached"]["pages"])
        + " ("
        + ", ".join(f"{word!r} matches {count:,} posts" for word, count in matches.items())
        + ").",
        "",
        page_table(floor, measurements, floor_rps),
        "",
        memory_table(memory),
        "",
        *targets(args, measurements, floor_rps, memory, probes["uncached"]["posts"]),
    ]
    return "\n".join(lines)


def page_table(floor, measurements, floor_rps):
    headers = [
        "page",
        "mode",
        CACHE_HEADER,
        "RPS (8 conn)",
        "of floor",
        "p50 1 conn (ms)",
        "p50 8 conn (ms)",
        "p99 8 conn (ms)",
        "SQL",
        "size",
    ]
    rows = [
        [
            m.page,
            m.mode,
            m.cache_header or "–",
            table.rps(m.loaded.rps),
            table.ratio(m.loaded.rps, floor_rps),
            table.ms(m.single.p50_ms),
            table.ms(m.loaded.p50_ms),
            table.ms(m.loaded.p99_ms),
            "–" if m.queries is None else m.queries,
            table.kilobytes(m.size),
        ]
        for m in [*floor, *measurements]
    ]
    return table.markdown_table(headers, rows, right=set(headers[3:]))


def memory_table(memory):
    headers = ["server", "worker RSS after the run (MB)"]
    rows = [
        [name, ", ".join(f"{mb:.0f}" for _, mb in workers if mb is not None) or "–"]
        for name, workers in memory.items()
    ]
    return table.markdown_table(headers, rows)


def targets(args, measurements, floor_rps, memory, posts):
    """One line per target of the issue, met or not (reported, never enforced)."""
    cached = [m for m in measurements if m.mode == "cached"]
    slow = [m.page for m in cached if m.loaded.rps < TARGET_FLOOR_SHARE * floor_rps]
    article = next(m for m in measurements if m.mode == "uncached" and m.page == "article")
    kinship_rss = [mb for name in MODES for _, mb in memory[name] if mb is not None]
    at = "" if posts >= TARGET_POSTS else f" (measured at {posts:,} posts, not {TARGET_POSTS:,})"
    return [
        "Targets:",
        f"- cached pages at ≥ {TARGET_FLOOR_SHARE:.0%} of the floor's RPS: "
        + ("met" if not slow else "not met by " + ", ".join(slow)),
        f"- uncached article p50 at 1 connection ≤ {TARGET_ARTICLE_P50_MS} ms: "
        f"{table.ms(article.single.p50_ms)} ms, "
        + ("met" if article.single.p50_ms <= TARGET_ARTICLE_P50_MS else "not met")
        + at,
        f"- Kinship worker RSS ≤ {TARGET_RSS_MB} MB: largest {max(kinship_rss, default=0):.0f} MB, "
        + ("met" if kinship_rss and max(kinship_rss) <= TARGET_RSS_MB else "not met"),
    ]


def loadavg():
    """The 1, 5 and 15 minute load averages, as /proc/loadavg gives them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    sys.exit(main())
