"""The findings kept for Reports › Language check: one row per live article, written by the
background tasks (tasks.py) and by `manage.py check_language`."""

from django.utils import timezone

from cms.articles import get_article_model

from .check import check_page
from .checker import Checker
from .models import PageLanguageCheck

BATCH = 200


def store(page, result):
    PageLanguageCheck.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "findings_count": len(result.findings),
            "terms": result.term_counts(),
            "reading_grade": result.reading_grade,
            "checked_at": timezone.now(),
        },
    )


def recheck(page_ids=None, checker=None):
    """Check the live articles (`page_ids` of them, or all) again and keep what was found;
    the rows of articles no longer live go. Returns the number checked."""
    checker = checker or Checker()
    live = get_article_model().objects.live()
    if page_ids is not None:
        live = live.filter(pk__in=page_ids)
        PageLanguageCheck.objects.filter(page_id__in=page_ids).exclude(
            page_id__in=live.values("pk")
        ).delete()
    else:
        PageLanguageCheck.objects.exclude(page_id__in=live.values("pk")).delete()
    checked = 0
    for page in live.iterator(chunk_size=BATCH):
        store(page, check_page(page, checker))
        checked += 1
    return checked
