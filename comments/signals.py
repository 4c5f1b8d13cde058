"""Signal receivers of reader comments, connected by CommentsConfig.ready().

Threads stay whole when a comment is hard-deleted.

django-comments-xtd stores a thread as flat rows (thread_id, parent_id, level, order) and does
nothing when a row is deleted: replies to a deleted comment stay behind, pointing at a parent
that no longer exists, and xtd's own tree code shows them as top-level comments. Here deleting
a comment deletes its replies with it (a reply without its context misleads, and may quote
the deleted words), renumbers the rest of the thread so `order` stays 1..n, and corrects the
ancestors' `nested_count`.

Removing a comment in moderation (is_removed / is_public) is not a delete and changes nothing
here: the public tree already hides replies under a hidden parent.


"""

import logging
from contextvars import ContextVar

from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django_comments_xtd.models import XtdComment

from . import changes, notifications
from .moderation_actions import comment_published
from .selectors import descendant_ids

logger = logging.getLogger(__name__)

# Set while this module deletes a subtree, so the replies' own pre_delete signals (sent by
# the nested delete) do not walk the same subtree again.
_cascading = ContextVar("kinship_comment_cascade", default=False)


@receiver(pre_delete, sender=XtdComment, dispatch_uid="kinship_comment_delete_replies")
def delete_replies_with_their_parent(sender, instance, **kwargs):
    if _cascading.get() or instance.pk is None:
        return
    # One writer per thread, as in posting (comments/posting.py): renumbering below must
    # not interleave with a reply being threaded into the same thread.
    if instance.thread_id:
        XtdComment.norel_objects.select_for_update().filter(pk=instance.thread_id).first()
    # Read the thread fields afresh: a bulk delete sends this signal for each comment in turn,
    # and an earlier one may already have renumbered this comment, or deleted it as a reply.
    current = (
        XtdComment.norel_objects.filter(pk=instance.pk)
        .values("thread_id", "parent_id", "order")
        .first()
    )
    if current is None:
        return
    replies = descendant_ids(instance)
    block_end = current["order"]
    if replies:
        block_end = max(
            block_end,
            *XtdComment.norel_objects.filter(pk__in=replies).values_list("order", flat=True),
        )
        token = _cascading.set(True)
        try:
            XtdComment.norel_objects.filter(pk__in=replies).delete()
        finally:
            _cascading.reset(token)

    thread_id, parent_id = current["thread_id"], current["parent_id"]
    if not thread_id or parent_id in (0, instance.pk):
        return  # a top-level comment: the whole thread goes, nothing is left to renumber
    removed = 1 + len(replies)
    thread = XtdComment.norel_objects.filter(thread_id=thread_id).exclude(pk=instance.pk)
    # The comment and its replies held a contiguous block of orders: close the gap.
    thread.filter(order__gt=block_end).update(order=F("order") - removed)
    # Each ancestor counted the deleted comment and all its replies.
    ancestors = []
    while parent_id and parent_id not in ancestors:
        ancestors.append(parent_id)
        grandparent = thread.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        if grandparent is None or grandparent == parent_id:
            break
        parent_id = grandparent
    thread.filter(pk__in=ancestors).update(nested_count=F("nested_count") - removed)


@receiver(pre_save, sender=XtdComment, dispatch_uid="kinship_comment_public_snapshot")
def remember_public_state(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._kinship_was_public = False
        return
    before = (
        XtdComment.norel_objects.filter(pk=instance.pk).values("is_public", "thread_id").first()
    )
    # xtd saves a new comment twice; on the second save its thread_id is still 0 in the table.
    instance._kinship_was_public = bool(before and before["is_public"] and before["thread_id"])


@receiver(post_save, sender=XtdComment, dispatch_uid="kinship_comment_followups")
def followups_on_approval(sender, instance, created, raw=False, **kwargs):
    if raw or created or not instance.thread_id:
        return
    if instance.is_public and not instance.is_removed and not instance._kinship_was_public:
        try:
            notifications.notify_followers_of(instance)
        except Exception:  # an SMTP failure must not undo the moderator's approval
            logger.exception("Follow-up emails for comment %s failed", instance.pk)


@receiver(post_save, sender=XtdComment, dispatch_uid="kinship_comment_announce_saved")
def announce_public_save(sender, instance, raw=False, **kwargs):
    # A comment readers see (or saw) was saved: a team reply, a trusted reader's comment.
    if not raw and (instance.is_public or getattr(instance, "_kinship_was_public", False)):
        changes.announce([instance])


@receiver(post_delete, sender=XtdComment, dispatch_uid="kinship_comment_announce_deleted")
def announce_delete(sender, instance, **kwargs):
    if instance.is_public:
        changes.announce([instance])


@receiver(comment_published, dispatch_uid="kinship_followups_on_moderation")
def followups_on_moderation(sender, comment, user=None, **kwargs):
    # The moderation screen publishes with queryset updates, which send no post_save.
    notifications.notify_followers_of(comment)
