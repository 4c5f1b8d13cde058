"""Every page served through Wagtail opts into the page cache. An article is cached under its
own id; every other page (home, the blog index and its category, tag and feed routes) lists
articles and is cached with the listings."""

from wagtail import hooks

from cms.articles import get_article_model

from .generations import LISTINGS, page_scope


@hooks.register("before_serve_page")
def name_the_cache_scope(page, request, serve_args, serve_kwargs):
    is_article = isinstance(page, get_article_model())
    request.page_cache_scope = page_scope(page.pk) if is_article else LISTINGS
