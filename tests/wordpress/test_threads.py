"""Comment threads: the bulk path for a new post numbers a thread exactly as xtd's own save
does, comment by comment (the path a re-import takes for a post imported before)."""

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django_comments_xtd.models import XtdComment

from tests.factories import make_post
from wordpress import threads
from wordpress.wxr import Comment, Item

pytestmark = pytest.mark.django_db

# (id, parent): two threads, replies interleaved with later top-level comments, a reply to a
# spam comment and a fifth level.
SHAPE = [
    (1, 0), (2, 1), (3, 0), (4, 1), (5, 2), (6, 5), (7, 3), (8, 2), (9, 6), (10, 0),
    (11, 99), (12, 4),
]  # fmt: skip
SPAM = [(99, 3)]


def comment(wp_id, parent, approved="1"):
    return Comment(
        id=wp_id,
        parent=parent,
        author=f"Reader {wp_id}",
        email=f"reader{wp_id}@example.org",
        date=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=wp_id),
        content=f"Comment number {wp_id}",
        approved=approved,
        type="comment",
    )


def item(comments):
    return Item(
        post_id=1, post_type="post", status="publish", title="T", link="", guid="", slug="t",
        creator="", content="", excerpt="", date=None, line=1, comments=comments,
    )  # fmt: skip


def fake_importer(site):
    importer = SimpleNamespace(
        run=SimpleNamespace(source_site=site),
        dry_run=False,
        skipped=Counter(),
        counts=defaultdict(Counter),
        messages=[],
    )
    importer._count = lambda kind, outcome, n=1: importer.counts[kind].update({outcome: n})
    importer.message = lambda *args, **kwargs: importer.messages.append(args)
    return importer


def shape_of(page):
    """Each comment as (its text, its parent's text, level, order, nested count), in order."""
    comments = list(
        XtdComment.norel_objects.filter(object_pk=str(page.pk)).order_by("thread_id", "order")
    )
    text = {c.pk: c.comment for c in comments}
    return [(c.comment, text[c.parent_id], c.level, c.order, c.nested_count) for c in comments]


def test_the_bulk_path_threads_comments_as_xtd_does(blog_index):
    comments = [comment(*pair) for pair in SHAPE] + [comment(99, 3, approved="spam")]
    bulk_page = make_post(blog_index, title="Bulk", publish=False)
    saved_page = make_post(blog_index, title="Saved", publish=False)

    bulk = fake_importer("https://bulk.example.org")
    threads.import_comments(bulk, item(comments), bulk_page.pk, new_post=True)
    one_by_one = fake_importer("https://saved.example.org")
    threads.import_comments(one_by_one, item(comments), saved_page.pk, new_post=False)

    assert shape_of(bulk_page) == shape_of(saved_page)
    assert bulk.counts["comments"]["created"] == len(SHAPE)
    assert bulk.skipped == one_by_one.skipped == Counter({"spam comments": 1})
    shape = {row[0]: row for row in shape_of(bulk_page)}
    # 6 answers 5, at the deepest level: it joins 5's parent's replies instead; so does 9.
    assert shape["Comment number 6"][1:3] == ("Comment number 2", 2)
    assert shape["Comment number 9"][1:3] == ("Comment number 2", 2)
    # 11 answered the spam comment: it moves up to the comment the spam answered.
    assert shape["Comment number 11"][1:3] == ("Comment number 3", 1)
    assert shape["Comment number 1"][4] == 7  # 2, 4, 5, 6, 8, 9, 12
    assert len(bulk.messages) == len(one_by_one.messages) == 3
