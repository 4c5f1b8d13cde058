"""RSS 2.0 feeds of the blog: all posts (`/blog/feed/`) and one category's
(`/blog/category/<slug>/feed/`), served by routes on BlogIndexPage.

Items come from `BlogIndexPage.posts()` (live, public, with authors, categories and tags
prefetched), so a feed costs the same number of queries for 1 item or 20.

Every URL in a feed is absolute and built from the Wagtail Site (as pages' own URLs are):
Django's syndication framework would otherwise complete relative URLs with the domain of
django.contrib.sites, which comments need but which is not the site readers visit.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from wagtail.models import Site

FEED_SIZE = 20


class BlogFeed(Feed):
    """The newest posts of one blog index, optionally of one category.

    A feed is built per request by the route that serves it (BlogIndexPage.feed_route and
    category_feed_route), which has already resolved the index and the category.
    """

    def __init__(self, blog_index, category=None):
        super().__init__()
        self.blog_index = blog_index
        self.category = category
        self.request = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.category

    def site_name(self):
        site = Site.find_for_request(self.request)
        return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME

    # Channel

    def title(self):
        name = self.category.name if self.category else self.blog_index.title
        return f"{self.site_name()}: {name}"

    def link(self):
        url = self.blog_index.get_full_url(self.request)
        if self.category:
            url += self.blog_index.reverse_subpage("category_route", args=[self.category.slug])
        return url

    def feed_url(self):
        if self.category:
            route = self.blog_index.reverse_subpage(
                "category_feed_route", args=[self.category.slug]
            )
        else:
            route = self.blog_index.reverse_subpage("feed_route")
        return self.blog_index.get_full_url(self.request) + route

    def description(self):
        if self.category:
            return self.category.description or f"Articles about {self.category.name}."
        introduction = strip_tags(self.blog_index.introduction).strip()
        return (
            self.blog_index.search_description
            or Truncator(introduction).words(40)
            or f"The latest articles from {self.site_name()}."
        )

    # Items

    def items(self):
        posts = self.blog_index.posts()
        if self.category:
            posts = posts.filter(categories=self.category)
        return posts[:FEED_SIZE]

    # item_title is the framework's: the title escaped once more, as Django does for
    # feed readers that show titles as HTML.

    def item_description(self, item):
        # The summary is plain text and an RSS description is HTML: escape it, so markup
        # typed into a summary reaches feed readers as text, never as HTML.
        return escape(item.summary)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors) or None

    def item_categories(self, item):
        names = [category.name for category in item.categories.all()]
        names += [tag.name for tag in item.tag_list]
        return list(dict.fromkeys(names))
