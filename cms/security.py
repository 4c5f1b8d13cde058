"""The Content-Security-Policy: readers' pages get a strict policy, the Wagtail admin its own.

Readers' pages run no inline script or style without the response's nonce (django-csp's
`request.csp_nonce`): the article's JSON-LD carries it, and everything else is a static
file of our own. Wagtail's admin writes inline scripts (date
pickers, inline panels, workflow set-up) and inline styles that no nonce reaches, so paths
under the admin get `KINSHIP_ADMIN_CONTENT_SECURITY_POLICY`, which allows them.

The page cache (pagecache/) stores a page with its headers, so every reader of a cached copy
gets the nonce it was rendered with: the header and the markup still match. We accept that
for what is cached, anonymous pages without cookies, rather than hashes (which would need
the header rewritten for each page's JSON-LD): a nonce only has to be unknown to whoever put
markup into *that* render, and it is. Markup that arrives later (an approved comment, an
edited post) comes with a purge and a new render, so a new nonce; markup from the address
(the query string) is part of the copy's cache key, so it was fixed before the render drew
the nonce. Seeing a cached copy's nonce helps with no other render.

The nonce changes on every render, so the ETag is taken over the page without it: a reader
revalidating a page rendered again since gets a 304 for the copy (and policy) they hold.
"""

import hashlib

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.utils.cache import cc_delim_re, quote_etag


def is_admin_path(path):
    return path.startswith(settings.KINSHIP_ADMIN_CSP_PATHS)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy and an ETag that ignores the nonce.

    It sits just inside ConditionalGetMiddleware: the header is on the full response, and a
    304 made from it (which carries no Content-Security-Policy) leaves the reader's stored
    page with the policy that matches its nonce."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if is_admin_path(request.path_info):
            parts.config = default_config(
                settings.KINSHIP_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            )
        elif getattr(request, "is_dummy", False):
            # A Wagtail preview: the page, rendered through the middleware for a made-up
            # request to its own URL, keeps the readers' policy, except that the editor's
            # preview panel may frame it.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        nonce = getattr(request, "_csp_nonce", None)
        if nonce and _needs_etag(request, response):
            content = response.content.replace(nonce.encode(), b"")
            digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
            response.headers["ETag"] = quote_etag(digest)
        return response


def _needs_etag(request, response):
    """The responses ConditionalGetMiddleware would give an ETag (django.utils.cache)."""
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and not response.streaming
        and not response.has_header("ETag")
        and response.content
        and all(part.lower() != "no-store" for part in cc_delim_re.split(cache_control))
    )
