"""The comment queries that several modules share: one definition each, so the moderation
queue, the digest, the article and the listings agree on what they count."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast, Coalesce
from django_comments_xtd.models import XtdComment

from cms.articles import article_content_type

# Waiting for a moderator: not public, not removed, and either confirmed by email (or posted by a
# signed-in reader) or urgent. An urgent comment is shown before its author confirms: it may be a
# crisis. A comment whose author has not confirmed yet is nobody's work until they do.
PENDING = Q(is_public=False, is_removed=False) & (
    Q(moderation__confirmed_at__isnull=False) | Q(moderation__urgent=True)
)
PUBLIC = Q(is_public=True, is_removed=False)


def article_comments():
    """All comments on articles of this site, whatever their state."""
    return XtdComment.norel_objects.filter(
        content_type=article_content_type(), site_id=settings.SITE_ID
    )


def pending_comments():
    """Comments waiting for a moderator, urgent first, then oldest first."""
    return (
        article_comments()
        .filter(PENDING)
        .select_related("moderation")
        .order_by(F("moderation__urgent").desc(nulls_last=True), "submit_date", "pk")
    )


def public_comments(page):
    """An article's public comments in thread order."""
    return (
        article_comments()
        .filter(PUBLIC, object_pk=str(page.pk))
        .select_related("moderation")
        .order_by("thread_id", "order")
    )


def public_count_subquery(page_ref="pk"):
    """The number of public comments on the article `page_ref` names, as a subquery a listing
    annotates (no query per card). object_pk is text in django_comments, so the id is cast."""
    counts = (
        XtdComment.norel_objects.filter(
            PUBLIC,
            content_type=article_content_type(),
            object_pk=Cast(models.OuterRef(page_ref), output_field=models.CharField()),
            site_id=settings.SITE_ID,
        )
        .order_by()
        .values("object_pk")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(counts, output_field=models.IntegerField()), 0)


def descendant_ids(comment):
    """The ids of every reply below `comment`, at any depth (one query for the thread)."""
    children = {}
    rows = XtdComment.norel_objects.filter(thread_id=comment.thread_id).values_list(
        "pk", "parent_id"
    )
    for pk, parent_id in rows:
        if pk != parent_id:
            children.setdefault(parent_id, []).append(pk)
    found, stack = [], list(children.get(comment.pk, []))
    while stack:
        pk = stack.pop()
        found.append(pk)
        stack.extend(children.get(pk, []))
    return found
