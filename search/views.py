"""The public search page and the search box's title suggestions."""

from django.core.paginator import Paginator
from django.core.validators import slug_unicode_re
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from blog.authors import Author
from blog.models import BlogIndexPage, BlogPage, BlogPageAuthor
from blog.taxonomy import BlogCategory, category_counts

from . import documents, hits, vocabulary
from .highlight import excerpt, highlight, terms_pattern
from .query import (
    clean_query,
    indexed_texts,
    parse,
    query_terms,
    searchable_text,
)
from .ranked import ranked_page

PAGE_SIZE = 10
AUTOCOMPLETE_SIZE = 8
AUTOCOMPLETE_MIN_LENGTH = 2
NEWEST_POSTS = 3
# Below this many results the page also asks the vocabulary whether a word was misspelt.
FEW_RESULTS = 5


def count_search(request):
    """Count a search once per search typed, not again for filters or further pages; it is
    written to the query log later, in a batch (search/hits.py), never while the reader waits.
    Also called for a results page served from the page cache (search/signals.py)."""
    params = request.GET
    query = clean_query(params.get("q", ""))
    if parse(query) is not None and not any(params.get(k) for k in ("category", "author", "page")):
        hits.record(query)


def search(request):
    query = clean_query(request.GET.get("q", ""))
    search_query = parse(query)
    category = by_slug(BlogCategory, request.GET.get("category"))
    author = by_slug(Author, request.GET.get("author"))
    context = {"search_query": query, "category": category, "author": author, "results": None}
    if search_query is None:
        context.update(suggestions())
        return TemplateResponse(request, "search/search.html", context)

    find = ranked_results if documents.enabled() else backend_results
    page, topics = find(search_query, request.GET.get("page"), category, author)
    mark(page.object_list, terms_pattern(query_terms(search_query)))

    first_page = page.number == 1
    count_search(request)
    context.update(
        results=page,
        topics=topics,
        promotions=promotions_for(query) if first_page else [],
        # Only when the query finds little: a query with many results is no misspelling.
        did_you_mean=vocabulary.suggest(query) if page.paginator.count < FEW_RESULTS else None,
    )
    if not page.object_list:
        context.update(suggestions())
    return TemplateResponse(request, "search/search.html", context)


def ranked_results(search_query, page_number, category, author):
    """The results page and topic counts from one ranked query (PostgreSQL, search/ranked.py)."""

    def fetch(number):
        offset = (number - 1) * PAGE_SIZE
        ranked = ranked_page(
            search_query,
            offset,
            PAGE_SIZE,
            category_id=category.pk if category else None,
            author_id=author.pk if author else None,
        )
        return ranked, Paginator(FetchedPage(ranked, offset), PAGE_SIZE)

    try:
        wanted = max(1, int(page_number))
    except (TypeError, ValueError):
        wanted = 1
    ranked, paginator = fetch(wanted)
    # The page the reader gets, as Paginator.get_page() decides: the last page for a number
    # past the end (or below 1). Only then is a second query needed.
    number = Paginator(range(ranked.total), PAGE_SIZE).get_page(page_number).number
    if number != wanted:
        ranked, paginator = fetch(number)
    counts = ranked.topic_counts
    topics = list(BlogCategory.objects.filter(pk__in=counts).order_by("name"))
    for topic in topics:
        topic.result_count = counts[topic.pk]
    return paginator.get_page(number), topics


class FetchedPage:
    """The search's results as Paginator sees them: `total` long, with the posts of the one
    page fetched. Asking for another slice is a bug, not a query."""

    def __init__(self, ranked, offset):
        self.ranked, self.offset = ranked, offset
        self.posts = None

    def count(self):
        return self.ranked.total

    def __len__(self):
        return self.ranked.total

    def __getitem__(self, index):
        if index.start != self.offset and self.ranked.total:
            raise IndexError(f"Only results from {self.offset} were fetched, not {index.start}")
        if self.posts is None:
            ids = self.ranked.page_ids
            by_id = {post.pk: post for post in BlogPage.objects.filter(pk__in=ids).for_listing()}
            self.posts = [by_id[pk] for pk in ids if pk in by_id]
        return self.posts


def backend_results(search_query, page_number, category, author):
    """The results page and topic counts through Wagtail's search backend (SQLite)."""
    posts = BlogPage.objects.searchable()
    if author:
        posts = posts.filter(pk__in=BlogPageAuthor.objects.filter(author=author).values("page_id"))
    # Topic counts are for this query (and author) over all topics, so the reader can switch.
    topics = topics_for(posts.search(search_query))
    if category:
        in_category = BlogPage.categories.through.objects.filter(blogcategory=category)
        posts = posts.filter(pk__in=in_category.values("blogpage_id"))
    results = posts.with_cards().search(search_query)
    return Paginator(results, PAGE_SIZE).get_page(page_number), topics


def autocomplete(request):
    """Up to eight titles of live, public posts for what the reader is typing, as JSON."""
    text = searchable_text(clean_query(request.GET.get("q", "")).replace('"', " "))
    results = []
    if len(text) >= AUTOCOMPLETE_MIN_LENGTH:
        posts = BlogPage.objects.searchable().defer("body").autocomplete(text, operator="and")
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
        "suggested_topics": category_counts(),  # cached, as the listings show them
        "newest_posts": BlogPage.objects.visible().for_listing()[:NEWEST_POSTS],
    }
