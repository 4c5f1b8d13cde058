"""A clear 503 while the database is away (restarting, failing over, out of connections),
instead of a storm of 500s.

A middleware rather than handler500: its process_exception sees the exception itself, so only
database errors (OperationalError, InterfaceError: connection refused or dropped, and the
other passing failures that share those classes, such as a statement timeout) become a 503,
while every other error stays a 500 that someone must fix. Views and lazily rendered templates
are where a reader's request meets the database; the middleware above them touch it only for
signed-in staff (sessions), whose errors fall through to 500.html, which also renders without
the database.

The page is rendered with no request in its context, so no context processor, session or
site setting is read: everything it shows comes from code and settings. The crisis help lines
are therefore not the editors' CrisisResources (which live in the database) but the ones Kinship
ships as their default (home.models.DEFAULT_CRISIS_RESOURCES), or
settings.KINSHIP_UNAVAILABLE_CRISIS_RESOURCES where a site outside the US lists its own, in the
same shape. Pages the page cache holds (pagecache/) are still served from the cache meanwhile.

A comment post that meets the outage is not lost silently: the 503 says it was not saved and
gives the reader's words back in a form that sends them again as they were.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from home.models import DEFAULT_CRISIS_RESOURCES

logger = logging.getLogger(__name__)

# A database restart or failover usually takes seconds; readers and crawlers retry after this.
RETRY_AFTER_SECONDS = 30

# The comment form's fields (comments/forms.py) sent back as they came, so that "Send again"
# is the same post: the same nonce, and so never a second comment if the first was saved.
# The honeypot is left out (a person's is empty); name, email and comment are shown to edit.
COMMENT_HIDDEN_FIELDS = (
    "content_type",
    "object_pk",
    "timestamp",
    "security_hash",
    "nonce",
    "reply_to",
    "followup",
    "csrfmiddlewaretoken",
)
COMMENT_URL_NAME = "comments-post-comment"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning(
            "Database unavailable, answered 503: %s: %s", type(exception).__name__, exception
        )
        return unavailable_response(request)


def crisis_resources():
    """[{name, description, phone, sms, url}, ...] without the database."""
    resources = getattr(settings, "KINSHIP_UNAVAILABLE_CRISIS_RESOURCES", None)
    if resources is None:
        resources = [value for _block_type, value in DEFAULT_CRISIS_RESOURCES]
    return [
        {**resource, "tel": str(resource.get("phone", "")).replace("-", "").replace(" ", "")}
        for resource in resources
    ]


def returned_comment(request):
    """The comment form's fields from a comment post, to give back; None for any other
    request, or a post too large to echo (the comment view refuses those without echo too)."""
    match = getattr(request, "resolver_match", None)
    if request.method != "POST" or match is None or match.url_name != COMMENT_URL_NAME:
        return None
    data = request.POST
    limits = {"comment": 2 * settings.COMMENT_MAX_LENGTH, "name": 200, "email": 320}
    if any(len(data.get(field, "")) > limit for field, limit in limits.items()):
        return None
    return {
        "action": request.path,
        "hidden": [(name, data[name]) for name in COMMENT_HIDDEN_FIELDS if data.get(name)],
        "name": data.get("name", ""),
        "email": data.get("email", ""),
        "comment": data.get("comment", ""),
    }


def unavailable_response(request):
    context = {
        "resources": crisis_resources(),
        "posted": request.method == "POST",
        "comment": returned_comment(request),
        "retry_after": RETRY_AFTER_SECONDS,
    }
    # No request passed: no context processors, so nothing here can reach the database.
    body = loader.get_template("503.html").render(context)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Never kept by the page cache, a proxy or a browser: the outage is over in seconds.
    response["Cache-Control"] = "no-store"
    return response
