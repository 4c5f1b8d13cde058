"""Logs that production can ship and search: one JSON object per line, each with the request id
of the request it belongs to, and nothing that identifies a reader.

The request id comes from the proxy in front (X-Request-ID) when it looks like one, so a line in
the proxy's log and a line here can be matched; otherwise it is made here. It is sent back in the
response's X-Request-ID, so a reader reporting a problem can quote it.

Commenters' email addresses and IP addresses are blanked in every message, whatever logged
them; comment text is never logged by Kinship's own code (comments/ log ids, not words).
"""

import contextvars
import ipaddress
import json
import logging
import re
import uuid
from datetime import UTC, datetime

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_current = contextvars.ContextVar("kinship_request_id", default="-")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
# Candidates only: each is checked by ipaddress before it is blanked, so times (12:30:01) and
# hex digests are left alone.
_IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")


def current_request_id():
    return _current.get()


class RequestIdMiddleware:
    """Gives every request an id (request.request_id), for its log lines and its response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if _VALID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the request id on every record: the record's own request (Django's request and
    server loggers pass one), else the request being handled in this thread."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or _current.get()
        return True


def _blank_ipv6(match):
    text = match.group(0)
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return text
    return "[ip]"


def scrub(text):
    """The text with email addresses and IP addresses replaced."""
    text = _EMAIL.sub("[email]", text)
    text = _IPV4.sub("[ip]", text)
    return _IPV6.sub(_blank_ipv6, text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request_id, message (and exception)."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", _current.get()),
            "message": scrub(record.getMessage()),
        }
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The development format, scrubbed the same way."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record):
        record.request_id = getattr(record, "request_id", _current.get())
        return scrub(super().format(record))
