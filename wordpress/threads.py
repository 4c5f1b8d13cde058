"""A WordPress post's comments as django-comments-xtd comments, keeping their threads.

Replies are saved after the comment they answer (xtd numbers a thread as comments are added),
so the export's order does not matter. Kinship's threads are at most
COMMENTS_XTD_MAX_THREAD_LEVEL replies deep: a deeper WordPress reply is attached to the
deepest comment above it that can take one. A reply whose parent was not imported (spam,
trash) moves up to the nearest imported ancestor, or to the top of the post.

Approved comments are public; pending ones wait in the moderation queue after the same crisis
triage as a reader's new comment, so an old comment in crisis language is marked urgent.
Commenters' IP addresses and website links are not kept.
"""

from collections import defaultdict

from django.conf import settings
from django.utils import timezone
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment

from cms.articles import article_content_type
from comments.models import CommentModeration, CrisisTerm
from comments.triage import screen

from . import content
from .models import ImportedComment

READER_TYPES = {"", "comment"}
SKIPPED_STATUSES = {"spam": "spam comments", "trash": "trashed comments"}
PENDING_REASON = "Imported from WordPress, where it was waiting for approval"


def import_comments(importer, item, page_id, new_post=False):
    """The comments of `item` on the article `page_id` (None in a dry run of a new post).
    For a post this run created, all its comments are new: they are written in bulk."""
    if not item.comments:
        return
    if new_post and not importer.dry_run:
        return _add_to_new_post(importer, item, page_id)
    run = importer.run
    ids = [comment.id for comment in item.comments]
    existing = dict(
        ImportedComment.objects.filter(
            source_site=run.source_site, wp_comment_id__in=ids
        ).values_list("wp_comment_id", "comment_id")
    )
    levels = dict(
        XtdComment.norel_objects.filter(pk__in=existing.values()).values_list("pk", "level")
    )
    by_id = {comment.id: comment for comment in item.comments}
    imported = {}  # WordPress id -> xtd id (0 in a dry run), for the comments kept
    crisis_terms = None
    for comment in _in_thread_order(item.comments, by_id):
        reason = _skip_reason(comment)
        if reason:
            importer.skipped[reason] += 1
            continue
        if comment.id in existing:
            imported[comment.id] = existing[comment.id]
            importer._count("comments", "unchanged")
            continue
        parent_id = _parent(comment, by_id, imported, levels, importer, item)
        if importer.dry_run or page_id is None:
            imported[comment.id] = 0
            importer._count("comments", "created")
            continue
        if crisis_terms is None:
            crisis_terms = CrisisTerm.objects.active()
        xtd = _save(comment, page_id, parent_id, crisis_terms)
        ImportedComment.objects.create(
            source_site=run.source_site, wp_comment_id=comment.id, comment=xtd
        )
        imported[comment.id] = xtd.pk
        levels[xtd.pk] = xtd.level
        importer._count("comments", "created")


def _in_thread_order(comments, by_id):
    """Parents before their replies, then by WordPress id (the order they were written)."""
    return sorted(comments, key=lambda c: (_depth(c, by_id), c.id))


def _add_to_new_post(importer, item, page_id):
    """All the comments of a post created by this import, in a few statements.

    xtd numbers a thread as each comment is saved (two saves and a query of the thread per
    comment, plus Kinship's receivers, which have nothing to do for a post readers cannot see
    yet). Here the whole tree is known: its thread, level, order (a reply follows the replies
    already under its parent, as xtd would place it) and nested count are computed first, the
    rows are inserted in bulk, and xtd's own table is written row by row as loaddata does
    (raw saves: no receivers)."""
    by_id = {comment.id: comment for comment in item.comments}
    kept, parent_of, level = [], {}, {}
    for comment in _in_thread_order(item.comments, by_id):
        reason = _skip_reason(comment)
        if reason:
            importer.skipped[reason] += 1
            continue
        parent = _kept_ancestor(comment, by_id, level, importer, item)
        moved = False
        while parent and level[parent] >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
            parent, moved = parent_of[parent], True
        if moved:
            _too_deep(importer, comment, item)
        parent_of[comment.id] = parent
        level[comment.id] = level[parent] + 1 if parent else 0
        kept.append(comment)
    if not kept:
        return
    crisis_terms = CrisisTerm.objects.active()
    content_type = article_content_type()
    rows = [_comment_row(comment, page_id, content_type) for comment in kept]
    Comment.objects.bulk_create(rows)
    pk = {comment.id: row.pk for comment, row in zip(kept, rows, strict=True)}

    replies = defaultdict(list)
    for comment in kept:
        replies[parent_of[comment.id]].append(comment.id)
    thread, order, nested = {}, {}, {}
    for root in replies[0]:
        for position, wp_id in enumerate(_preorder(root, replies), 1):
            thread[wp_id], order[wp_id] = root, position
    for comment in reversed(kept):  # replies come after their parents in `kept`
        nested[comment.id] = sum(1 + nested[reply] for reply in replies[comment.id])
    for comment in kept:
        parent = parent_of[comment.id]
        XtdComment(
            comment_ptr_id=pk[comment.id],
            thread_id=pk[thread[comment.id]],
            parent_id=pk[parent] if parent else pk[comment.id],
            level=level[comment.id],
            order=order[comment.id],
            followup=False,
            nested_count=nested[comment.id],
        ).save_base(raw=True, force_insert=True)

    CommentModeration.objects.bulk_create(
        _moderation(row, row.comment, crisis_terms) for row in rows
    )
    ImportedComment.objects.bulk_create(
        ImportedComment(
            source_site=importer.run.source_site,
            wp_comment_id=comment.id,
            comment_id=pk[comment.id],
        )
        for comment in kept
    )
    importer._count("comments", "created", len(kept))


def _preorder(root, replies):
    found, stack = [], [root]
    while stack:
        wp_id = stack.pop()
        found.append(wp_id)
        stack.extend(reversed(replies[wp_id]))
    return found


def _kept_ancestor(comment, by_id, kept, importer, item):
    """The nearest comment above `comment` that is imported (0: none, the top level)."""
    wanted, seen = comment.parent, {comment.id}
    while wanted and wanted not in kept and wanted in by_id and wanted not in seen:
        seen.add(wanted)
        wanted = by_id[wanted].parent
    found = wanted if wanted in kept else 0
    if comment.parent and found != comment.parent:
        _parent_missing(importer, comment, item, found)
    return found


def _parent_missing(importer, comment, item, found):
    importer.message(
        "info",
        "comment",
        "Its parent comment was not imported: it is attached "
        + ("further up the thread." if found else "at the top of the post."),
        comment.id,
        item.title,
        item.line,
    )


def _too_deep(importer, comment, item):
    importer.message(
        "info",
        "comment",
        f"Its thread is deeper than Kinship's {settings.COMMENTS_XTD_MAX_THREAD_LEVEL + 1} "
        "levels: it answers the deepest comment above it that takes replies.",
        comment.id,
        item.title,
        item.line,
    )


def _skip_reason(comment):
    if comment.type not in READER_TYPES:
        return "pingbacks and trackbacks"
    if comment.approved in SKIPPED_STATUSES:
        return SKIPPED_STATUSES[comment.approved]
    if comment.approved not in ("0", "1"):
        return "comments in an unknown state"
    if not content.comment_text(comment.content):
        return "empty comments"
    return None


def _depth(comment, by_id):
    depth, seen = 0, {comment.id}
    while comment.parent and comment.parent in by_id and comment.parent not in seen:
        comment = by_id[comment.parent]
        seen.add(comment.id)
        depth += 1
    return depth


def _parent(comment, by_id, imported, levels, importer, item):
    """The xtd id this comment replies to (0: top level), for a post imported before."""
    if not comment.parent:
        return 0
    wanted = _kept_ancestor(comment, by_id, imported, importer, item)
    parent = imported.get(wanted, 0)
    # Too deep for Kinship's threads: reply to the deepest ancestor that takes replies.
    moved = False
    while parent and levels.get(parent, 0) >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
        parent = _parent_of(parent)
        moved = True
    if moved:
        _too_deep(importer, comment, item)
    return parent


def _parent_of(xtd_id):
    if not xtd_id:
        return 0
    found = XtdComment.norel_objects.filter(pk=xtd_id).values_list("parent_id", flat=True).first()
    return 0 if not found or found == xtd_id else found


def _comment_row(comment, page_id, content_type):
    return Comment(
        content_type=content_type,
        object_pk=str(page_id),
        site_id=settings.SITE_ID,
        user=None,
        user_name=content.commenter_name(comment.author),
        user_email=content.commenter_email(comment.email),
        user_url="",
        comment=content.comment_text(comment.content),
        submit_date=comment.date or timezone.now(),
        ip_address=None,
        is_public=comment.approved == "1",
        is_removed=False,
    )


def _save(comment, page_id, parent_id, crisis_terms):
    """One comment through xtd's save, which threads it among the comments already there."""
    row = _comment_row(comment, page_id, article_content_type())
    xtd = XtdComment(
        **{field.attname: getattr(row, field.attname) for field in Comment._meta.concrete_fields},
        parent_id=parent_id or 0,
        followup=False,
    )
    xtd.save()
    CommentModeration.objects.bulk_create([_moderation(xtd, xtd.comment, crisis_terms)])
    return xtd


def _moderation(row, text, crisis_terms):
    public = row.is_public
    triage = screen(text, crisis_terms=crisis_terms)
    return CommentModeration(
        comment_id=row.pk,
        # An old comment in crisis language that nobody approved is the moderators' first job.
        urgent=triage.urgent and not public,
        hold_reasons=[] if public else [PENDING_REASON, *triage.reasons],
        # WordPress took their address long ago: there is nothing left to confirm.
        confirmed_at=row.submit_date,
        created_at=row.submit_date,
    )
