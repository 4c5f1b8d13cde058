"""The machine's floor for `make bench-pages`: a WSGI app that answers every request with the
same 20 KB page, computed once at import.

Served by the same gunicorn as Kinship (2 sync workers), it measures what the server, the
sockets and wrk cost with no application work at all, so each Kinship page is reported as a
fraction of it, measured in the same run on the same machine. 20 KB is about what a Kinship page
weighs, so both move a similar number of bytes per request.
"""

SIZE = 20 * 1024


def page(size):
    """A valid HTML document of exactly `size` bytes."""
    head = b"<!doctype html>\n<html><head><title>Floor</title></head><body><p>"
    tail = b"</p></body></html>\n"
    return head + b"x" * (size - len(head) - len(tail)) + tail


BODY = page(SIZE)
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
]


def application(environ, start_response):
    start_response("200 OK", list(HEADERS))
    return [BODY]
