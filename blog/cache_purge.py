"""Which cached pages a change to the content shows on, and purging them (pagecache/).

An article is cached under its own scope; every listing (home, the blog index with its
category, tag and feed routes, author pages, search, the sitemap) under the listings scope,
because each of them shows the topic counts or lists posts by date. So:

- an article published, unpublished, moved or deleted: the article, the articles that show it
  among their related posts, and the listings;
- a comment approved, removed or erased: its article and the listings (they show the count);
- an author, category or tag changed: the listings and the live articles that show it.

A CDN knows addresses, not scopes, so the same purge names the addresses of those pages: the
articles, home, the index and its feed, every category page and feed (a post may just have
left one), the article's tags, its authors' pages and the sitemap. Search result pages
cannot be listed: a CDN keeps them for the page cache's period at most.
"""

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from comments.changes import public_comments_changed
from pagecache.generations import LISTINGS, page_scope
from pagecache.purge import purge, purge_all

from .authors import Author
from .models import BlogIndexPage, BlogPage, BlogPageAuthor
from .related import articles_showing, related_lists_changed
from .taxonomy import BlogCategory, BlogPageTag


def _root_url():
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def listing_urls(article_ids):
    root = _root_url()
    urls = [root + "/", root + reverse("sitemap")]
    for index in BlogIndexPage.objects.live():
        base = index.get_full_url()
        urls += [base, base + "feed/"]
        for slug in BlogCategory.objects.values_list("slug", flat=True):
            category = base + index.reverse_subpage("category_route", args=[slug]).lstrip("/")
            urls += [category, category + "feed/"]
        tags = BlogPageTag.objects.filter(content_object_id__in=article_ids)
        for slug in tags.values_list("tag__slug", flat=True).distinct():
            urls.append(base + index.reverse_subpage("tag_route", args=[slug]).lstrip("/"))
    authors = BlogPageAuthor.objects.filter(page_id__in=article_ids)
    for slug in authors.values_list("author__slug", flat=True).distinct():
        urls.append(root + reverse("author_detail", args=[slug]))
    return urls


def purge_articles(article_ids, extra_urls=()):
    article_ids = set(article_ids)
    shown_with = set(articles_showing(article_ids)) - article_ids

    def addresses():
        pages = Page.objects.filter(pk__in=article_ids | shown_with)
        return [*(page.get_full_url() for page in pages), *listing_urls(article_ids), *extra_urls]

    purge({LISTINGS, *(page_scope(pk) for pk in article_ids | shown_with)}, addresses)


def article_changed(sender, instance, **kwargs):
    purge_articles([instance.pk])


def article_moved(sender, instance, url_path_before="", url_path_after="", **kwargs):
    # The old address may still be held by a CDN: name it too.
    full_url = instance.get_full_url() or ""
    before = full_url.replace(url_path_after.rstrip("/"), url_path_before.rstrip("/"), 1)
    purge_articles([instance.pk], extra_urls=[before] if url_path_before else [])


def other_page_changed(sender, instance, **kwargs):
    # Home, the blog index, any page in the menu: the navigation shows on every page.
    if not isinstance(instance, BlogPage):
        purge_all()


def related_lists_rewritten(sender, page_ids, **kwargs):
    # Their related posts are part of the article page; the listings are not concerned.
    def addresses():
        return [page.get_full_url() for page in Page.objects.filter(pk__in=page_ids)]

    purge({page_scope(pk) for pk in page_ids}, addresses)


def comments_changed(sender, page_ids, **kwargs):
    # Only a live article shows its comments, and only live ones are counted in listings: a
    # comment on a draft (an imported post in review) changes no page readers can see.
    live = list(BlogPage.objects.live().filter(pk__in=page_ids).values_list("pk", flat=True))
    if live:
        purge_articles(live)


def author_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        shown_on = BlogPage.objects.live().filter(blog_authors__author=instance)
        purge_articles(shown_on.values_list("pk", flat=True))


def category_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        purge_articles(
            BlogPage.objects.live().filter(categories=instance).values_list("pk", flat=True)
        )


def tag_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        tagged = BlogPageTag.objects.filter(tag=instance).values_list(
            "content_object_id", flat=True
        )
        purge_articles(tagged)


def connect():
    for signal in (page_published, page_unpublished):
        name = "published" if signal is page_published else "unpublished"
        signal.connect(article_changed, sender=BlogPage, dispatch_uid=f"kinship_purge_{name}")
        signal.connect(other_page_changed, dispatch_uid=f"kinship_purge_other_{name}")
    post_delete.connect(article_changed, sender=BlogPage, dispatch_uid="kinship_purge_deleted")
    post_page_move.connect(article_moved, sender=BlogPage, dispatch_uid="kinship_purge_moved")
    public_comments_changed.connect(comments_changed, dispatch_uid="kinship_purge_comments")
    related_lists_changed.connect(related_lists_rewritten, dispatch_uid="kinship_purge_related")
    for model, receiver in (
        (Author, author_changed),
        (BlogCategory, category_changed),
        (Tag, tag_changed),
    ):
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            uid = f"kinship_purge_{model._meta.label}_{name}"
            signal.connect(receiver, sender=model, dispatch_uid=uid)
