"""What an article tells readers and machines about itself: the clinical review line and
schema.org JSON-LD.

The JSON-LD is a `MedicalWebPage`, not a `BlogPosting`: schema.org defines `reviewedBy` and
`lastReviewed` on WebPage only, and BlogPosting is an Article (a CreativeWork, not a
WebPage), so on a BlogPosting the two properties this page exists to carry would be out of
their domain. Everything else an article needs (`headline`, `author`, `datePublished`,
`dateModified`, `publisher`, `image`) is a CreativeWork property that WebPage inherits.

Everything here reads what the article page already loads (the authors BlogPage.serve
prefetches, the hero rendition the template renders, the request's Site), so the page's
query count does not grow with its authors; the clinical review costs no query when the page
was loaded with its approval, as a served article is, and one otherwise.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Site

from editorial.models import ClinicalApproval

HERO_IMAGE_SPEC = "width-1200"

# JSON is embedded in a <script> element, where "</script>" or "<!--" in a string would end
# or confuse it: escape the characters HTML cares about (as Django's json_script does).
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


@dataclass(frozen=True)
class ClinicalReview:
    """The review line's facts: the name is the one recorded at the time of the review."""

    reviewer_name: str
    reviewed_at: datetime
    reviewer_url: str = ""  # the reviewer's public author page, when they have one

    @property
    def reviewed_on(self) -> date:
        return timezone.localtime(self.reviewed_at).date()


def _memoized(page, key, compute):
    # Per page instance: the head (JSON-LD) and the body (review line, hero) share one lookup.
    cache = page.__dict__.setdefault("_structured_data_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def clinical_review(page, request=None) -> ClinicalReview | None:
    """The clinical review shown with `page`, or None (posts published before reviews were
    recorded have none).

    Readers see `page.clinical_approval`, the approval covering the live content. A preview
    shows the approval covering the previewed content, i.e. what readers would see if it
    were published now.
    """

    def compute():
        if getattr(request, "is_preview", False):
            approval = ClinicalApproval.objects.covering(page)
        elif type(page).clinical_approval.is_cached(page):
            # Loaded with the page (BlogPageQuerySet.for_route, which serves the article).
            approval = page.clinical_approval
        elif page.clinical_approval_id:
            approval = (
                ClinicalApproval.objects.select_related("reviewer__author_profile")
                .filter(pk=page.clinical_approval_id)
                .first()
            )
            if approval is not None:
                # Later uses of page.clinical_approval need no query of their own.
                type(page).clinical_approval.field.set_cached_value(page, approval)
        else:
            approval = None
        if approval is None:
            return None
        profile = getattr(approval.reviewer, "author_profile", None)
        return ClinicalReview(
            reviewer_name=approval.reviewer_name,
            reviewed_at=approval.approved_at,
            reviewer_url=profile.get_absolute_url() if profile is not None else "",
        )

    return _memoized(page, "clinical_review", compute)


def hero_rendition(page):
    """The listing image's rendition the article shows at its top, or None."""

    def compute():
        image = page.listing_image
        return get_rendition_or_not_found(image, HERO_IMAGE_SPEC) if image else None

    return _memoized(page, "hero_rendition", compute)


def _iso_datetime(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _absolute(root_url, url):
    if not url or url.startswith(("http://", "https://")):
        return url or None
    return f"{root_url}{url}" if root_url else None


def _without_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _person(name, root_url, credentials="", job_title="", url=""):
    return _without_empty(
        {
            "@type": "Person",
            "name": name,
            "honorificSuffix": credentials,
            "jobTitle": job_title,
            "url": _absolute(root_url, url),
        }
    )


def article_json_ld(page, request=None):
    """The schema.org description of an article, as a dict ready for json.dumps."""
    url_parts = page.get_url_parts(request)
    root_url = url_parts[1] if url_parts else None
    site = Site.find_for_request(request) if request is not None else page.get_site()

    rendition = hero_rendition(page)
    image_url = None
    if rendition is not None and rendition.width:  # width 0: the source file is missing
        image_url = _absolute(root_url, rendition.url)

    review = clinical_review(page, request)
    return _without_empty(
        {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "headline": page.title,
            "description": page.summary,
            "url": page.get_full_url(request),
            "image": image_url,
            "author": [
                _person(
                    author.name,
                    root_url,
                    credentials=author.credentials,
                    job_title=author.role,
                    url=author.get_absolute_url(),
                )
                for author in page.authors
            ],
            "reviewedBy": (
                _person(review.reviewer_name, root_url, url=review.reviewer_url) if review else None
            ),
            "lastReviewed": review.reviewed_on.isoformat() if review else None,
            "datePublished": _iso_datetime(page.first_published_at),
            "dateModified": _iso_datetime(page.last_published_at),
            "publisher": _without_empty(
                {
                    "@type": "Organization",
                    "name": (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME,
                    "url": _absolute(root_url, "/"),
                }
            ),
        }
    )


def json_ld_script(data, nonce=None):
    """`data` as a <script type="application/ld+json"> element, safe inside HTML, with the
    Content-Security-Policy nonce of the response when there is one (cms/security.py)."""
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    # Safe: the only characters that could end the element or start markup are escaped, and
    # a nonce is base64 (django-csp).
    attributes = f' nonce="{nonce}"' if nonce else ""
    return mark_safe(f'<script type="application/ld+json"{attributes}>{payload}</script>')
