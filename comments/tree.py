"""The public comments of an article as a tree, in one query whatever their number."""

from dataclasses import dataclass, field

from django_comments_xtd.models import XtdComment

from .selectors import public_comments


@dataclass
class Node:
    comment: XtdComment
    children: list = field(default_factory=list)


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
