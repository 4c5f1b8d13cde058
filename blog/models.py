import math

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_unicode_re
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.db.models.functions import Coalesce, Length, Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, route
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.search import index

from comments.context import comment_context
from comments.selectors import public_count_subquery
from editorial.publish_rule import ClinicalReviewMixin, PublishRuleQuerySet
from language.preview import mark_preview

from .authors import Author
from .blocks import ArticleStreamBlock
from .feeds import BlogFeed
from .forms import BlogPageForm
from .taxonomy import BlogCategory, BlogPageTag, category_counts

WORDS_PER_MINUTE = 220
LISTING_IMAGE_SPEC = "fill-640x360"
AUTHOR_PHOTO_SPEC = "fill-96x96"

# Sub-paths of the blog index that a post's slug must not shadow.
RESERVED_SLUGS = {"category", "tag", "feed"}


def view_restricted():
    """True where a view restriction applies to the page, as Page.get_view_restrictions()
    finds them: one on the page or an ancestor, an alias counting its source's. A subquery,
    so the query that loads the page answers it (no query of its own)."""
    ancestors_or_self = Page.objects.filter(
        path=Substr(OuterRef(OuterRef("path")), 1, Length("path"))
    ).values(target=Coalesce("alias_of_id", "id"))
    return Exists(PageViewRestriction.objects.filter(page_id__in=ancestors_or_self))


class ViewRestrictionsMixin:
    """Page.get_view_restrictions(), which Wagtail checks before serving a page, in one query
    instead of two (the ancestors, then their restrictions), and in none for a page loaded
    with the view_restricted() annotation as `is_view_restricted`."""

    def get_view_restrictions(self):
        if getattr(self, "is_view_restricted", None) is False:
            return PageViewRestriction.objects.none()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        ancestors_or_self = Page.objects.filter(path__in=paths)
        targets = ancestors_or_self.values(target=Coalesce("alias_of_id", "id"))
        return PageViewRestriction.objects.filter(page_id__in=targets)


class BlogPageQuerySet(PublishRuleQuerySet):
    # PublishRuleQuerySet: update() may unpublish posts but never publish them.

    def visible(self):
        """Posts readers can see: live, public and not past their expiry time. A post past
        its expiry time stays live until the scheduler's next run (within a minute); listings,
        search, feeds and the sitemap leave it out already.

        "Public" is the subquery below rather than PageQuerySet.public(), which reads every
        view restriction in a query of its own each time it is called."""
        private = Exists(
            PageViewRestriction.objects.filter(
                page__path=Substr(OuterRef("path"), 1, Length("page__path"))
            )
        )
        return self.live().exclude(private).exclude(expire_at__lte=timezone.now())

    def searchable(self):
        """visible() in plain filters, for Wagtail's search backends (`.search()`,
        `.autocomplete()`), which cannot translate its Exists subquery."""
        return self.live().public().exclude(expire_at__lte=timezone.now())

    def for_listing(self):
        """Live, public posts, newest first, with everything a listing card shows.

        Authors, categories and the listing image (joined, with its card rendition) are
        loaded, and the public comment count annotated, so a listing costs the same number
        of queries for 1 post or 100. Cards show no tags: with_tags() adds them.
        """
        return self.visible().with_cards()

    def with_cards(self):
        """What a listing card shows, newest first, without deciding which posts: for a
        queryset that is filtered already (searchable(), for the search backends)."""
        return (
            self.annotate(public_comment_count=public_count_subquery())
            .order_by("-first_published_at", "-pk")
            .select_related("listing_image")
            .prefetch_related(
                Prefetch(
                    "listing_image__renditions",
                    queryset=get_image_model()
                    .get_rendition_model()
                    .objects.filter(filter_spec=LISTING_IMAGE_SPEC),
                    to_attr="prefetched_renditions",
                ),
                Prefetch("blog_authors", queryset=BlogPageAuthor.objects.select_related("author")),
                "categories",
            )
        )

    def for_route(self, parent, slug):
        """The post `slug` under `parent` with what its article reads of other tables in the
        same query: the listing image, the clinical approval and its reviewer, and whether a
        view restriction applies (BlogPage.get_view_restrictions). None if there is none."""
        return (
            self.child_of(parent)
            .filter(slug=slug)
            .select_related("listing_image", "clinical_approval__reviewer__author_profile")
            .annotate(is_view_restricted=view_restricted())
            .first()
        )

    def with_tags(self):
        return self.prefetch_related(
            Prefetch("tagged_items", queryset=BlogPageTag.objects.select_related("tag"))
        )


BlogPageManager = PageManager.from_queryset(BlogPageQuerySet)


class BlogIndexPage(ViewRestrictionsMixin, RoutablePageMixin, Page):
    introduction = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage"]
    show_in_menus_default = True

    PAGE_SIZE = 10

    def posts(self):
        """This blog's posts readers can see, newest first, with what a card and a feed item
        show (tags are a feed item's categories)."""
        return self.cards().with_tags()

    def cards(self):
        """This blog's posts as its listing pages show them."""
        return BlogPage.objects.child_of(self).for_listing()

    @path("")
    def index_route(self, request):
        posts = self.cards()
        author = None
        if slug := request.GET.get("author"):
            # A malformed slug (e.g. with a NUL byte, which PostgreSQL rejects) is simply unknown.
            if not slug_unicode_re.match(slug):
                raise Http404("Unknown author")
            author = get_object_or_404(Author, slug=slug)
            posts = posts.filter(blog_authors__author=author)
        return self._listing(request, posts, author=author)

    @route(r"^category/(?P<slug>[-\w]+)/$")
    def category_route(self, request, slug):
        category = get_object_or_404(BlogCategory, slug=slug)
        return self._listing(request, self.cards().filter(categories=category), category=category)

    @route(r"^tag/(?P<slug>[-\w]+)/$")
    def tag_route(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        return self._listing(request, self.cards().filter(tags=tag), tag=tag)

    @path("feed/")
    def feed_route(self, request):
        return BlogFeed(self)(request)

    @route(r"^category/(?P<slug>[-\w]+)/feed/$")
    def category_feed_route(self, request, slug):
        return BlogFeed(self, get_object_or_404(BlogCategory, slug=slug))(request)

    def get_sitemap_urls(self, request=None):
        """The index, dated by its newest post (the listing changes when one is published),
        and each category page that lists a post readers can see. Tag pages are left out:
        free-form tags make many thin pages."""
        visible = BlogPage.objects.child_of(self).visible()
        newest = visible.aggregate(newest=models.Max("last_published_at"))["newest"]
        [index_url] = super().get_sitemap_urls(request)
        if newest and (index_url["lastmod"] is None or newest > index_url["lastmod"]):
            index_url["lastmod"] = newest
        categories = (
            BlogCategory.objects.filter(blog_pages__in=visible.values("pk"))
            .annotate(lastmod=models.Max("blog_pages__last_published_at"))
            .order_by("name")
        )
        base_url = self.get_full_url(request)
        return [index_url] + [
            {
                "location": base_url + self.reverse_subpage("category_route", args=[c.slug]),
                "lastmod": c.lastmod,
            }
            for c in categories
        ]

    # Defined after the @route decorators above, which this method's name would shadow.
    def route(self, request, path_components):
        # A post costs one query: Page.route() takes two (the page, then its specific type).
        # Reserved slugs are the blog's own routes, which RoutablePageMixin resolves first.
        if path_components and path_components[0] not in RESERVED_SLUGS:
            post = BlogPage.objects.for_route(self, path_components[0])
            if post is not None:
                post._cached_parent_obj = self
                return post.route(request, path_components[1:])
        return super().route(request, path_components)

    def _listing(self, request, posts, **filters):
        paginator = Paginator(posts, self.PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context = {"posts": page_obj, "paginator": paginator, **filters}
        return self.render(request, context_overrides=context)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = self
        context["categories"] = category_counts()
        return context


class BlogPage(ViewRestrictionsMixin, ClinicalReviewMixin, Page):
    summary = models.TextField(
        max_length=300, help_text="One or two sentences for listings, search results and sharing."
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in listings and on social media.",
    )
    categories = ParentalManyToManyField(BlogCategory, blank=True, related_name="blog_pages")
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    body = StreamField(ArticleStreamBlock(), use_json_field=True)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    comments_open = models.BooleanField(
        default=True, help_text="Readers may comment (Settings › Comment policy can close all)."
    )
    # The approval covering the live content; set by save() whenever the page goes live.
    clinical_approval = models.ForeignKey(
        "editorial.ClinicalApproval",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = BlogPageManager()
    base_form_class = BlogPageForm

    # In the order a writer fills them in: who writes it, what it is about (summary, then the
    # categories and tags that file it), the picture for listings, then the article itself.
    # Categories are checkboxes: a few named choices, ticked without Ctrl-click.
    content_panels = Page.content_panels + [
        InlinePanel("blog_authors", label="Authors", min_num=1),
        FieldPanel("summary"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("listing_image"),
        # static/js/editor-word-count.js shows the live word count and reading time here, at
        # the rate the public page uses (compute_reading_minutes).
        FieldPanel("body", attrs={"data-word-count-wpm": WORDS_PER_MINUTE}),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("comments_open")]

    # Ranking (PostgreSQL): modelsearch maps the distinct boosts of all indexed models onto
    # tsvector weights: 10 -> A (as image and document titles), 2 -> B (Page's title), 1 -> C,
    # none -> D. The title is indexed again at A because at B a long title can rank below a
    # summary. So: title > summary and author, category and tag names > body. Run
    # `manage.py rebuild_search_index` after changing a boost. Search filters need FilterFields.
    search_fields = Page.search_fields + [
        index.SearchField("title", boost=10),
        index.SearchField("summary", boost=1),
        index.SearchField("body"),
        index.SearchField("author_names", boost=1),
        index.SearchField("category_names", boost=1),
        index.SearchField("tag_names", boost=1),
        index.FilterField("first_published_at"),
        index.FilterField("expire_at"),
        index.FilterField("categories"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    # A copy is a new post: it needs its own clinical review before it goes live.
    exclude_fields_in_copy = ["clinical_approval"]

    class Meta:
        verbose_name = "blog post"

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is used by the blog's own pages. Choose another slug."}
            )

    def save(self, *args, **kwargs):
        self.reading_minutes = self.compute_reading_minutes()
        update_fields = kwargs.get("update_fields")
        # The publish rule (editorial/publish_rule.py, on pre_save): a new post is a draft, and
        # a post goes live only with a clinical approval covering reviewed_content().
        result = super().save(*args, **kwargs)
        # The search index updates on post_save, which fires before modelcluster commits the
        # authors, categories and tags; index again now that they are saved. Not after a
        # partial save such as save_revision(): the page row keeps the live content while this
        # instance may hold an unpublished draft, which must never reach the index (post_save
        # has already indexed the stored row).
        # A bulk writer (the WordPress import) may set `defer_search_index` and index the
        # page itself once it is complete.
        if update_fields is None and not getattr(self, "defer_search_index", False):
            index.insert_or_update_object(self)
        return result

    def get_absolute_url(self):
        # Comment permalinks (/blog/<slug>/#c<id>) and xtd's helpers build on this.
        return self.url

    def reviewed_content(self):
        """Everything a reader sees of the post: what a clinical approval covers."""
        authors = sorted(self.blog_authors.all(), key=lambda item: item.sort_order or 0)
        # Convert every block before serialising: raw stored data may omit empty fields that a
        # converted block writes out, and both sides of a comparison must be normalised alike.
        list(self.body)
        return {
            "title": self.title,
            "seo_title": self.seo_title,
            "search_description": self.search_description,
            "summary": self.summary,
            "listing_image": self.listing_image_id,
            "body": self.body.get_prep_value(),
            "authors": [item.author_id for item in authors],
            "categories": sorted(category.pk for category in self.categories.all()),
            "tags": sorted(tag.name for tag in self.tags.all()),
        }

    def compute_reading_minutes(self):
        text = " ".join(self.body.stream_block.get_searchable_content(self.body))
        return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))

    # Search index helpers: flat text, so the database backend can index them.
    def author_names(self):
        return " ".join(str(a.author) for a in self.blog_authors.all() if a.author_id)

    def category_names(self):
        return " ".join(c.name for c in self.categories.all())

    def tag_names(self):
        return " ".join(t.name for t in self.tags.all())

    @cached_property
    def authors(self):
        """The post's authors in their editorial order (uses the listing prefetch)."""
        return [item.author for item in self.blog_authors.all() if item.author_id]

    @cached_property
    def tag_list(self):
        return [item.tag for item in self.tagged_items.all()]

    @cached_property
    def was_updated(self):
        if not (self.first_published_at and self.last_published_at):
            return False
        return self.last_published_at.date() > self.first_published_at.date()

    def stored_related(self):
        """The related posts stored when posts were published (blog/related.py) that readers
        can still see, in their stored order."""
        return BlogPage.objects.filter(related_from__page=self).order_by("related_from__sort_order")

    def related_posts(self):
        """stored_related(), with everything a card shows."""
        return list(self.stored_related().for_listing().order_by("related_from__sort_order"))

    def serve_preview(self, request, mode_name):
        # The editor's Checks panel and the clinician's preview show the language check's
        # flagged words (language/preview.py); readers' pages are never marked.
        return mark_preview(super().serve_preview(request, mode_name), self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = self.get_parent().specific
        context["related_posts"] = self._load_article(request)
        context.update(comment_context(self, request))
        return context

    def _load_article(self, request):
        """The related posts, with what the article shows beyond the page row for this post
        and its related cards together: one query each for the related posts, the authors
        (with their photos), the categories, the tags and the renditions of every image,
        whatever their number. A preview holds its own authors, categories and tags in
        memory already: only its cards are loaded."""
        if getattr(request, "is_preview", False):
            return self.related_posts() if self.pk else []
        related = list(
            self.stored_related()
            .visible()
            .annotate(public_comment_count=public_count_subquery())
            .select_related("listing_image")
        )
        prefetch_related_objects(
            [self, *related],
            Prefetch(
                "blog_authors",
                queryset=BlogPageAuthor.objects.select_related("author__photo"),
            ),
            "categories",
        )
        tags = BlogPageTag.objects.filter(content_object=self).select_related("tag")
        self.__dict__["tag_list"] = [t.tag for t in tags]
        images = [page.listing_image for page in [self, *related]]
        images += [author.photo for author in self.authors]
        # Every rendition of these few images: the hero, social, card and photo sizes.
        prefetch_related_objects(
            [image for image in images if image is not None],
            Prefetch(
                "renditions",
                queryset=get_image_model().get_rendition_model().objects.all(),
                to_attr="prefetched_renditions",
            ),
        )
        return related


class BlogPageAuthor(Orderable):
    page = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="blog_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("author")]


class RelatedPost(models.Model):
    """One entry of a post's stored related list, written by blog/related.py when posts are
    published or withdrawn. Not a child of the page (no ParentalKey): it belongs to no
    revision, so publishing an old revision never brings back an old list."""

    page = models.ForeignKey(BlogPage, on_delete=models.CASCADE, related_name="related_entries")
    related = models.ForeignKey(BlogPage, on_delete=models.CASCADE, related_name="related_from")
    sort_order = models.PositiveSmallIntegerField()

    # Derived data: no reference to record in Wagtail's usage reports.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["page", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["page", "related"], name="blog_related_post_once")
        ]

    def __str__(self):
        return f"{self.page_id} → {self.related_id} ({self.sort_order})"
