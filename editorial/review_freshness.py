"""Review freshness: which live posts are due for a new clinical review.

A post's last clinical review is the approval covering its live content
(`BlogPage.clinical_approval`, set whenever the page goes live). It is due for re-review when
that approval is older than the "clinical re-review interval" of Settings > Editorial settings.
A live post without any approval (content published before the rule, or an approval deleted
since) has never been reviewed and is always due, listed first.
"""

import calendar
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Revision, TaskState
from wagtail.models.pages import get_default_page_content_type

from cms.articles import get_article_model

from .models import EditorialSettings


def review_interval_months():
    return EditorialSettings.load().clinical_review_interval_months


def add_months(value, months):
    """`value` moved by `months` calendar months (negative goes back), the day clamped to the
    length of the target month: 31 March + 1 month is 30 April."""
    index = value.year * 12 + (value.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return value.replace(year=year, month=month, day=day)


def review_cutoff(now=None, months=None):
    """Reviews before this moment are stale."""
    now = now or timezone.now()
    months = review_interval_months() if months is None else months
    return add_months(now, -months)


def review_due_at(approved_at, months):
    return add_months(approved_at, months)


def posts_due_for_review(now=None, months=None):
    """Live posts whose last clinical review is older than the interval; never-reviewed
    posts first, then the oldest review first."""
    cutoff = review_cutoff(now, months)
    return (
        get_article_model()
        .objects.live()
        .filter(Q(clinical_approval__isnull=True) | Q(clinical_approval__approved_at__lt=cutoff))
        .select_related("clinical_approval")
        .order_by(F("clinical_approval__approved_at").asc(nulls_first=True), "pk")
    )


def count_due_for_review(now=None, months=None):
    return posts_due_for_review(now, months).count()


def scheduled_posts():
    """Posts with a revision approved to go live at a set time, soonest first, each annotated
    with `scheduled_go_live_at` (one query, whatever the number of posts)."""
    scheduled = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(get_article_model()),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        approved_go_live_at__isnull=False,
    ).order_by("-created_at", "-pk")
    return (
        get_article_model()
        .objects.annotate(
            is_scheduled=Exists(scheduled),
            scheduled_go_live_at=Subquery(scheduled.values("approved_go_live_at")[:1]),
        )
        .filter(is_scheduled=True)
        .select_related("clinical_approval")
        .order_by("scheduled_go_live_at", "pk")
    )


def count_scheduled():
    return scheduled_posts().count()


def task_states_awaiting(user):
    """In-progress workflow tasks on pages that `user` can act on (Wagtail's own rules: each
    active task decides who may moderate it)."""
    return TaskState.objects.reviewable_by(user).filter(
        workflow_state__base_content_type=get_default_page_content_type()
    )


def count_awaiting_review(user):
    """Pages (not task states) waiting for `user`'s decision."""
    return task_states_awaiting(user).values("workflow_state__object_id").distinct().count()


def freshness_counts(user, now=None):
    """The three counts of the dashboard panel, and the interval the last one uses."""
    months = review_interval_months()
    return {
        "awaiting_review": count_awaiting_review(user),
        "scheduled": count_scheduled(),
        "due_for_review": count_due_for_review(now, months),
        "interval_months": months,
    }


def overdue_by(approved_at, months, now=None):
    """How long ago the post fell due (a timedelta, never negative)."""
    now = now or timezone.now()
    return max(now - review_due_at(approved_at, months), datetime.timedelta(0))
