"""Categories (a short, curated list) and tags (free-form) for posts, and the cached category
counts that home and the blog's listings show."""

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class BlogCategoryQuerySet(models.QuerySet):
    def with_post_counts(self):
        """Categories that have at least one post readers can see, with that count."""
        # The post model through the reverse relation: models.py imports this module.
        posts = self.model._meta.get_field("blog_pages").related_model
        visible = posts.objects.visible().values("pk")
        return (
            self.annotate(post_count=Count("blog_pages", filter=Q(blog_pages__in=visible)))
            .filter(post_count__gt=0)
            .order_by("name")
        )


# Purged by blog/signals.py whenever what readers can see changes: a post published,
# unpublished, moved or deleted, a view restriction, a category. Kept at most until the next
# post's expiry time, when that post drops out of the counts without any signal.
CATEGORY_COUNTS_KEY = "kinship:blog:category-counts"
CATEGORY_COUNTS_SECONDS = 3600


def category_counts():
    """BlogCategory.objects.with_post_counts() as a list, from the cache when it is there."""
    counts = cache.get(CATEGORY_COUNTS_KEY)
    if counts is None:
        counts = list(BlogCategory.objects.with_post_counts())
        cache.set(CATEGORY_COUNTS_KEY, counts, _seconds_to_next_expiry())
    return counts


def purge_category_counts():
    # Again on commit: a page rendered before the commit may have cached the old counts.
    # (This on-commit delete is registered before the page cache's purge: blog/apps.py.)
    cache.delete(CATEGORY_COUNTS_KEY)
    transaction.on_commit(lambda: cache.delete(CATEGORY_COUNTS_KEY))


def _seconds_to_next_expiry():
    posts = BlogCategory._meta.get_field("blog_pages").related_model
    now = timezone.now()
    expiring = posts.objects.visible().filter(expire_at__gt=now)
    next_expiry = expiring.aggregate(at=Min("expire_at"))["at"]
    if next_expiry is None:
        return CATEGORY_COUNTS_SECONDS
    return max(1, min(CATEGORY_COUNTS_SECONDS, int((next_expiry - now).total_seconds())))


class BlogCategory(index.Indexed, models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=255, blank=True)

    objects = BlogCategoryQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "category"
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", on_delete=models.CASCADE, related_name="tagged_items"
    )
