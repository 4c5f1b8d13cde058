"""A reader always gets their answer: email goes out after the commit, from background tasks
that retry and record failures; retried and replayed posts make one comment; names cannot pose
as the team; oversized posts are refused without echo; the moderation list exports."""

import csv
import io
import logging
import re
import socket
import threading

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment
from django_tasks_db.models import DBTaskResult

from comments.models import CommentModeration
from comments.tasks import MAX_ATTEMPTS
from tests.factories import comment_form_data as form_data
from tests.factories import make_post, user_in_group

POST_URL = "/comments/post/"
CRISIS = "I want to end my life tonight"
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


@pytest.fixture
def refusing_smtp(settings):
    """An SMTP 'server' that accepts each connection and closes it at once."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.getsockname()
    settings.EMAIL_TIMEOUT = 2
    yield server.getsockname()
    stop.set()
    thread.join()
    server.close()


def posted_page(client, response):
    assert response.status_code == 302, response.content[:300]
    return client.get(response["Location"]).content.decode()


def run_worker():
    """The real worker, in this process: every task that is due, then exit."""
    worker = ["db_worker", "--backend", "background", "--batch", "--no-startup-delay"]
    call_command(*worker, stdout=io.StringIO())


# Mail failures -------------------------------------------------------------------------------


@pytest.mark.usefixtures("emails_at_commit")
def test_a_refusing_mail_server_still_answers_with_the_help_lines(
    client, post, moderator, refusing_smtp, caplog
):
    caplog.set_level(logging.WARNING, logger="comments.tasks")
    response = client.post(POST_URL, form_data(client, post.url, comment=CRISIS))

    html = posted_page(client, response)
    assert "tel:988" in html and "awaiting moderation" in html
    comment = XtdComment.norel_objects.get()
    assert comment.comment == CRISIS and not comment.is_public
    assert comment.moderation.urgent
    assert mail.outbox == []

    # Two messages (the urgent alert, the reader's confirmation), each tried MAX_ATTEMPTS times.
    retries = [r for r in caplog.records if "retrying" in r.getMessage()]
    given_up = [r for r in caplog.records if "giving up" in r.getMessage()]
    assert len(retries) == 2 * (MAX_ATTEMPTS - 1)
    assert len(given_up) == 2 and all(r.levelno == logging.ERROR for r in given_up)
    assert any("urgent_alert_message" in r.getMessage() for r in given_up)
    assert CommentModeration.objects.get().alert_failed_at is not None


@pytest.fixture
def undelivered(client, post, moderator, refusing_smtp, emails_at_commit):
    """An urgent comment whose alert could not be emailed, and its moderator signed in."""
    client.post(POST_URL, form_data(client, post.url, comment=CRISIS))
    client.force_login(moderator)
    return XtdComment.norel_objects.get()


def warning_shown(client):
    return 'id="undelivered-urgent-alerts"' in client.get("/admin/").content.decode()


def test_the_undelivered_alert_stays_on_the_dashboard_until_the_comment_is_opened(
    client, undelivered, moderator
):
    comment = undelivered
    dashboard = client.get("/admin/").content.decode()
    assert 'id="undelivered-urgent-alerts"' in dashboard
    assert "1 urgent comment could not be emailed" in dashboard
    assert f"/admin/comments/{comment.pk}/reply/" in dashboard

    assert client.get(f"/admin/comments/{comment.pk}/reply/").status_code == 200
    moderation = CommentModeration.objects.get()
    assert moderation.alert_opened_by == moderator and moderation.alert_opened_at
    assert not warning_shown(client)


def test_approving_an_urgent_comment_also_clears_the_warning(client, undelivered):
    assert warning_shown(client)
    client.post(f"/admin/comments/{undelivered.pk}/approve/")
    assert CommentModeration.objects.get().alert_opened_at is not None
    assert not warning_shown(client)


@pytest.mark.usefixtures("emails_at_commit")
def test_with_no_moderator_to_write_to_the_alert_counts_as_undelivered(client, post, db):
    client.post(POST_URL, form_data(client, post.url, comment=CRISIS))
    assert CommentModeration.objects.get().alert_failed_at is not None


@pytest.mark.usefixtures("emails_at_commit")
def test_others_do_not_see_the_warning(client, post, refusing_smtp, moderator):
    client.post(POST_URL, form_data(client, post.url, comment=CRISIS))
    for group in ("Writers", "Clinical reviewers"):
        client.force_login(user_in_group(f"someone-{group}", group))
        assert not warning_shown(client)


def test_a_delivered_alert_leaves_no_warning(client, post, moderator):
    # No emails_at_commit fixture: emails wait for the commit, which this test's transaction
    # never reaches, until the callbacks are run by hand.
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        client.post(POST_URL, form_data(client, post.url, comment=CRISIS))
    assert mail.outbox == []  # nothing is sent before the commit
    assert callbacks
    for callback in callbacks:
        callback()
    assert {m.subject for m in mail.outbox} == {
        "URGENT: a comment may need immediate care",
        "Please confirm your comment",
    }
    assert CommentModeration.objects.get().alert_failed_at is None


def test_a_rolled_back_comment_sends_nothing(post):
    from django.db import transaction

    from comments.tasks import queue_email

    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email("comments.notifications.confirmation_message", comment_id=1)
        raise RuntimeError
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_sends_queued_email(client, settings, site_tree):
    settings.TASKS = {**settings.TASKS, "background": {"BACKEND": DATABASE_BACKEND}}
    post = make_post(site_tree[1], title="Worker test")
    response = client.post(POST_URL, form_data(client, post.url))
    assert response.status_code == 302
    assert mail.outbox == []  # queued, not sent by the request
    # Wagtail's own tasks still run at once; the post's related ranking is queued too.
    task = DBTaskResult.objects.get(task_path="comments.tasks.send_email")
    assert task.status == "READY"

    run_worker()

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert [m.subject for m in mail.outbox] == ["Please confirm your comment"]
    assert mail.outbox[0].to == ["sam@example.org"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_defers_retries(client, settings, site_tree, refusing_smtp):
    settings.TASKS = {**settings.TASKS, "background": {"BACKEND": DATABASE_BACKEND}}
    post = make_post(site_tree[1], title="Worker retry test")
    client.post(POST_URL, form_data(client, post.url))

    run_worker()

    emails = DBTaskResult.objects.filter(task_path="comments.tasks.send_email")
    first, retry = emails.order_by("enqueued_at")
    assert first.status == "SUCCESSFUL" and first.return_value == "retrying"
    assert retry.status == "READY" and retry.run_after is not None
    builder, params, on_failure, attempt, delivery = retry.args_kwargs["args"]
    assert attempt == 2  # the second attempt, waiting for its time
    # The message's delivery id goes with it: whichever attempt sends it, it goes once.
    assert delivery == first.args_kwargs["args"][4]


# Retries and replays ---------------------------------------------------------------------------


def test_the_same_form_sent_twice_makes_one_comment(client, post):
    data = form_data(client, post.url)
    first = client.post(POST_URL, data)
    second = client.post(POST_URL, data)
    assert first.status_code == second.status_code == 302
    # The same comment's page; each signature has its own timestamp (":<time>:<signature>").
    assert first["Location"].rsplit(":", 2)[0] == second["Location"].rsplit(":", 2)[0]
    assert XtdComment.norel_objects.count() == 1


def test_a_retry_with_a_new_form_within_ten_minutes_makes_one_comment(client, post):
    for _ in range(3):
        assert client.post(POST_URL, form_data(client, post.url)).status_code == 302
    assert XtdComment.norel_objects.count() == 1


def test_the_same_text_from_someone_else_is_a_new_comment(client, post):
    client.post(POST_URL, form_data(client, post.url))
    client.post(POST_URL, form_data(client, post.url, email="other@example.org"))
    assert XtdComment.norel_objects.count() == 2


def test_the_same_text_after_ten_minutes_is_a_new_comment(client, post):
    from datetime import timedelta

    client.post(POST_URL, form_data(client, post.url))
    XtdComment.norel_objects.update(
        submit_date=XtdComment.norel_objects.get().submit_date - timedelta(minutes=11)
    )
    client.post(POST_URL, form_data(client, post.url))
    assert XtdComment.norel_objects.count() == 2


@pytest.fixture
def member(client, django_user_model):
    """A signed-in reader: their pages are never cached, so their form is their own, nonce and
    all (an anonymous reader's shared form: tests/comments/test_shared_form.py)."""
    client.force_login(django_user_model.objects.create_user("member", password="pw"))
    return client


def test_a_replayed_form_cannot_post_other_text(member, post):
    client = member
    data = form_data(client, post.url)
    client.post(POST_URL, data)
    response = client.post(POST_URL, {**data, "comment": "Buy cheap pills now"})
    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    assert XtdComment.norel_objects.count() == 1


def test_a_form_without_its_nonce_is_refused(member, post):
    client = member
    data = form_data(client, post.url)
    del data["nonce"]
    assert client.post(POST_URL, data).status_code == 400
    data = form_data(client, post.url)
    data["nonce"] = "another-nonce"  # not the one the hash was made with
    assert client.post(POST_URL, data).status_code == 400
    assert XtdComment.norel_objects.count() == 0


def test_each_rendered_form_has_its_own_nonce(member, post):
    client = member
    assert form_data(client, post.url)["nonce"] != form_data(client, post.url)["nonce"]


# Names ------------------------------------------------------------------------------------------


def test_invisible_and_bidi_characters_are_removed_from_names(client, post):
    name = "\u202eSam\u200b \u200dR\u2066ose\u2069\u0007"
    client.post(POST_URL, form_data(client, post.url, name=name))
    assert XtdComment.norel_objects.get().user_name == "Sam Rose"


def test_names_are_nfkc_normalised(client, post):
    client.post(POST_URL, form_data(client, post.url, name="Ｓａｍ"))  # fullwidth letters
    assert XtdComment.norel_objects.get().user_name == "Sam"


def test_a_name_of_only_invisible_characters_is_a_form_error(client, post):
    response = client.post(POST_URL, form_data(client, post.url, name="\u200b\u200b"))
    assert response.status_code == 200
    assert "Please enter a name" in response.content.decode()
    assert not XtdComment.norel_objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "Kinship team",
        "KINSHIP TEAM",
        "Kinship-Team",
        "K i n s h i p team",
        "\u041ainship team",
        "Kinship",
        "Kinship staff",
        "Team Kinship",
        "Moderator",
        "Kinship\u200b team",
    ],
)
def test_the_team_name_is_reserved_for_staff(client, post, name):
    response = client.post(POST_URL, form_data(client, post.url, name=name))
    assert response.status_code == 200
    assert "kept for our team" in response.content.decode()
    assert not XtdComment.norel_objects.exists()


def test_a_signed_in_moderator_may_use_the_team_name(client, post, moderator):
    client.force_login(moderator)
    response = client.post(POST_URL, form_data(client, post.url, name="Kinship team"))
    assert response.status_code == 302
    assert XtdComment.norel_objects.get().user_name == "Kinship team"


def test_ordinary_names_mentioning_the_team_are_fine(client, post):
    response = client.post(POST_URL, form_data(client, post.url, name="Sam from the team"))
    assert response.status_code == 302


# Oversized posts ------------------------------------------------------------------------------


def test_a_huge_comment_is_refused_without_echo(client, post):
    body = "<b>" + "x" * 1_000_000
    response = client.post(POST_URL, form_data(client, post.url, comment=body))
    assert response.status_code == 400
    assert len(response.content) < 10_000
    html = response.content.decode()
    assert "x" * 100 not in html and "1,000,003 characters" in html and "3,000" in html
    assert not XtdComment.norel_objects.exists()


def test_a_huge_name_is_refused_without_echo(client, post):
    response = client.post(POST_URL, form_data(client, post.url, name="N" * 5000))
    assert response.status_code == 400
    assert "N" * 100 not in response.content.decode()


# Export -----------------------------------------------------------------------------------------


def exported_rows(client, status="all", fmt="csv"):
    response = client.get(f"/admin/comments/?status={status}&export={fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell if cell is not None else "" for cell in row] for row in sheet.values]


HEADINGS = ["Date", "Post", "Author name", "Excerpt", "Status", "Hold reasons", "Urgent"]


@pytest.mark.usefixtures("emails_at_commit")
def test_the_moderation_list_exports_its_columns(client, post, moderator):
    client.post(POST_URL, form_data(client, post.url, name="Ivy", comment=CRISIS))
    client.post(POST_URL, form_data(client, post.url, name="=HYPERLINK(1)", comment="Hi there"))
    client.force_login(moderator)

    rows = exported_rows(client)
    assert rows[0] == HEADINGS
    body = {row[2]: row for row in rows[1:]}
    assert set(body) == {"Ivy", "'=HYPERLINK(1)"}  # a name cannot run as a formula
    ivy = body["Ivy"]
    assert ivy[1] == "Peer support" and ivy[3] == CRISIS and ivy[6] == "Yes"
    assert ivy[4].startswith("Pending") and "Crisis language" in ivy[5]
    assert re.match(r"\d{4}-\d{2}-\d{2}", ivy[0])
    assert all(line for line in rows)

    sheet = exported_rows(client, fmt="xlsx")
    assert sheet[0] == HEADINGS and len(sheet) == 3


def test_the_export_runs_in_constant_queries(
    client, post, moderator, django_assert_max_num_queries
):
    client.force_login(moderator)
    reader = Client()

    def add(count):
        for i in range(count):
            data = form_data(reader, post.url, email=f"r{i}-{count}@example.org", comment=f"c{i}")
            reader.post(POST_URL, data, REMOTE_ADDR=f"10.1.{count}.{i}")

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert len(exported_rows(client)) == 3
    baseline = len(few.captured_queries)  # read before the next request resets the log
    add(4)
    with django_assert_max_num_queries(baseline):
        assert len(exported_rows(client)) == 7


def test_only_moderators_can_export(client, post):
    for group in ("Writers", "Clinical reviewers"):
        client.force_login(user_in_group(f"x-{group}", group))
        response = client.get("/admin/comments/?export=csv")
        assert response.status_code == 302 and "text/csv" not in response.get("Content-Type", "")
