"""The public comments of an article as a tree, in one query whatever their number."""

from dataclasses import dataclass, field

from django.conf import settings
from django_comments_xtd.models import XtdComment

from .posting import blog_page_content_type


@dataclass
class Node:
    comment: XtdComment
    children: list = field(default_factory=list)


def public_comments(page):
    return (
        XtdComment.norel_objects.filter(
            content_type=blog_page_content_type(),
            object_pk=str(page.pk),
            site_id=settings.SITE_ID,
            is_public=True,
            is_removed=False,
        )
        .select_related("moderation")
        .order_by("thread_id", "order")
    )


def comment_tree(page, newest_first=False):
    """Top-level nodes with nested replies. A reply shows only under a visible parent: if a
    moderator removed or unpublished the parent, its replies are hidden with it."""
    nodes = {}
    roots = []
    for comment in public_comments(page):
        node = Node(comment)
        nodes[comment.pk] = node
        if comment.parent_id == comment.pk:
            roots.append(node)
        elif comment.parent_id in nodes:
            nodes[comment.parent_id].children.append(node)
    if newest_first:
        roots.reverse()
    return roots


def public_count(page):
    return public_comments(page).count()
