"""Fifty readers post at once: every comment is stored exactly once, each
thread's order stays consistent, and nothing is public before a moderator approves it.

Real HTTP against pytest-django's live server (a threaded WSGI server, one database connection
per request) on PostgreSQL, so the posts really race: replies to the same thread serialise on
the thread root's row lock taken in comments/posting.py.

The per-IP rate limit (comments/ratelimit.py: 5 posts per 10 minutes) would answer 429 to
all but five of these posts, since they all come from 127.0.0.1. The test raises the limit for
its duration: rate limiting is tested on its own, this test is about storage under concurrency.
"""

import functools
import threading
from collections import defaultdict

import pytest
import requests
from django.core.cache import cache
from django_comments_xtd.models import XtdComment

from comments import ratelimit
from comments.models import CommentModeration
from tests.factories import hidden_fields, make_comment, make_post
from tests.processes import run_in_threads

# Transactional, so the live server's threads see the data; serialized_rollback restores the
# migrations' rows (role groups, the workflow) that the factories need.
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TOP_LEVEL, REPLIES_TO_TOP, REPLIES_TO_REPLY = 20, 15, 15
TOTAL = TOP_LEVEL + REPLIES_TO_TOP + REPLIES_TO_REPLY  # 50


def post_comment(base_url, article_path, number, reply_to, barrier):
    """One reader: load the article (the shared form, no cookie), wait for the others, post."""
    with requests.Session() as session:
        page = session.get(base_url + article_path, timeout=30)
        page.raise_for_status()
        fields = hidden_fields(page.text)
        assert "csrfmiddlewaretoken" not in fields and "security_hash" in fields
        assert not session.cookies
        fields.update(
            {
                "name": f"Reader {number}",
                "email": f"reader{number}@example.org",
                "comment": f"Concurrent comment {number:02d}.",
                "reply_to": str(reply_to or 0),
            }
        )
        barrier.wait(timeout=60)
        return session.post(
            base_url + "/comments/post/", data=fields, allow_redirects=False, timeout=60
        )


def preorder(comments):
    """The thread's comments depth first, children in `order`: the order readers see."""
    children = defaultdict(list)
    root = None
    for comment in comments:
        if comment.parent_id == comment.pk:
            root = comment
        else:
            children[comment.parent_id].append(comment)
    result = []

    def visit(comment):
        result.append(comment)
        for child in sorted(children[comment.pk], key=lambda c: c.order):
            visit(child)

    visit(root)
    return result


@pytest.mark.slow
@transactional
def test_fifty_concurrent_posts_are_each_stored_once_in_a_consistent_order(
    blog_index, live_server, monkeypatch
):
    monkeypatch.setattr(ratelimit, "POST_LIMIT", (1000, 600))
    cache.clear()
    article = make_post(blog_index, title="Peer support")
    top = make_comment(article, "An approved comment.")
    reply = make_comment(article, "An approved reply.", parent=top)
    targets = [None] * TOP_LEVEL + [top.pk] * REPLIES_TO_TOP + [reply.pk] * REPLIES_TO_REPLY

    # Resolved here: Page.url may query the database, and the readers' threads must not open
    # connections of their own (they would outlive the test and block the database teardown).
    article_path = article.url
    barrier = threading.Barrier(TOTAL)
    readers = [
        functools.partial(post_comment, live_server.url, article_path, number, reply_to, barrier)
        for number, reply_to in enumerate(targets)
    ]
    responses = dict(enumerate(run_in_threads(readers, timeout=120, on_error=barrier.abort)))
    statuses = {number: response.status_code for number, response in responses.items()}
    assert set(statuses.values()) == {302}, statuses
    assert all("/comments/posted/" in r.headers["Location"] for r in responses.values())

    # Each comment stored exactly once, held for moderation, with its moderation record.
    new = XtdComment.objects.exclude(pk__in=[top.pk, reply.pk])
    assert new.count() == TOTAL
    texts = sorted(new.values_list("comment", flat=True))
    assert texts == [f"Concurrent comment {number:02d}." for number in range(TOTAL)]
    assert not new.filter(is_public=True).exists()
    assert CommentModeration.objects.filter(comment__in=new).count() == TOTAL
    assert not XtdComment.objects.filter(thread_id=0).exists()

    # Where each one landed.
    by_text = {c.comment: c for c in new}
    for number, reply_to in enumerate(targets):
        comment = by_text[f"Concurrent comment {number:02d}."]
        if reply_to is None:
            assert (comment.parent_id, comment.thread_id, comment.level, comment.order) == (
                comment.pk,
                comment.pk,
                0,
                1,
            )
        else:
            assert comment.parent_id == reply_to
            assert comment.thread_id == top.pk

    # Every thread: orders 1..n with no gaps or duplicates, parents and levels consistent,
    # `order` is the depth-first reading order, and nested_count counts all replies below.
    all_comments = list(XtdComment.objects.all())
    by_pk = {c.pk: c for c in all_comments}
    threads_by_id = defaultdict(list)
    for comment in all_comments:
        threads_by_id[comment.thread_id].append(comment)
    assert len(threads_by_id) == TOP_LEVEL + 1
    for thread_id, comments in threads_by_id.items():
        orders = sorted(c.order for c in comments)
        assert orders == list(range(1, len(comments) + 1)), (thread_id, orders)
        for comment in comments:
            if comment.parent_id == comment.pk:
                assert comment.level == 0 and comment.pk == thread_id
            else:
                parent = by_pk[comment.parent_id]
                assert parent.thread_id == thread_id
                assert comment.level == parent.level + 1
        reading = preorder(comments)
        assert [c.order for c in reading] == list(range(1, len(comments) + 1))

    def descendants(comment):
        kids = [c for c in all_comments if c.parent_id == comment.pk and c.pk != comment.pk]
        return len(kids) + sum(descendants(kid) for kid in kids)

    for comment in threads_by_id[top.pk]:
        assert comment.nested_count == descendants(comment), comment.pk
    assert by_pk[top.pk].nested_count == 1 + REPLIES_TO_TOP + REPLIES_TO_REPLY

    # Readers see only the two approved comments.
    html = requests.get(live_server.url + article_path, timeout=30).text
    assert "Concurrent comment" not in html
    assert "An approved comment." in html and "An approved reply." in html
