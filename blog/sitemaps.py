"""The sections of `/sitemap.xml` (served by wagtail.contrib.sitemaps' view, cms/urls.py).

- pages: Wagtail's page sitemap (live, public pages of the request's site, each dated by its
  last publication); BlogIndexPage adds its category pages (see its get_sitemap_urls).
- authors: author pages live outside the page tree; an author is listed once they have a
  post readers can see, dated by that post's last publication.
"""

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap

from .authors import Author
from .models import BlogPage


class PageSitemap(Sitemap):
    def items(self):
        # A page past its expiry time is left out even before the scheduler unpublishes it.
        return super().items().exclude(expire_at__lte=timezone.now())


class AuthorSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        newest_post = (
            BlogPage.objects.descendant_of(root)
            .visible()
            .filter(blog_authors__author=OuterRef("pk"))
            .order_by("-last_published_at")
            .values("last_published_at")[:1]
        )
        return (
            Author.objects.annotate(lastmod=Subquery(newest_post))
            .filter(lastmod__isnull=False)
            .order_by("name", "pk")
        )

    def _urls(self, page, protocol, domain):
        # As for pages, URLs use the Wagtail site's root URL rather than `domain`, which
        # comes from django.contrib.sites.
        root_url = self.get_wagtail_site().root_url
        urls = [
            {"location": root_url + author.get_absolute_url(), "lastmod": author.lastmod}
            for author in self.paginator.page(page).object_list
        ]
        if urls:
            self.latest_lastmod = max(url["lastmod"] for url in urls)
        return urls


SITEMAPS = {"pages": PageSitemap, "authors": AuthorSitemap}
