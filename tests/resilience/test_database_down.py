"""PostgreSQL away (connection refused): readers get a clear 503 with the crisis help lines,
rendered without the database, never a 500; a comment post gets its words back, to send again.

The outage is real: the test's database connection is pointed at a port nothing listens on,
so every query the request makes fails in psycopg as it would while PostgreSQL restarts.
"""

import re
from contextlib import contextmanager

import pytest
from django.db import InterfaceError, connections
from django.test import RequestFactory
from django_comments_xtd.models import XtdComment

from cms.unavailable import DatabaseUnavailableMiddleware
from tests.factories import comment_form_data, make_post, make_site
from tests.processes import free_port

POST_URL = "/comments/post/"
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@contextmanager
def database_away():
    """Every new connection is refused until the block ends."""
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def article():
    _home, blog_index = make_site()
    return make_post(blog_index, title="Peer support in hard times")


def fields(html):
    """{name: value} of the inputs and the textarea of the 503 page's form."""
    found = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    found.update(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', html))
    return found


def assert_unavailable(response):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response  # no session was touched
    page = response.content.decode()
    # The crisis help lines, as Kinship ships them (the editors' copy is in the database).
    assert "988 Suicide &amp; Crisis Lifeline" in page and 'href="tel:988"' in page
    assert 'href="tel:18006624357"' in page
    assert "In an emergency, call 911." in page
    return page


def test_readers_get_a_clear_503_with_the_help_lines(client, article):
    assert client.get(article.url).status_code == 200
    with database_away():
        for url in ("/", "/blog/", article.url, "/search/?q=peer"):
            page = assert_unavailable(client.get(url))
            assert "We’ll be back in a moment" in page, url
    # The database is back: the site is too, on the same connection object.
    assert client.get(article.url).status_code == 200


def test_a_comment_posted_while_the_database_is_away_comes_back_to_send_again(client, article):
    data = comment_form_data(client, article.url, comment="Thank you <3 for writing this.")
    with database_away():
        response = client.post(POST_URL, data)
    page = assert_unavailable(response)
    assert "Your comment was not saved" in page
    returned = fields(page)
    assert returned["comment"] == "Thank you &lt;3 for writing this."
    for name in ("content_type", "object_pk", "timestamp", "security_hash", "name", "email"):
        assert returned[name] == data[name], name
    assert not XtdComment.norel_objects.exists()

    # "Send again" posts what came back: one comment, with the reader's words.
    resent = {name: value.replace("&lt;", "<") for name, value in returned.items()}
    response = client.post(POST_URL, resent)
    assert response.status_code == 302, response.content[:500]
    assert XtdComment.norel_objects.get().comment == "Thank you <3 for writing this."


def test_other_posts_are_told_they_were_not_saved(client, article):
    with database_away():
        response = client.post("/admin/login/", {"username": "editor", "password": "x"})
    page = assert_unavailable(response)
    assert "What you just sent was not saved" in page


def test_only_database_errors_become_a_503():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, ValueError("a bug")) is None
    dropped = middleware.process_exception(request, InterfaceError("connection already closed"))
    assert dropped.status_code == 503
