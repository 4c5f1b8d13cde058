# Kinship developer commands. The README documents `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Exported so the dev settings build email and admin links for the port `make run` serves.
export PORT
# `make run` says one line per step; VERBOSE=1 lists each migration and each kind of demo object.
RUN_VERBOSITY := $(if $(filter 1,$(VERBOSE)),2,1)
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.PHONY: run serve test screenshots lint format bench bench-pages bench-import drill drill-restore \
	clean

# Re-install only when a requirements file changes (the stamp is older than it).
$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.runtime-installed

# The scheduler (publish_scheduled every minute) and the task worker (db_worker: comment email)
# run beside the dev server and stop with it. All run in the background while bash waits, so
# its traps run at once: Ctrl-C (SIGINT), or SIGTERM/SIGHUP to make or the terminal, exits bash,
# and the EXIT trap stops them all (SIGTERM) and waits for them; if runserver exits by itself,
# the others are stopped the same way. runserver
# keeps the terminal as stdin (`<&0`), so breakpoint() still works in views.
# check_migration_history first: a db.sqlite3 from an earlier Kinship is refused in one line.
# Migrations and demo loading print one summary line each (VERBOSE=1 for the details).
run: $(VENV)/.runtime-installed
	@$(PY) manage.py check_migration_history
	@$(PY) manage.py migrate_summary -v $(RUN_VERBOSITY)
	@$(PY) manage.py load_demo_content -v $(RUN_VERBOSITY)
	@trap 'kill -TERM $$server $$scheduler $$worker 2>/dev/null; wait' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP; \
	$(PY) manage.py run_scheduler & scheduler=$$!; \
	$(PY) manage.py db_worker --backend background --no-startup-delay & worker=$$!; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) <&0 & server=$$!; \
	wait $$server

test: export DJANGO_SETTINGS_MODULE = cms.settings.test
test: $(VENV)/.test-installed
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

# The README's screenshots in docs/screenshots/, taken by a browser test from the demo content
# (tests/browser/test_screenshots.py); without Chromium it fails instead of skipping.
screenshots: export DJANGO_SETTINGS_MODULE = cms.settings.test
screenshots: export KINSHIP_REQUIRE_BROWSER = 1
screenshots: $(VENV)/.test-installed
	$(VENV)/bin/pytest -m screenshots tests/browser

# Search and publishing speed with 5,000 posts on PostgreSQL (bench/search.py); `make bench
# POSTS=100000` for the large run (seeding it takes about 15 minutes). Not part of `make test`.
bench: POSTS ?= 5000
bench: export DJANGO_SETTINGS_MODULE = cms.settings.dev
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kinship_bench
bench: $(VENV)/.runtime-installed
	$(PY) -u bench/search.py --posts $(POSTS)

# Page speed under gunicorn with POSTS posts (default 10,000) in a database of its own, against
# a fixed 20 KB app as the machine's floor (bench/pages.py); not part of `make test`. wrk comes
# from Debian, installed here when it is missing.
bench-pages: POSTS ?= 10000
bench-pages: DURATION ?= 10
bench-pages: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kinship_bench_pages
bench-pages: $(VENV)/.runtime-installed
	@command -v wrk >/dev/null || $$(test "$$(id -u)" = 0 || echo sudo) apt-get install -y wrk
	$(PY) -u -m bench.pages --posts $(POSTS) --duration $(DURATION)

# A WordPress export of POSTS posts and COMMENTS comments (bench/wxr.py) imported twice with
# `manage.py import_wordpress` into a database of its own, recreated each time: wall time and
# peak memory of each run against #15's targets (bench/import_wordpress.py). Not part of
# `make test`; `make bench-import POSTS=200 COMMENTS=2000` is a quick smoke run.
bench-import: POSTS ?= 5000
bench-import: COMMENTS ?= 50000
bench-import: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kinship_bench_import
bench-import: $(VENV)/.runtime-installed
	$(PY) -u -m bench.import_wordpress --posts $(POSTS) --comments $(COMMENTS)

# The restore drill (drills/restore.py): the demo site built in a database of its own on
# PostgreSQL, backed up and restored into a second new one with docker/backup/'s scripts, then
# compared row for row; prints the table and exits non-zero on any difference. Its databases
# (kinship_backup_drill_*) are dropped before and after. Not part of `make test`.
drill-restore: export DJANGO_SETTINGS_MODULE = cms.settings.dev
drill-restore: DRILL_SERVER ?= postgres://postgres@127.0.0.1:5432
drill-restore: $(VENV)/.runtime-installed
	$(PY) -u -m drills.restore --server $(DRILL_SERVER)

# Fault drills (drills/faults.py): PostgreSQL restarted under load, Redis stopped and the task
# worker killed mid-send, against gunicorn with a PostgreSQL, Redis and SMTP server of the
# drill's own on loopback. Prints a table; fails on a lost comment, a 500 or a recovery over
# 10 s. Not part of `make test`; needs redis-server and PostgreSQL's server binaries.
drill: $(VENV)/.test-installed
	$(PY) -u -m drills.faults

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.test-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf staticfiles .pytest_cache .ruff_cache
