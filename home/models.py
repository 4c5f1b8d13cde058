from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from blog.models import BlogIndexPage, BlogPage, ViewRestrictionsMixin, view_restricted
from blog.taxonomy import category_counts
from pagecache.site_settings import KeptSiteSetting

from .blocks import CrisisResourceBlock


class HomePage(ViewRestrictionsMixin, Page):
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
    MAX_FEATURED = 6

    # The site root: only directly under Wagtail's tree root, and only one.
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    FEATURED_COUNT = 3
    LATEST_COUNT = 6

    def route(self, request, path_components):
        # A blog section costs one query: Page.route() takes two (the page, then its
        # specific type). Other children are routed as Wagtail does.
        if path_components:
            sections = BlogIndexPage.objects.child_of(self).filter(slug=path_components[0])
            section = sections.annotate(is_view_restricted=view_restricted()).first()
            if section is not None:
                section._cached_parent_obj = self
                return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured, latest = self.featured_and_latest()
        context["featured_posts"] = featured
        context["latest_posts"] = latest
        context["categories"] = category_counts()
        context["blog_index"] = BlogIndexPage.objects.child_of(self).live().first()
        return context

    def featured_and_latest(self):
        """The featured posts (the editors' visible picks in their order, else the newest)
        and the newest others, from one listing query: the picks and enough of the newest
        posts to fill both sections whatever was picked."""
        picks = HomePageFeaturedPost.objects.filter(page=self)
        newest = BlogPage.objects.visible().order_by("-first_published_at", "-pk")
        newest = newest.values("pk")[: self.LATEST_COUNT + self.MAX_FEATURED]
        posts = list(
            BlogPage.objects.for_listing()
            .filter(Q(pk__in=picks.values("post_id")) | Q(pk__in=newest))
            .annotate(
                picked=Exists(picks.filter(post=OuterRef("pk"))),
                pick_order=Subquery(
                    picks.filter(post=OuterRef("pk"))
                    .order_by("sort_order")
                    .values("sort_order")[:1]
                ),
            )
        )
        picked = sorted(
            (p for p in posts if p.picked), key=lambda p: (p.pick_order is None, p.pick_order or 0)
        )
        featured = picked or posts[: self.FEATURED_COUNT]
        latest = [p for p in posts if p not in featured][: self.LATEST_COUNT]
        return featured, latest


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
class CrisisResources(KeptSiteSetting):
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
