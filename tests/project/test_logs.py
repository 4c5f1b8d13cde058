"""Production logs: one JSON object per line, each with its request's id, and no commenter's
email address or IP address in any of them."""

import json
import logging

import pytest

from cms.logs import JsonFormatter, RequestIdFilter, scrub
from tests.processes import run_isolated


def record(message, *args, **extra):
    entry = logging.LogRecord("kinship.test", logging.WARNING, __file__, 1, message, args, None)
    entry.__dict__.update(extra)
    RequestIdFilter().filter(entry)
    return entry


def test_every_response_gets_a_request_id(client, db):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_the_proxys_request_id_is_kept_and_a_forged_one_is_not(client, db):
    kept = client.get("/healthz", headers={"X-Request-ID": "proxy-1234abcd"})
    assert kept["X-Request-ID"] == "proxy-1234abcd"
    forged = client.get("/healthz", headers={"X-Request-ID": 'x"\n{"level":"CRITICAL"}'})
    assert forged["X-Request-ID"] != 'x"\n{"level":"CRITICAL"}'
    assert len(forged["X-Request-ID"]) == 32


def test_json_line_has_the_fields_and_the_request_id():
    class Request:
        request_id = "abcdef123456"

    line = JsonFormatter().format(record("Comment %s held", 42, request=Request()))
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["message"] == "Comment 42 held"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "kinship.test"
    assert entry["request_id"] == "abcdef123456"
    assert entry["time"].endswith("+00:00")


def test_exceptions_stay_on_one_line():
    try:
        raise ValueError("from jo@example.org")
    except ValueError:
        import sys

        entry = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = JsonFormatter().format(entry)
    assert "\n" not in line
    parsed = json.loads(line)
    assert "ValueError" in parsed["exception"]
    assert "jo@example.org" not in line


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Sent to jo.doe+tag@example.org", "jo.doe+tag@example.org"),
        ("Rate limit for 203.0.113.9 reached", "203.0.113.9"),
        ("From 2001:db8::1 and ::ffff:10.0.0.1", "2001:db8::1"),
        ("Reply from fe80::1ff:fe23:4567:890a", "fe80::1ff:fe23:4567:890a"),
    ],
)
def test_emails_and_addresses_are_blanked(text, gone):
    assert gone not in scrub(text)
    assert gone not in JsonFormatter().format(record(text))


def test_times_and_digests_are_not_mistaken_for_addresses():
    text = "Round at 12:30:01 took 0.25 s; digest deadbeef:cafe; version 1.2.3"
    assert scrub(text) == text


LOG_A_COMMENT = """
import django, logging
django.setup()
from django.test import Client
logging.getLogger("comments").warning(
    "Comment by %s from %s: %s", "reader@example.org", "198.51.100.7", "held"
)
Client().get("/healthz", HTTP_X_REQUEST_ID="drill-000000001")
logging.getLogger("django.request").warning("Done", extra={"request": None})
"""


@pytest.mark.django_db
def test_production_logs_are_json_lines():
    from tests.processes import live_database_url

    result = run_isolated(
        ["-c", LOG_A_COMMENT],
        "cms.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="testserver",
        KINSHIP_SINGLE_PROCESS="1",
        DATABASE_URL=live_database_url(),
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert any(e["message"] == "Comment by [email] from [ip]: held" for e in entries)
    assert "reader@example.org" not in result.stderr
    assert "198.51.100.7" not in result.stderr
