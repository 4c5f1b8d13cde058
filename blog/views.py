"""Public views that live outside the page tree."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.images import get_image_model

from .authors import Author
from .models import AUTHOR_PHOTO_SPEC, BlogIndexPage, BlogPage

AUTHOR_PAGE_SIZE = 10


def author_detail(request, slug):
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec=AUTHOR_PHOTO_SPEC)
    )
    authors = Author.objects.select_related("photo").prefetch_related(
        Prefetch("photo__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )
    author = get_object_or_404(authors, slug=slug)
    posts = BlogPage.objects.for_listing().filter(blog_authors__author=author)
    page_obj = Paginator(posts, AUTHOR_PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "blog/author_detail.html",
        {
            "author": author,
            "posts": page_obj,
            "blog_index": BlogIndexPage.objects.live().first(),
        },
    )
