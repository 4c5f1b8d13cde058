"""Run the periodic management commands: publish_scheduled every minute, comments_digest daily.

    python manage.py run_scheduler              # forever (the docker-compose `scheduler` service)
    python manage.py run_scheduler --once       # one round of every command (daily too), then exit
    python manage.py run_scheduler --interval 10

SIGTERM (docker stop), SIGINT (Ctrl-C) and SIGHUP end the loop between rounds, or cut the
wait short; a round in progress finishes first, so a publish is never cut in half (a second
Ctrl-C exits at once). An exception in one command is logged and the loop carries on. Two
schedulers may run side by side: publish_scheduled takes a PostgreSQL advisory lock, so they
never publish twice.
"""

import logging
import signal
import time

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from editorial import heartbeat

logger = logging.getLogger(__name__)

# Commands run on each round, in order. Add more here. flush_search_hits writes the search
# counts that searches keep in the cache (search/hits.py): a search never writes to the database.
PERIODIC_COMMANDS = (
    "publish_scheduled",
    "purge_comment_ips",
    "comments_digest",
    "flush_search_hits",
)

# Commands that run less often than every round: name -> seconds between runs. In the loop,
# a command runs when it has not run for that long, tracked in the cache (Redis in production,
# so restarts and a second scheduler do not repeat it); the first run is one interval after the
# scheduler first starts. --once runs every command.
COMMAND_INTERVALS = {"comments_digest": 24 * 3600}

# docker stop, Ctrl-C, and the terminal closing under `make run`.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Command(BaseCommand):
    POLL_SECONDS = 0.5
    help = (
        "Run publish_scheduled (and any other periodic commands) every --interval seconds; "
        "comments_digest once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=60.0,
            help="Seconds from the start of one round to the start of the next (default 60).",
        )
        parser.add_argument("--once", action="store_true", help="Run one round and exit.")

    def handle(self, *args, interval, once, **options):
        if interval <= 0:
            raise CommandError("--interval must be positive.")
        self.verbosity = options.get("verbosity", 1)
        self.stopping = False
        self.once = once
        if once:
            self.run_round()
            return

        previous = {signum: signal.signal(signum, self._stop) for signum in STOP_SIGNALS}
        try:
            plan = ", ".join(
                f"{name} every {COMMAND_INTERVALS.get(name, interval):g} s"
                for name in PERIODIC_COMMANDS
            )
            self.log(f"Scheduler started: {plan}.")
            self.start_intervals()
            while not self.stopping:
                started = time.monotonic()
                self.run_round()
                self.wait_until(started + interval)
            self.log(f"Scheduler stopped ({self.stopping}).")
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _stop(self, signum, frame):
        # Only set flags here: writing output from a signal handler can collide with a write
        # the main thread was in the middle of.
        if self.stopping and signum == signal.SIGINT:
            # Ctrl-C twice: do not wait for a slow round (an open transaction rolls back).
            raise SystemExit(128 + signum)
        if not self.stopping:
            self.stopping = signal.Signals(signum).name

    def wait_until(self, deadline):
        # Short sleeps, so a signal ends the wait within a fraction of a second. (The handler
        # only sets a flag: threading.Event.set() takes a lock, which could deadlock against
        # the interrupted main thread.)
        while not self.stopping and (remaining := deadline - time.monotonic()) > 0:
            time.sleep(min(remaining, self.POLL_SECONDS))

    def run_round(self):
        for name in PERIODIC_COMMANDS:
            if self.stopping:
                break
            if not self.claim(name):
                continue
            # Drop connections that died or outlived CONN_MAX_AGE while we waited.
            close_old_connections()
            try:
                call_command(name, verbosity=self.verbosity, stdout=self.stdout)
            except Exception:
                logger.exception("Periodic command %s failed; the scheduler carries on", name)
                self.release(name)  # try again next round
            finally:
                close_old_connections()
        heartbeat.beat()

    @staticmethod
    def last_run_key(name):
        return f"kinship:scheduler:last-run:{name}"

    def claim(self, name):
        """True when `name` should run in this round. A command with an interval is claimed
        atomically in the cache (cache.add), so it runs once per interval even across
        restarts and side-by-side schedulers."""
        seconds = COMMAND_INTERVALS.get(name)
        if not seconds or getattr(self, "once", False):
            return True
        try:
            return cache.add(self.last_run_key(name), time.time(), timeout=seconds)
        except Exception:
            logger.exception("Cannot reach the cache to schedule %s; skipping it", name)
            return False

    def start_intervals(self):
        """Make each command with an interval first due one interval after the scheduler
        starts, unless a run is already on record: a restart (a deploy, `make run` again) must
        not send another daily digest, and start-up output stays short."""
        for name, seconds in COMMAND_INTERVALS.items():
            try:
                cache.add(self.last_run_key(name), time.time(), timeout=seconds)
            except Exception:
                logger.exception("Cannot reach the cache to schedule %s", name)

    def release(self, name):
        if name in COMMAND_INTERVALS and not getattr(self, "once", False):
            try:
                cache.delete(self.last_run_key(name))
            except Exception:
                logger.exception("Cannot reach the cache to reschedule %s", name)

    def log(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)
