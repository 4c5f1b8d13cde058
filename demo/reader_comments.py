"""Reader comments on the demo's live posts, stored the way a reader's would be, so the
moderation queue, crisis triage and threads have something real to show.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from cms.articles import article_content_type
from comments.models import CommentModeration
from comments.triage import screen
from demo import content
from demo.people import MODERATOR


def ensure_comments(tally, posts, users):
    """Threaded reader comments on live posts: approved, pending and one urgent.

    A comment is found again by its post and its text (content.COMMENTS), so reruns add
    nothing; one a moderator has since approved, removed or edited stays as it is.
    """
    for slug, specs in content.COMMENTS.items():
        post = posts[slug]
        post.refresh_from_db(fields=["live", "first_published_at"])  # backdate() moved it
        if not post.live:
            raise CommandError(f"Demo comments are for live posts; “{slug}” is not live.")
        for spec in specs:
            ensure_comment(tally, post, spec, users, parent=None)


def ensure_comment(tally, post, spec, users, parent):
    content_type = article_content_type()
    comment = XtdComment.norel_objects.filter(
        content_type=content_type, object_pk=str(post.pk), comment=spec.text
    ).first()
    if comment:
        tally.found("comments")
    else:
        comment = create_comment(post, spec, users, parent, content_type)
        tally.created("comments")
        if spec.status == content.URGENT:
            tally.created("urgent comments")
    for reply in spec.replies:
        ensure_comment(tally, post, reply, users, parent=comment)


def create_comment(post, spec, users, parent, content_type):
    """Stored as a reader's post is (comments/posting.py), dated after the post."""
    if parent is not None and parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
        raise CommandError(f"Demo comment by {spec.name} is nested too deep.")
    triage = screen(spec.text)
    if (spec.status == content.URGENT) != triage.urgent:
        raise CommandError(
            f"Demo comment by {spec.name}: status {spec.status!r} does not match the crisis "
            f"screening ({triage.reasons or 'no crisis language'})."
        )
    written = min(
        post.first_published_at + timedelta(hours=spec.hours_after),
        timezone.now() - timedelta(minutes=30),
    )
    team = users[MODERATOR] if spec.from_team else None
    comment = XtdComment(
        content_type=content_type,
        object_pk=str(post.pk),
        site_id=settings.SITE_ID,
        user=team,
        user_name=spec.name,
        user_email=team.email if team else spec.email,
        user_url="",
        comment=spec.text,
        submit_date=written,
        ip_address=None,  # nobody's address: the demo has no real readers
        is_public=spec.status == content.APPROVED,
        is_removed=False,
        parent_id=parent.pk if parent else 0,
        followup=False,
    )
    comment.save()  # xtd threads it: thread_id, level, order
    CommentModeration.objects.create(
        comment=comment,
        urgent=triage.urgent,
        hold_reasons=[] if team else triage.reasons,
        from_team=spec.from_team,
        # Every demo reader confirmed their address, so moderators see their comments.
        confirmed_at=written + timedelta(minutes=0 if team else 4),
        created_at=written,
    )
    return comment
