"""Scheduled publishing: publish_scheduled under the publish rule and an
advisory lock, the run_scheduler loop, and saving a page after its schedule has passed."""

import io
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogPage
from editorial import scheduling
from editorial.management.commands import run_scheduler
from editorial.models import ClinicalApproval
from tests.factories import clinician, make_post
from tests.paths import PROJECT_ROOT
from tests.processes import free_port, live_database_url, run_in_threads, sqlite_dev_env

PUBLISHED = "wagtail.publish.scheduled"
UNPUBLISHED = "wagtail.unpublish.scheduled"
REFUSED = "kinship.publish.refused"

# Transactional tests flush the database; serialized_rollback restores the migrations' rows
# (role groups, the workflow) that the factories need.
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def minutes_ago(minutes):
    # Whole minutes, as the admin's date-time picker sets them.
    return (timezone.now() - timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def schedule(post, approve=True):
    """Approve (optionally) and schedule the post's latest version for an hour ahead, as an
    editor would; returns the scheduled revision. Call it_is_due() to let the hour pass."""
    if approve:
        ClinicalApproval.objects.record(post.get_latest_revision(), clinician())
    post = BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    post.go_live_at = timezone.now() + timedelta(hours=1)
    revision = post.save_revision()
    revision.publish()  # a future go-live time schedules instead of publishing
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    return revision


def it_is_due(revision, when=None):
    """Move a scheduled revision's go-live time into the past, as time passing would."""
    when = when or minutes_ago(5)
    revision.content["go_live_at"] = when.isoformat()
    revision.approved_go_live_at = when
    revision.save(update_fields=["content", "approved_go_live_at"])
    BlogPage.objects.filter(pk=revision.object_id).update(go_live_at=when)
    return revision


def scheduled_post(blog_index, title="Scheduled post", approve=True):
    post = make_post(blog_index, title=title, publish=False)
    return post, it_is_due(schedule(post, approve=approve))


def log_count(post, action):
    return PageLogEntry.objects.filter(page_id=post.pk, action=action).count()


def run(*args):
    out = io.StringIO()
    call_command("publish_scheduled", *args, stdout=out)
    return out.getvalue()


# --- publishing -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_due_approved_revision_is_published_once(blog_index):
    post, revision = scheduled_post(blog_index)

    run()

    post = BlogPage.objects.get(pk=post.pk)
    assert post.live
    assert post.live_revision_id == revision.pk
    assert post.clinical_approval is not None
    assert log_count(post, PUBLISHED) == 1
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None

    run()
    assert log_count(post, PUBLISHED) == 1


@pytest.mark.django_db
def test_dryrun_changes_nothing_and_names_what_would_be_refused(blog_index):
    post, revision = scheduled_post(blog_index, title="Approved one")
    unapproved, _ = scheduled_post(blog_index, title="Unapproved one", approve=False)

    output = run("--dryrun")

    assert "Revisions to be published" in output
    assert "Not clinically approved" in output
    to_publish, refused_part = output.split("Revisions to be published", 1)[1].split(
        "Not clinically approved", 1
    )
    assert "Approved one" in to_publish and "Unapproved one" not in to_publish
    assert "Unapproved one" in refused_part and "Approved one" not in refused_part
    assert "Would publish 1, refuse 1 (not clinically approved), unpublish 0 expired." in output
    assert not BlogPage.objects.filter(pk__in=[post.pk, unapproved.pk], live=True).exists()
    assert Revision.objects.filter(approved_go_live_at__isnull=False).count() == 2
    assert not PageLogEntry.objects.filter(action__in=[PUBLISHED, REFUSED]).exists()


@pytest.mark.django_db
def test_the_report_counts_a_refusal_apart_from_publishing(blog_index):
    scheduled_post(blog_index, title="Unapproved", approve=False)
    output = run()
    assert "Published 0, refused 1 (not clinically approved; unscheduled)" in output
    assert "published 1" not in output.lower()

    scheduled_post(blog_index, title="Approved")
    scheduled_post(blog_index, title="Unapproved again", approve=False)
    output = run()
    assert output.strip() == (
        "Published 1, refused 1 (not clinically approved; unscheduled), unpublished 0 expired."
    )


@pytest.mark.django_db
def test_a_due_revision_that_publish_leaves_unpublished_is_not_counted(blog_index, monkeypatch):
    post, revision = scheduled_post(blog_index, title="Stays scheduled")
    monkeypatch.setattr(Revision, "publish", lambda self, *args, **kwargs: None)
    output = run()
    assert "Published 0" in output and "left 1 unpublished (still scheduled)" in output
    assert not BlogPage.objects.get(pk=post.pk).live


def edit_after_approval(post):
    draft = post.get_latest_revision_as_object()
    draft.title = "Changed after the clinical review"
    draft.save_revision()


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["never approved", "edited after approval"])
def test_an_unapproved_due_revision_is_refused_logged_and_not_retried(blog_index, case, caplog):
    post = make_post(blog_index, title="Needs review", publish=False)
    if case == "edited after approval":
        ClinicalApproval.objects.record(post.get_latest_revision(), clinician())
        edit_after_approval(post)
    refused_revision = it_is_due(schedule(post, approve=False))
    other, other_revision = scheduled_post(blog_index, title="Approved post")

    with caplog.at_level(logging.WARNING, logger="editorial.scheduling"):
        run()

    post = BlogPage.objects.get(pk=post.pk)
    assert not post.live
    assert post.live_revision_id is None and post.first_published_at is None
    assert log_count(post, PUBLISHED) == 0
    entries = PageLogEntry.objects.filter(page_id=post.pk, action=REFUSED)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.revision_id == refused_revision.pk
    assert "clinical reviewer" in entry.data["reason"]
    assert entry.user is None
    refused_revision.refresh_from_db()
    assert refused_revision.approved_go_live_at is None
    assert any(
        record.levelno == logging.WARNING and "refused" in record.getMessage()
        for record in caplog.records
    )

    # The other due revision in the same run was published.
    other = BlogPage.objects.get(pk=other.pk)
    assert other.live and other.live_revision_id == other_revision.pk
    assert log_count(other, PUBLISHED) == 1

    # Not retried every minute.
    run()
    run()
    assert log_count(post, REFUSED) == 1
    assert not BlogPage.objects.get(pk=post.pk).live


@pytest.mark.django_db
def test_editors_see_a_refused_scheduled_publish_until_it_is_rescheduled(blog_index, client):
    post, _ = scheduled_post(blog_index, approve=False)
    run()
    client.force_login(WagtailTestUtils.create_superuser("sched-editor"))
    url = reverse("wagtailadmin_pages:edit", args=[post.pk])

    html = client.get(url).content.decode()
    assert "scheduled publish on" in html and "was refused" in html

    schedule(BlogPage.objects.get(pk=post.pk), approve=True)
    assert "was refused" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_refused_update_of_a_live_post_leaves_the_live_version(blog_index):
    post = make_post(blog_index, title="Live post")
    live_revision_id = post.live_revision_id
    edit_after_approval(post)
    revision = it_is_due(schedule(BlogPage.objects.get(pk=post.pk), approve=False))

    run()

    post = BlogPage.objects.get(pk=post.pk)
    assert post.live and post.live_revision_id == live_revision_id
    assert post.title == "Live post"
    assert log_count(post, REFUSED) == 1
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None


@pytest.mark.django_db
def test_a_failure_on_one_revision_does_not_stop_the_others(blog_index, monkeypatch, caplog):
    broken, broken_revision = scheduled_post(blog_index, title="Broken")
    fine, _ = scheduled_post(blog_index, title="Fine")
    original = Revision.publish

    def publish(self, *args, **kwargs):
        if self.pk == broken_revision.pk:
            raise RuntimeError("storage is down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Revision, "publish", publish)

    with (
        caplog.at_level(logging.ERROR, logger="editorial.scheduling"),
        pytest.raises(CommandError, match="1 scheduled change"),
    ):
        run()

    assert BlogPage.objects.get(pk=fine.pk).live
    assert not BlogPage.objects.get(pk=broken.pk).live
    assert any("storage is down" in (record.exc_text or "") for record in caplog.records)
    # Not a refusal: it stays scheduled, so the next run tries again.
    broken_revision.refresh_from_db()
    assert broken_revision.approved_go_live_at is not None
    assert log_count(broken, REFUSED) == 0


# --- one run at a time ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_run_while_another_holds_the_lock_does_nothing(blog_index):
    post, revision = scheduled_post(blog_index)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [scheduling.SCHEDULER_LOCK_KEY])

        output = run()  # returns normally: exit status 0

        assert "holds the scheduler lock" in output
        assert not BlogPage.objects.get(pk=post.pk).live
        assert log_count(post, PUBLISHED) == 0
        revision.refresh_from_db()
        assert revision.approved_go_live_at is not None
    finally:
        with other.cursor() as cursor:
            # Synchronous, unlike the server noticing a closed connection.
            cursor.execute("SELECT pg_advisory_unlock(%s)", [scheduling.SCHEDULER_LOCK_KEY])
        other.close()

    run()
    assert BlogPage.objects.get(pk=post.pk).live
    assert log_count(post, PUBLISHED) == 1


@pytest.mark.django_db
def test_the_lock_is_released_after_a_run_even_when_it_fails(blog_index, monkeypatch):
    def boom(now=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(
        "editorial.management.commands.publish_scheduled.run_scheduled_publishing", boom
    )
    with pytest.raises(RuntimeError):
        run()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
        assert cursor.fetchone()[0] == 0


def slow_publishing(monkeypatch, seconds=0.5):
    """Make each publish slow, so two runs that start together overlap in it."""
    original = Revision.publish

    def publish(self, *args, **kwargs):
        time.sleep(seconds)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Revision, "publish", publish)


def run_concurrently(count=2):
    """`count` runs of publish_scheduled, started together; their outputs."""
    barrier = threading.Barrier(count)

    def worker():
        try:
            barrier.wait(timeout=10)
            return run()
        finally:
            connection.close()  # each thread has its own connection

    return run_in_threads([worker] * count, timeout=60)


@transactional
def test_two_runs_started_together_publish_once(blog_index, monkeypatch):
    post, revision = scheduled_post(blog_index)
    slow_publishing(monkeypatch)

    outputs = run_concurrently()

    assert log_count(post, PUBLISHED) == 1
    post = BlogPage.objects.get(pk=post.pk)
    assert post.live and post.live_revision_id == revision.pk
    # The second run found the lock taken and stood aside.
    assert sum("holds the scheduler lock" in output for output in outputs) == 1


@transactional
def test_without_the_advisory_lock_the_row_lock_still_publishes_once(blog_index, monkeypatch):
    """Belt and braces: each revision is re-read under a row lock before it is published."""
    post, revision = scheduled_post(blog_index)
    slow_publishing(monkeypatch)

    class NoLock:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return True

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr("editorial.management.commands.publish_scheduled.scheduler_lock", NoLock)

    run_concurrently()

    assert log_count(post, PUBLISHED) == 1
    assert BlogPage.objects.get(pk=post.pk).live_revision_id == revision.pk


# --- expiry, and saving after the schedule has passed ----------------------------------------


def rendered_value(html, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no {name} input in the editor"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def save_draft_in_admin(client, post):
    """Save the post from the Wagtail editor unchanged, schedule fields as the editor shows."""
    url = reverse("wagtailadmin_pages:edit", args=[post.pk])
    html = client.get(url).content.decode()
    author_link = post.blog_authors.get()
    data = nested_form_data(
        {
            "title": post.title,
            "slug": post.slug,
            "summary": post.summary,
            "body": streamfield([("intro", rich_text("<p>Still true today.</p>"))]),
            "blog_authors": inline_formset(
                [{"id": str(author_link.pk), "author": str(author_link.author_id)}],
                initial=1,
                min=1,
            ),
            "tags": "",
            "go_live_at": rendered_value(html, "go_live_at"),
            "expire_at": rendered_value(html, "expire_at"),
        }
    )
    return client.post(url, data)


def assert_saved_as_draft(response, post, revisions_before):
    content = response.content.decode() if response.status_code == 200 else ""
    assert response.status_code == 302, re.findall(r"error-message.*?</", content, re.S)[:5]
    assert post.revisions.count() == revisions_before + 1


@pytest.mark.django_db
def test_an_expired_post_is_unpublished_and_can_be_saved_again(blog_index, client):
    post = make_post(blog_index, title="Expiring", expire_at=timezone.now() + timedelta(days=1))
    past = minutes_ago(10)
    for revision in post.revisions.all():
        revision.content["expire_at"] = past.isoformat()
        revision.save(update_fields=["content"])
    BlogPage.objects.filter(pk=post.pk).update(expire_at=past)

    run()

    post = BlogPage.objects.get(pk=post.pk)
    assert not post.live and post.expired
    assert log_count(post, UNPUBLISHED) == 1

    client.force_login(WagtailTestUtils.create_superuser("sched-admin"))
    revisions_before = post.revisions.count()
    response = save_draft_in_admin(client, post)
    assert_saved_as_draft(response, post, revisions_before)
    # The passed expiry is dropped from the draft rather than refused by the form.
    assert BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object().expire_at is None


@pytest.mark.django_db
def test_a_post_published_on_schedule_can_be_saved_again(blog_index, client):
    post, _ = scheduled_post(blog_index)
    run()
    post = BlogPage.objects.get(pk=post.pk)
    assert post.live and post.go_live_at < timezone.now()

    client.force_login(WagtailTestUtils.create_superuser("sched-admin"))
    revisions_before = post.revisions.count()
    response = save_draft_in_admin(client, post)
    assert_saved_as_draft(response, post, revisions_before)
    # The draft does not carry the past go-live time into the next publish.
    assert BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object().go_live_at is None


# --- run_scheduler ----------------------------------------------------------------------------


@transactional  # run_scheduler closes connections between commands
def test_run_scheduler_once_runs_publish_scheduled(blog_index):
    post, _ = scheduled_post(blog_index)

    call_command("run_scheduler", "--once", stdout=io.StringIO())

    assert BlogPage.objects.get(pk=post.pk).live
    assert log_count(post, PUBLISHED) == 1


def test_run_scheduler_survives_a_failing_command(monkeypatch, caplog):
    calls = []

    def failing(name, **kwargs):
        calls.append(name)
        raise RuntimeError("database went away")

    monkeypatch.setattr(run_scheduler, "call_command", failing)
    monkeypatch.setattr(run_scheduler, "close_old_connections", lambda: None)
    with caplog.at_level(logging.ERROR):
        call_command("run_scheduler", "--once", stdout=io.StringIO())
    assert calls == list(run_scheduler.PERIODIC_COMMANDS)
    assert "database went away" in caplog.text


def test_run_scheduler_stops_on_sigterm_after_the_round(monkeypatch):
    rounds = []

    def one_round(self):
        rounds.append(time.monotonic())
        if len(rounds) == 2:
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(run_scheduler.Command, "run_round", one_round)
    before = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()

    call_command("run_scheduler", "--interval", "0.05", stdout=out)

    assert len(rounds) == 2
    assert "Scheduler stopped (SIGTERM)" in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.slow
@pytest.mark.django_db
def test_run_scheduler_process_exits_cleanly_on_sigterm():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": live_database_url(),  # the test database, migrations applied
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler", "--interval", "60"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()
        assert "Scheduler started" in first, first + process.stderr.read()
        time.sleep(1)  # let the first round run
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "Scheduler stopped (SIGTERM)" in out
    assert "Traceback" not in err


@pytest.mark.slow
def test_make_run_starts_the_scheduler_and_ctrl_c_stops_everything(tmp_path):
    """`make run` on SQLite: the scheduler starts beside runserver, and Ctrl-C (SIGINT to the
    terminal's process group) ends make, runserver and the scheduler, leaving nothing behind."""
    port = free_port()
    env = sqlite_dev_env(tmp_path, PYTHONUNBUFFERED="1")

    def as_from_a_terminal():
        # A terminal's foreground job receives SIGINT; pytest may have been started with it ignored.
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    log_path = tmp_path / "make-run.log"
    with open(log_path, "w") as log:
        make = subprocess.Popen(
            # -o: never reinstall requirements from here; PY: this interpreter and its packages.
            [
                "make",
                "-o",
                ".venv/.runtime-installed",
                "run",
                f"PORT={port}",
                f"PY={sys.executable}",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=as_from_a_terminal,
        )
    group = make.pid

    def alive_in_group():
        ps = subprocess.run(
            ["ps", "-o", "pid=,stat=,args=", "-g", str(group)], capture_output=True, text=True
        )
        return [line for line in ps.stdout.splitlines() if line.split()[1][0] != "Z"]

    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and make.poll() is None:
            output = log_path.read_text()
            if "Scheduler started" in output and "Quit the server" in output:
                break
            time.sleep(0.5)
        output = log_path.read_text()
        assert "Scheduler started" in output and "Quit the server" in output, output[-3000:]
        running = "\n".join(alive_in_group())
        assert "run_scheduler" in running and "runserver" in running, running

        os.killpg(group, signal.SIGINT)
        make.wait(timeout=30)
        time.sleep(0.5)
        assert alive_in_group() == []
        assert "Scheduler stopped (SIGINT)" in log_path.read_text()
    finally:
        if make.poll() is None or alive_in_group():
            os.killpg(group, signal.SIGKILL)
            make.wait()
