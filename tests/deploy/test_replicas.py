"""Three web replicas (`docker compose up --scale web=3`), each a gunicorn of its own with no
shared disk, on one database and one Redis: a publish, a comment and a rate limit behave as they
do with one. Each request below goes to the next replica in turn, as a load balancer sends them."""

import itertools
import os

import pytest
import requests
from django.contrib.auth import get_user_model
from django_comments_xtd.models import XtdComment

from cms.settings.base import redis_cache
from comments import moderation_actions
from pagecache.memo import memo
from tests.factories import make_post, publish_approved
from tests.factories.comments import COMMENT_POST_URL, hidden_fields
from tests.processes import Gunicorn, redis_for_tests

REDIS_URL = os.environ.get("KINSHIP_TEST_REPLICAS_REDIS_URL", "redis://127.0.0.1:6379/14")
REPLICAS = 3


@pytest.fixture
def shared_cache(settings):
    """One Redis for the replicas and for this test's process (the editor's and moderator's
    side)."""
    client = redis_for_tests(REDIS_URL)
    settings.CACHES = {"default": redis_cache(REDIS_URL)}
    memo.reset()
    yield client
    memo.reset()
    client.flushdb()
    client.close()


@pytest.fixture
def replicas(shared_cache, tmp_path):
    servers = [
        Gunicorn(
            tmp_path,
            f"replica{n}",
            REDIS_URL,
            workers=1,
            KINSHIP_TEST_PAGE_CACHE="1",
            MEDIA_ROOT=str(tmp_path / f"media{n}"),
        )
        for n in range(REPLICAS)
    ]
    try:
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


def comment_form(base, path):
    session = requests.Session()
    response = session.get(base + path, timeout=20)
    assert response.status_code == 200
    fields = hidden_fields(response.text)
    fields.pop("csrfmiddlewaretoken", None)
    return session, fields


def post_comment(form_from, post_to, path, number, text):
    """A reader reads the article on one replica and their post lands on another."""
    session, fields = comment_form(form_from.base, path)
    data = {
        **fields,
        "honeypot": "",
        "name": f"Reader {number}",
        "email": f"reader{number}@example.org",
        "comment": text,
    }
    with session:
        response = session.post(
            post_to.base + COMMENT_POST_URL, data=data, allow_redirects=False, timeout=30
        )
    return response.status_code


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_replicas_behave_as_one(blog_index, replicas):
    article = make_post(blog_index, title="Peer support at night", summary="Groups that meet late.")
    path = article.url
    turn = itertools.cycle(replicas)

    # Each replica has served (and stored) the article.
    for _ in range(REPLICAS * 2):
        response = requests.get(next(turn).base + path, timeout=20)
        assert "Peer support at night" in response.text

    # 1. A publish made by one process is what every replica serves on the next request.
    article.title = "Peer support after dark"
    publish_approved(article)
    for server in replicas:
        response = requests.get(server.base + path, timeout=20)
        assert response.status_code == 200
        assert "<title>Peer support after dark ·" in response.text
        assert "Peer support at night ·" not in response.text

    # 2. A comment read on one replica and posted to another is stored once, held for
    # moderation everywhere, and public everywhere once approved.
    text = "Meeting people who understood changed everything for me."
    assert post_comment(replicas[0], replicas[1], path, 0, text) == 302
    stored = XtdComment.norel_objects.get()
    assert (stored.comment, stored.is_public) == (text, False)
    for server in replicas:
        assert text not in requests.get(server.base + path, timeout=20).text
    moderator = get_user_model().objects.create_superuser("mod", "mod@example.org", "pw")
    moderation_actions.approve(stored, moderator)
    for server in replicas:
        assert text in requests.get(server.base + path, timeout=20).text

    # 3. The rate limit counts one reader's posts on every replica together: the reader's
    # address has one more comment in its window (5 per 10 minutes), then is refused, on
    # whichever replica the next post lands.
    statuses = [
        post_comment(next(turn), next(turn), path, n, f"Thank you, comment {n}.")
        for n in range(1, 6)
    ]
    assert statuses == [302] * 4 + [429], statuses
    assert XtdComment.norel_objects.count() == 5
    for server in replicas:
        assert post_comment(server, server, path, 9, "One more from me.") == 429
    assert XtdComment.norel_objects.count() == 5
