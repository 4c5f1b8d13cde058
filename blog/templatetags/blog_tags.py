"""Template tags for articles: the clinical review line, the hero image and JSON-LD."""

from django import template

from blog import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def clinical_review(context, page):
    """`{% clinical_review page as review %}`: the ClinicalReview shown with `page`, or None."""
    return structured_data.clinical_review(page, context.get("request"))


@register.simple_tag
def article_hero(page):
    """`{% article_hero page as hero %}`: the hero rendition, shared with the JSON-LD."""
    return structured_data.hero_rendition(page)


@register.simple_tag(takes_context=True)
def article_json_ld(context, page):
    """`{% article_json_ld page %}`: the article's schema.org JSON-LD <script> element."""
    request = context.get("request")
    data = structured_data.article_json_ld(page, request)
    # django-csp's nonce is lazy: reading it as a string is what puts it in the header.
    nonce = getattr(request, "csp_nonce", None)
    return structured_data.json_ld_script(data, nonce=str(nonce) if nonce is not None else None)
