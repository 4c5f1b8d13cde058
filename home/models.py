from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from blog.models import BlogCategory, BlogIndexPage, BlogPage

from .blocks import CrisisResourceBlock


class HomePage(Page):
    hero_heading = models.CharField(max_length=160, default="Recovery is better together")
    hero_text = RichTextField(features=["bold", "italic", "link"], blank=True)
    hero_cta_label = models.CharField(max_length=60, blank=True, default="Read our articles")
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("hero_cta_label"),
        FieldPanel("hero_cta_page"),
        InlinePanel("featured_posts", label="Featured posts", max_num=6),
    ]

    # The site root: only directly under Wagtail's tree root, and only one.
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    FEATURED_COUNT = 3
    LATEST_COUNT = 6

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chosen_ids = list(self.featured_posts.values_list("post_id", flat=True))
        listing = BlogPage.objects.for_listing()
        # Only picks that readers can see count (for_listing keeps live, public posts).
        by_id = {p.pk: p for p in listing.filter(pk__in=chosen_ids)} if chosen_ids else {}
        featured = [by_id[pk] for pk in chosen_ids if pk in by_id]
        if not featured:
            # Editors have not picked any visible post: fall back to the newest.
            featured = list(listing[: self.FEATURED_COUNT])
        featured_ids = [p.pk for p in featured]
        context["featured_posts"] = featured
        context["latest_posts"] = list(listing.exclude(pk__in=featured_ids)[: self.LATEST_COUNT])
        context["categories"] = BlogCategory.objects.with_post_counts()
        context["blog_index"] = BlogIndexPage.objects.child_of(self).live().first()
        return context


class HomePageFeaturedPost(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_posts")
    post = models.ForeignKey("blog.BlogPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("post")]


# Shown until an editor changes them: a reader in crisis must never see an empty footer.
DEFAULT_CRISIS_RESOURCES = [
    (
        "resource",
        {
            "name": "988 Suicide & Crisis Lifeline",
            "description": "Free, confidential support 24/7 for anyone in distress.",
            "phone": "988",
            "sms": "Text 988",
            "url": "https://988lifeline.org/",
        },
    ),
    (
        "resource",
        {
            "name": "SAMHSA National Helpline",
            "description": "Treatment referral and information, 24/7, in English and Spanish.",
            "phone": "1-800-662-4357",
            "sms": "",
            "url": "https://www.samhsa.gov/find-help/helplines/national-helpline",
        },
    ),
]


@register_setting(icon="help")
class CrisisResources(BaseSiteSetting):
    heading = models.CharField(max_length=120, default="Need help now?")
    introduction = models.CharField(
        max_length=255,
        blank=True,
        default="If you or someone you love is struggling, you are not alone. Reach out any time.",
    )
    resources = StreamField(
        [("resource", CrisisResourceBlock())],
        default=DEFAULT_CRISIS_RESOURCES,
        use_json_field=True,
    )

    panels = [FieldPanel("heading"), FieldPanel("introduction"), FieldPanel("resources")]

    class Meta:
        verbose_name = "Crisis resources"
