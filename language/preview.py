"""Flagged words marked in an article's preview, for the editor's Checks panel.

Wagtail's checker runs axe in the preview. The words are found here, on the server, by the
same checker the review and the report use, and wrapped in <mark data-language-term="<id>">;
one axe rule per guide term (userbar.py) reports its marks, with the term's suggestion and
reason. The preview's <head> also says the article's reading grade
(<meta name="kinship:reading-grade">), which the Checks panel shows beside Wagtail's own
metrics. Readers' pages are never touched: only previews are marked.
"""

from bs4 import BeautifulSoup, NavigableString
from bs4.formatter import HTMLFormatter
from django.templatetags.static import static

from .check import check_page
from .checker import Checker

# Where the article's own words are; the site's header, navigation and footer are not its.
CONTENT = "main"
SKIPPED = {"blockquote", "script", "style", "template", "textarea", "wagtail-userbar", "mark"}
SCRIPT = "js/language-check-preview.js"


class _KeepAttributeOrder(HTMLFormatter):
    """BeautifulSoup's default sorts each tag's attributes; the preview keeps the page's."""

    def attributes(self, tag):
        return tag.attrs.items()


KEEP_ATTRIBUTE_ORDER = _KeepAttributeOrder()


def mark_preview(response, page):
    """`response` (a rendered preview of `page`) with its flagged words marked."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return response
    if hasattr(response, "render"):
        response.render()
    checker = Checker()
    soup = BeautifulSoup(response.content.decode(response.charset or "utf-8"), "html.parser")
    root = soup.find(CONTENT) or soup.body
    if root is None:
        return response
    for text in list(root.find_all(string=True)):
        if isinstance(text, NavigableString) and not _skipped(text):
            _mark(soup, text, checker.find(str(text)))
    result = check_page(page, checker)
    head = soup.head or soup
    meta = soup.new_tag("meta", attrs={"name": "kinship:reading-grade"})
    meta["content"] = "" if result.reading_grade is None else str(result.reading_grade)
    meta["data-target"] = str(result.target_grade)
    head.append(meta)
    script = soup.new_tag("script", src=static(SCRIPT))
    head.append(script)
    response.content = soup.decode(formatter=KEEP_ATTRIBUTE_ORDER).encode(
        response.charset or "utf-8"
    )
    return response


def _skipped(text):
    if type(text) is not NavigableString:  # comments, CDATA, doctype
        return True
    return any(
        parent.name in SKIPPED or parent.get("data-language-check") == "off"
        for parent in text.parents
    )


def _mark(soup, text, findings):
    if not findings:
        return
    value, position, pieces = str(text), 0, []
    for finding in findings:
        pieces.append(NavigableString(value[position : finding.start]))
        mark = soup.new_tag("mark", attrs={"data-language-term": str(finding.term_id)})
        mark["title"] = f"Language check: {finding.suggestion}"
        mark.string = finding.matched
        pieces.append(mark)
        position = finding.end
    pieces.append(NavigableString(value[position:]))
    text.replace_with(*[piece for piece in pieces if str(piece)])
