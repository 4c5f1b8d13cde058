"""The public search page and the search box's title suggestions."""

from django.core.paginator import Paginator
from django.core.validators import slug_unicode_re
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from blog.authors import Author
from blog.models import BlogIndexPage, BlogPage, BlogPageAuthor
from blog.taxonomy import BlogCategory

from . import vocabulary
from .highlight import excerpt, highlight, terms_pattern
from .query import (
    clean_query,
    indexed_texts,
    parse,
    query_terms,
    searchable_text,
)

PAGE_SIZE = 10
AUTOCOMPLETE_SIZE = 8
AUTOCOMPLETE_MIN_LENGTH = 2
NEWEST_POSTS = 3


def search(request):
    query = clean_query(request.GET.get("q", ""))
    search_query = parse(query)
    category = by_slug(BlogCategory, request.GET.get("category"))
    author = by_slug(Author, request.GET.get("author"))
    context = {"search_query": query, "category": category, "author": author, "results": None}
    if search_query is None:
        context.update(suggestions())
        return TemplateResponse(request, "search/search.html", context)

    posts = BlogPage.objects.visible()
    if author:
        posts = posts.filter(pk__in=BlogPageAuthor.objects.filter(author=author).values("page_id"))
    # Topic counts are for this query (and author) over all topics, so the reader can switch.
    topics = topics_for(posts.search(search_query))
    if category:
        in_category = BlogPage.categories.through.objects.filter(blogcategory=category)
        posts = posts.filter(pk__in=in_category.values("blogpage_id"))
    results = posts.for_listing().search(search_query)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    mark(page.object_list, terms_pattern(query_terms(search_query)))

    first_page = page.number == 1
    if first_page and not (category or author or request.GET.get("page")):
        # Logged once per search typed, not again for filters or further pages.
        Query.get(query).add_hit()
    context.update(
        results=page,
        topics=topics,
        promotions=promotions_for(query) if first_page else [],
        did_you_mean=vocabulary.suggest(query),
    )
    if not page.object_list:
        context.update(suggestions())
    return TemplateResponse(request, "search/search.html", context)


def autocomplete(request):
    """Up to eight titles of live, public posts for what the reader is typing, as JSON."""
    text = searchable_text(clean_query(request.GET.get("q", "")).replace('"', " "))
    results = []
    if len(text) >= AUTOCOMPLETE_MIN_LENGTH:
        posts = BlogPage.objects.visible().defer("body").autocomplete(text, operator="and")
        results = [
            {"title": post.title, "url": post.get_url(request)}
            for post in posts[:AUTOCOMPLETE_SIZE]
        ]
    response = JsonResponse({"results": results})
    patch_cache_control(response, public=True, max_age=60)
    return response


def by_slug(model, slug):
    """The object with this slug, or None for a missing or malformed one (the filter is
    then simply not applied)."""
    if not slug or not slug_unicode_re.match(slug):
        return None
    return model.objects.filter(slug=slug).first()


def topics_for(results):
    counts = {pk: n for pk, n in results.facet("categories").items() if pk is not None}
    topics = list(BlogCategory.objects.filter(pk__in=counts).order_by("name"))
    for topic in topics:
        topic.result_count = counts[topic.pk]
    return topics


def mark(posts, pattern):
    """Give each result its title and a summary or excerpt with the query's words marked."""
    unmatched = [post.pk for post in posts if not (pattern and pattern.search(post.summary))]
    texts = indexed_texts(unmatched) if unmatched else {}
    for post in posts:
        post.highlighted_title = highlight(post.title, pattern)
        post.snippet = excerpt(texts.get(post.pk, ""), pattern) or highlight(post.summary, pattern)


def promotions_for(query):
    """Editors' picks for this query (Settings › Promoted search results), leaving out
    pages readers cannot see."""
    visible = Q(page__isnull=True) | Q(page__in=Page.objects.live().public())
    return list(
        SearchPromotion.objects.filter(visible, query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order")
    )


def suggestions():
    """For an empty search or no results: topics to browse and the newest posts."""
    return {
        "show_suggestions": True,
        "blog_index": BlogIndexPage.objects.live().first(),
        "suggested_topics": BlogCategory.objects.with_post_counts(),
        "newest_posts": BlogPage.objects.visible().for_listing()[:NEWEST_POSTS],
    }
