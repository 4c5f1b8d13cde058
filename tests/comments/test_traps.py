"""The known traps of django-comments-xtd 2.10.13, one test each.

Each test fails if Kinship's protection is taken away: the content-type check in
comments/posting.py, the disconnected pre_save receiver in comments/apps.py, the depth check
before saving, public-only counting (comments/tree.py), our own comment templates, the
pre_delete cascade in comments/signals.py, and the one-query comment tree.
"""

import hashlib
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment, publish_or_unpublish_on_pre_save
from wagtail.models import Page

from cms.articles import article_content_type
from comments.forms import ReaderCommentForm
from comments.models import CommentModeration
from comments.tree import comment_tree, public_count
from tests.comments.helpers import top_level_ids
from tests.factories import comment_form_data, make_comment
from tests.paths import PROJECT_ROOT

pytestmark = pytest.mark.django_db


# (a) Generic Page or other content types -------------------------------------------------------


@pytest.mark.parametrize("content_type", ["wagtailcore.page", "auth.user", "blog.blogindexpage"])
def test_comments_aimed_at_another_content_type_are_refused(client, post, content_type):
    # A genuine security hash for the generic Page (as a form rendered for `Page` would carry):
    # only the content-type check stands between this post and an unmoderated comment.
    generic = Page.objects.get(pk=post.pk)
    security = ReaderCommentForm(generic).generate_security_data()
    data = comment_form_data(client, post.url)
    data.update(security)
    data["content_type"] = content_type

    response = client.post("/comments/post/", data)

    assert response.status_code == 400
    assert not XtdComment.objects.exists()
    assert not CommentModeration.objects.exists()


def test_a_comment_for_the_specific_blog_page_is_accepted(client, post):
    """The control for the test above: the same form aimed at blog.blogpage goes through."""
    response = client.post("/comments/post/", comment_form_data(client, post.url))

    assert response.status_code == 302
    comment = XtdComment.objects.get()
    assert comment.content_type == article_content_type()
    assert not comment.is_public


# (b) Saving a parent does not republish a rejected reply -------------------------------------


def test_xtds_pre_save_receiver_is_disconnected():
    receivers = pre_save._live_receivers(XtdComment)
    receivers = [r for group in receivers for r in (group if isinstance(group, list) else [group])]
    assert publish_or_unpublish_on_pre_save not in receivers


def test_approving_a_parent_does_not_republish_a_rejected_reply(post):
    parent = make_comment(post, public=False)
    reply = make_comment(post, parent=parent, public=True)
    removed_reply = make_comment(post, parent=parent, public=True)
    # A moderator rejects one reply and removes another...
    XtdComment.objects.filter(pk=reply.pk).update(is_public=False)
    XtdComment.objects.filter(pk=removed_reply.pk).update(is_removed=True)

    # ...then approves the parent, the way the admin saves it.
    parent.is_public = True
    parent.save()

    reply.refresh_from_db()
    removed_reply.refresh_from_db()
    assert not reply.is_public
    assert removed_reply.is_removed
    assert [node.comment.pk for node in comment_tree(post)] == [parent.pk]
    assert comment_tree(post)[0].children == []


def test_unpublishing_a_parent_leaves_its_replies_own_state(post):
    parent = make_comment(post)
    reply = make_comment(post, parent=parent)

    parent.is_public = False
    parent.save()

    reply.refresh_from_db()
    assert reply.is_public  # its own moderation state; the tree hides it under a hidden parent
    assert comment_tree(post) == []


# (c) Too deep a reply -------------------------------------------------------------------------


def test_a_reply_deeper_than_the_maximum_is_refused_cleanly(client, post):
    top = make_comment(post)
    middle = make_comment(post, parent=top)
    deepest = make_comment(post, parent=middle)
    assert deepest.level == settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    before = set(XtdComment.objects.values_list("pk", flat=True))

    response = client.post(
        "/comments/post/", comment_form_data(client, post.url, reply_to=str(deepest.pk))
    )

    assert response.status_code == 400
    assert b"three levels" in response.content
    assert set(XtdComment.objects.values_list("pk", flat=True)) == before
    assert not XtdComment.objects.filter(thread_id=0).exists()
    assert CommentModeration.objects.count() == len(before)


def test_a_reply_at_the_deepest_allowed_level_is_accepted(client, post):
    top = make_comment(post)
    middle = make_comment(post, parent=top)

    response = client.post(
        "/comments/post/", comment_form_data(client, post.url, reply_to=str(middle.pk))
    )

    assert response.status_code == 302
    reply = XtdComment.objects.latest("pk")
    assert (reply.parent_id, reply.thread_id, reply.level) == (middle.pk, top.pk, 2)


# (d) Counts count public comments only ---------------------------------------------------------


def test_counts_include_only_public_comments(client, post):
    shown = make_comment(post)
    make_comment(post, parent=shown)
    make_comment(post, public=False)  # waiting in the queue
    make_comment(post, removed=True)  # removed by a moderator
    make_comment(post, parent=shown, public=False)

    assert public_count(post) == 2
    html = client.get(post.url).content.decode()
    assert "2 comments</h2>" in html
    listed = type(post).objects.filter(pk=post.pk).for_listing().get()
    assert listed.public_comment_count == 2


XTD_COUNTING_TAGS = re.compile(
    r"get_xtdcomment_count|get_last_xtdcomments|render_last_xtdcomments|get_xtdcomment_tree"
    r"|render_xtdcomment_tree|\{%\s*load\s+[^%]*\bcomments_xtd\b"
)


def test_no_template_uses_xtds_counting_or_tree_tags():
    """xtd's tags count and list unapproved comments; our templates must not use them."""
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "templates").rglob("*.html")
        if XTD_COUNTING_TAGS.search(path.read_text())
    ]
    assert offenders == []


# (e) No Gravatar, no hash of the email ---------------------------------------------------------


def test_article_html_has_no_gravatar_and_no_trace_of_the_email(client, post):
    email = "Private.Person@example.org"
    parent = make_comment(post, email=email, name="Quiet River")
    make_comment(post, parent=parent, email=email)
    html = client.get(post.url).content.decode()

    assert "Quiet River" in html  # the comment is on the page
    lowered = html.lower()
    assert "gravatar" not in lowered
    for value in (email, email.lower()):
        assert value.lower() not in lowered
        assert hashlib.md5(value.encode()).hexdigest() not in lowered
        assert hashlib.sha256(value.encode()).hexdigest() not in lowered


def test_no_template_references_gravatar():
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "templates").rglob("*")
        if path.is_file() and re.search(r"gravatar|md5", path.read_text(), re.IGNORECASE)
    ]
    assert offenders == []


# (f) Hard-deleting a parent leaves no orphans ---------------------------------------------------


STARTUP_CHECK = """
import django
django.setup()
from django.db.models.signals import pre_delete
from django_comments_xtd.models import XtdComment
receivers = [r for group in pre_delete._live_receivers(XtdComment) for r in group]
print(sorted(f"{r.__module__}.{r.__name__}" for r in receivers))
"""


def test_the_delete_cascade_is_connected_at_startup():
    """comments/apps.py must import comments/signals.py. Checked in a fresh interpreter:
    this test module imports the receiver itself, which would connect it here anyway."""
    result = subprocess.run(
        [sys.executable, "-c", STARTUP_CHECK],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "comments.signals.delete_replies_with_their_parent" in result.stdout


def test_deleting_a_parent_does_not_leave_its_replies_as_top_level_comments(client, post):
    first = make_comment(post, text="First thread.")
    parent = make_comment(post, text="The parent that goes.")
    reply = make_comment(post, parent=parent, text="A reply to the parent.")
    make_comment(post, parent=reply, text="A reply to the reply.")

    XtdComment.objects.get(pk=parent.pk).delete()

    html = client.get(post.url).content.decode()
    assert top_level_ids(html) == [first.pk]
    assert "A reply to the parent." not in html
    assert "A reply to the reply." not in html
    assert list(XtdComment.objects.values_list("pk", flat=True)) == [first.pk]
    assert CommentModeration.objects.count() == 1


def test_deleting_a_reply_keeps_the_thread_consistent(post):
    top = make_comment(post)
    a = make_comment(post, parent=top)
    a1 = make_comment(post, parent=a)
    b = make_comment(post, parent=top)
    b1 = make_comment(post, parent=b)
    orders = dict(XtdComment.objects.values_list("pk", "order"))
    assert [orders[c.pk] for c in (top, a, a1, b, b1)] == [1, 2, 3, 4, 5]

    XtdComment.objects.get(pk=a.pk).delete()

    rows = {c.pk: c for c in XtdComment.objects.all()}
    assert set(rows) == {top.pk, b.pk, b1.pk}
    assert [rows[pk].order for pk in (top.pk, b.pk, b1.pk)] == [1, 2, 3]
    assert rows[top.pk].nested_count == 2
    # The thread takes new replies in the right place afterwards.
    late = make_comment(post, parent=top)
    assert XtdComment.objects.get(pk=late.pk).order == 4


def test_a_bulk_delete_of_a_parent_and_its_reply_is_consistent(post):
    top = make_comment(post)
    a = make_comment(post, parent=top)
    a1 = make_comment(post, parent=a)
    b = make_comment(post, parent=top)

    XtdComment.objects.filter(pk__in=[a.pk, a1.pk]).delete()

    rows = dict(XtdComment.objects.values_list("pk", "order"))
    assert rows == {top.pk: 1, b.pk: 2}
    assert XtdComment.objects.get(pk=top.pk).nested_count == 1


# (g) Query count does not grow with the number of comments -------------------------------------


def add_threads(post, count):
    """`count` approved comments: threads of a comment, a reply and a reply to that."""
    made = 0
    while made < count:
        top = make_comment(post)
        made += 1
        parent = top
        for _ in range(2):
            if made == count:
                break
            parent = make_comment(post, parent=parent)
            made += 1


def test_the_article_renders_in_the_same_number_of_queries_with_2_and_200_comments(
    client, post, django_assert_max_num_queries
):
    add_threads(post, 2)
    client.get(post.url)  # warm the caches (site, settings, content types)
    with CaptureQueriesContext(connection) as two:
        response = client.get(post.url)
    assert response.content.decode().count('class="comment__body"') == 2

    add_threads(post, 198)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get(post.url)
    assert response.content.decode().count('class="comment__body"') == 200
