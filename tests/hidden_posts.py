"""Posts readers must not find, in each state a post can be hidden in, made the way the
site makes them (for the feed, sitemap and listing tests)."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from blog.models import BlogPage
from tests.factories import make_post


def pass_expiry(post, minutes=10):
    """Move a published post's expiry time into the past, as if that time had come."""
    past = timezone.now() - timedelta(minutes=minutes)
    for revision in post.revisions.all():
        revision.content["expire_at"] = past.isoformat()
        revision.save(update_fields=["content"])
    BlogPage.objects.filter(pk=post.pk).update(expire_at=past)


def make_hidden_posts(blog_index, **kwargs):
    """One post in each hidden state, keyed by the state. `kwargs` go to every make_post."""
    draft = make_post(blog_index, title="Hidden draft", publish=False, **kwargs)

    unpublished = make_post(blog_index, title="Hidden unpublished", **kwargs)
    unpublished.unpublish()

    private = make_post(blog_index, title="Hidden private", **kwargs)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    # Expired by the scheduler: published with an expiry time that has since passed.
    expired = make_post(
        blog_index,
        title="Hidden expired",
        expire_at=timezone.now() + timedelta(days=1),
        **kwargs,
    )
    pass_expiry(expired)
    call_command("publish_scheduled", stdout=io.StringIO())
    expired.refresh_from_db()
    assert expired.expired and not expired.live

    # Past its expiry time, and the scheduler has not run since: still marked live.
    expiring = make_post(
        blog_index,
        title="Hidden past expiry",
        expire_at=timezone.now() + timedelta(days=1),
        **kwargs,
    )
    pass_expiry(expiring)
    expiring.refresh_from_db()
    assert expiring.live

    return {
        "draft": draft,
        "unpublished": unpublished,
        "private": private,
        "expired": expired,
        "past expiry": expiring,
    }
