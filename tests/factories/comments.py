"""Reader comments: one builder for stored comments, and the comment form as a reader posts it."""

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from cms.articles import article_content_type
from comments.models import CommentModeration

COMMENT_POST_URL = "/comments/post/"
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def make_comment(
    post,
    text="A comment.",
    *,
    parent=None,
    public=True,
    removed=False,
    confirmed=True,
    urgent=False,
    reasons=(),
    from_team=False,
    name="Reader",
    email="reader@example.org",
    minutes_ago=0,
    signals=True,
    **fields,
):
    """A comment on `post` stored as comments.posting.create_comment stores one (xtd threads it
    on save), with its moderation record.

    `public` and `removed` are the moderator's decision. With signals=False the comment is
    saved hidden and then published (or removed) by a queryset update, as the moderation
    screens do, so no post_save receiver sees it become public (no follow-up emails).
    `confirmed`, `urgent`, `reasons` (hold reasons) and `from_team` go to the moderation
    record. `fields` are any other XtdComment fields (user, followup, submit_date, ...).
    """
    now = timezone.now()
    comment = XtdComment(
        **{
            "content_type": article_content_type(),
            "object_pk": str(post.pk),
            "site_id": settings.SITE_ID,
            "user_name": name,
            "user_email": email,
            "user_url": "",
            "comment": text,
            "submit_date": now - timedelta(minutes=minutes_ago),
            "ip_address": "192.0.2.10",
            "is_public": public and signals,
            "is_removed": removed and signals,
            "parent_id": parent.pk if parent else 0,
            **fields,
        }
    )
    comment.save()
    CommentModeration.objects.create(
        comment=comment,
        urgent=urgent,
        hold_reasons=list(reasons),
        from_team=from_team,
        confirmed_at=now if confirmed else None,
    )
    if not signals:
        XtdComment.norel_objects.filter(pk=comment.pk).update(is_public=public, is_removed=removed)
        comment.refresh_from_db()
    return comment


def hidden_fields(html):
    """{name: value} of every hidden input in `html`, as a browser would send them."""
    return dict(HIDDEN_INPUT.findall(html))


def comment_form_data(client, url, **extra):
    """A valid comment POST for the article at `url`: the hidden fields exactly as the article
    renders them, plus a reader's answers (`extra` overrides any of them)."""
    response = client.get(url)
    assert response.status_code == 200, url
    fields = hidden_fields(response.content.decode())
    fields.pop("csrfmiddlewaretoken", None)
    assert {"content_type", "object_pk", "timestamp", "security_hash"} <= set(fields), fields
    fields.update({"name": "Sam", "email": "sam@example.org", "comment": "Thank you for this."})
    fields.update(extra)
    return fields


def post_comment(client, post, text=None, **extra):
    """Post the comment form of `post` as an anonymous reader (or `client`'s signed-in user):
    `text`, if given, is the comment, `extra` any other field. Returns the comment stored and
    the response (a redirect to the "posted" page)."""
    if text is not None:
        extra["comment"] = text
    response = client.post(COMMENT_POST_URL, comment_form_data(client, post.url, **extra))
    assert response.status_code == 302, response.content[:500]
    comment = XtdComment.norel_objects.select_related("moderation").latest("pk")
    return comment, response
