"""Keep search fresh when what a post is found by changes outside the post itself.

- Publishing, unpublishing or deleting a post updates the did-you-mean vocabulary and the
  post's ranked search document (search/documents.py); moving a page updates the tree
  paths of the documents below it (view restrictions are checked by path).
- A results page served from the page cache is still counted as a search.
- Renaming an author or a category re-indexes their posts: the names are part of each
  post's indexed text, so searching the new name finds them and the old one no longer does.
"""

import functools

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from wagtail.models import Page
from wagtail.search.backends import get_search_backends
from wagtail.signals import page_published, page_unpublished, post_page_move

from blog.authors import Author
from blog.models import BlogPage, BlogPageAuthor
from blog.taxonomy import BlogCategory
from pagecache.views import served_from_cache

from . import documents, vocabulary
from .views import count_search


@receiver(page_published, sender=BlogPage, dispatch_uid="search_vocabulary_published")
@receiver(page_unpublished, sender=BlogPage, dispatch_uid="search_vocabulary_unpublished")
@receiver(post_delete, sender=BlogPage, dispatch_uid="search_vocabulary_deleted")
def update_vocabulary(sender, instance, **kwargs):
    vocabulary.refresh([instance.pk])
    documents.refresh([instance.pk])


@receiver(post_page_move, dispatch_uid="search_documents_moved")
def update_moved_paths(sender, instance, **kwargs):
    moved = Page.objects.filter(pk=instance.pk).first()
    if moved is not None:
        below = BlogPage.objects.descendant_of(moved, inclusive=True)
        documents.refresh(below.values_list("pk", flat=True))


def reindex_posts(posts):
    posts = list(posts.prefetch_related("blog_authors__author", "categories", "tags"))
    if not posts:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(BlogPage, posts)
    vocabulary.refresh([post.pk for post in posts])
    documents.refresh([post.pk for post in posts])


def _indexed_name(model, instance):
    """What of `instance` goes into its posts' index (Author's __str__ includes credentials)."""
    if instance.pk is None:
        return None
    stored = model.objects.filter(pk=instance.pk).first()
    return str(stored) if stored else None


@receiver(pre_save, sender=Author, dispatch_uid="search_author_name_before")
@receiver(pre_save, sender=BlogCategory, dispatch_uid="search_category_name_before")
def remember_indexed_name(sender, instance, raw=False, **kwargs):
    if not raw:
        instance._search_indexed_name = _indexed_name(sender, instance)


def renamed(instance, created, raw):
    return not (created or raw) and getattr(instance, "_search_indexed_name", None) != str(instance)


@receiver(post_save, sender=Author, dispatch_uid="search_author_renamed")
def reindex_author_posts(sender, instance, created, raw=False, **kwargs):
    if renamed(instance, created, raw):
        pages = BlogPageAuthor.objects.filter(author=instance).values("page_id")
        reindex_posts(BlogPage.objects.filter(pk__in=pages))


@receiver(post_save, sender=BlogCategory, dispatch_uid="search_category_renamed")
def reindex_category_posts(sender, instance, created, raw=False, **kwargs):
    if renamed(instance, created, raw):
        reindex_posts(BlogPage.objects.filter(categories=instance))


@functools.cache
def _search_path():
    return reverse("search")


@receiver(served_from_cache, dispatch_uid="search_count_cached_results")
def count_cached_search(sender, request, **kwargs):
    # A results page from the page cache never reaches the view: count the search here.
    if request.path == _search_path():
        count_search(request)
