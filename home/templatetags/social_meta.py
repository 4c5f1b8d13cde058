"""What the <head> of every reader's page tells search engines, social networks and feed
readers: description, canonical URL, robots, OpenGraph and Twitter card tags, RSS links.

base.html renders its title and description blocks once with `{% capture %}` and hands them
to `{% social_meta %}`, so <title>, og:title and twitter:title always agree, whichever
template filled the block. Everything else is read from the context the page or view already
built (the page, its listing image, the category or author of a listing, the paginated
posts) and from the request's Site, which Wagtail caches on the request: the tags cost no
query per item, and an article's social image costs no query of its own (see social_image).
"""

from html import unescape
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, to_locale
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import Page, Site

from blog.authors import Author
from blog.models import BlogIndexPage, BlogPage
from blog.structured_data import HERO_IMAGE_SPEC
from blog.taxonomy import BlogCategory

register = template.Library()

# 1.91:1, the size OpenGraph and Twitter's large card show without cropping.
SOCIAL_IMAGE_SPEC = "fill-1200x630"
DESCRIPTION_WORDS = 30
# Views whose pages should not be indexed: search results, and the comment pages that answer
# a reader's action (robots.txt also keeps crawlers out of /comments/).
NOINDEX_URL_NAMES = {"search"}
NOINDEX_URL_PREFIX = "comments-"
# Context variables that hold a view's paginated list, whose page number is canonical.
LISTING_CONTEXT_NAMES = ("posts", "results")


class CaptureNode(template.Node):
    def __init__(self, nodelist, var_name):
        self.nodelist = nodelist
        self.var_name = var_name

    def render(self, context):
        # The output is rendered (already escaped) template text, so it stays safe.
        context[self.var_name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}`: render the contents into `name` instead of
    the output. Blocks inside stay overridable by child templates."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError(f"Usage: {{% {bits[0]} as name %}}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def _absolute(root_url, url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return root_url + url


def _words(html):
    # Rich text to plain text (the template escapes it again).
    return Truncator(unescape(strip_tags(html or "")).strip()).words(DESCRIPTION_WORDS)


def social_image(page):
    """The listing image's social rendition, or None.

    The article also shows the image's hero rendition: both are fetched in one query and
    kept on the image, so the hero (blog/structured_data.py) finds its rendition there.
    """
    image = getattr(page, "listing_image", None)
    if image is None:
        return None
    renditions = get_renditions_or_not_found(image, [SOCIAL_IMAGE_SPEC, HERO_IMAGE_SPEC])
    rendition = renditions[SOCIAL_IMAGE_SPEC]
    if not rendition.width:  # the source file is missing: no image rather than a broken one
        return None
    image.prefetched_renditions = list(renditions.values())
    return rendition


def _listing_filters(context, page):
    """The blog index sub-view on show: (category, tag, author), each or None."""
    if not isinstance(page, BlogIndexPage):
        return None, None, None
    category = context.get("category")
    author = context.get("author")
    return (
        category if isinstance(category, BlogCategory) else None,
        context.get("tag"),
        author if isinstance(author, Author) else None,
    )


def _canonical_url(context, request, page, root_url):
    """The page's own address plus only the query parameters that choose its content, taken
    from what the view resolved (so junk parameters and bad page numbers fall away)."""
    url = page.get_full_url(request) if page is not None else None
    match = getattr(request, "routable_resolver_match", None)
    if url is None:  # a view outside the page tree (or a page outside any site)
        url = root_url + request.path
    elif match is not None and isinstance(page, RoutablePageMixin):
        url += page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)
    params = {}
    _category, _tag, author = _listing_filters(context, page)
    if author is not None:
        params["author"] = author.slug
    listing = next(
        (
            context[name]
            for name in LISTING_CONTEXT_NAMES
            if isinstance(context.get(name), PaginatorPage)
        ),
        None,
    )
    if listing is not None and listing.number > 1:
        params["page"] = listing.number
    return f"{url}?{urlencode(params)}" if params else url


def _description(context, page, block_description, site_name):
    category, tag, author = _listing_filters(context, page)
    if category is not None:
        return category.description or f"Articles about {category.name} from {site_name}."
    if tag is not None:
        return f"Articles tagged “{tag.name}” from {site_name}."
    if author is not None:
        return f"Articles by {author.name} from {site_name}."
    if block_description:
        return block_description
    # Listing and home pages without a search description: their opening text.
    for field in ("introduction", "hero_text"):
        if text := _words(getattr(page, field, "")):
            return text
    return f"Articles on addiction recovery from {site_name}, reviewed by clinicians."


def _feeds(context, request, page, site_name):
    """RSS links: the blog's feed on every page that knows the blog, and a category page's
    own feed."""
    blog_index = page if isinstance(page, BlogIndexPage) else context.get("blog_index")
    if not isinstance(blog_index, BlogIndexPage) or not blog_index.live:
        return []
    base_url = blog_index.get_url(request)
    if base_url is None:
        return []
    feeds = [
        {
            "title": f"{site_name}: {blog_index.title}",
            "url": base_url + blog_index.reverse_subpage("feed_route"),
        }
    ]
    category, _tag, _author = _listing_filters(context, page)
    if category is not None:
        route = blog_index.reverse_subpage("category_feed_route", args=[category.slug])
        feeds.append({"title": f"{site_name}: {category.name}", "url": base_url + route})
    return feeds


@register.inclusion_tag("includes/social_meta.html", takes_context=True)
def social_meta(context, title="", description="", robots=""):
    """`{% social_meta title=… description=… robots=… %}`: the metadata tags of the page.

    `robots` comes from a template's robots block (e.g. "noindex" on error pages); search
    results and comment pages are noindex by their URL name.
    """
    request = context.get("request")
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    site = Site.find_for_request(request) if request is not None else None
    site_name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    description = _description(context, page, str(description), site_name)
    meta = {
        "title": title or site_name,
        "description": description,
        "site_name": site_name,
        "locale": to_locale(get_language() or "en-us"),
        "robots": str(robots),
    }
    if request is None:
        return meta

    url_name = getattr(request.resolver_match, "url_name", None) or ""
    if not meta["robots"] and (
        url_name in NOINDEX_URL_NAMES or url_name.startswith(NOINDEX_URL_PREFIX)
    ):
        meta["robots"] = "noindex"
    root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    if "noindex" not in meta["robots"]:
        meta["canonical_url"] = _canonical_url(context, request, page, root_url)
    meta["feeds"] = _feeds(context, request, page, site_name)

    if isinstance(page, BlogPage):
        meta["article"] = {
            "published_time": page.first_published_at,
            "modified_time": page.last_published_at,
            "authors": [_absolute(root_url, a.get_absolute_url()) for a in page.authors],
            "tags": [tag.name for tag in page.tag_list],
        }
        if rendition := social_image(page):
            meta["image"] = {
                "url": _absolute(root_url, rendition.url),
                "width": rendition.width,
                "height": rendition.height,
                "alt": page.listing_image.default_alt_text,
            }
    elif url_name == "author_detail":
        meta["type"] = "profile"
    return meta
