"""The public search page. Issue #5 grows it; this is Wagtail's database search on posts."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from blog.models import BlogPage

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    # PostgreSQL text cannot hold NUL bytes; drop them rather than fail the request.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    results = BlogPage.objects.for_listing().search(query) if query else BlogPage.objects.none()
    page_obj = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "results": page_obj}
    )
