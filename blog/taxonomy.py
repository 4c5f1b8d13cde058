"""Categories (a short, curated list) and tags (free-form) for posts."""

from django.db import models
from django.db.models import Count, Q
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
