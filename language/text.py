"""The words of an article that the check reads: its title, its summary and every text in
its StreamField body (rich text without its markup or link addresses, headings, quotes'
attributions…), each with where it is. A block whose Meta says `language_check = False`
(the quote block: someone's own words) is left out, and so is a <blockquote> in rich text.
"""

from dataclasses import dataclass

from bs4 import BeautifulSoup
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.rich_text import RichText

# Fields read before the body, when the model has them.
PLAIN_FIELDS = ("title", "summary", "search_description")


@dataclass(frozen=True)
class Segment:
    where: str
    text: str


def html_text(html):
    soup = BeautifulSoup(html or "", "html.parser")
    for quote in soup.find_all("blockquote"):
        quote.decompose()
    return " ".join(soup.get_text(" ").split())


def html_lines(html):
    """The text of an HTML document with its line breaks where they were (for line numbers):
    markup and link addresses out, and a <blockquote> as blank lines."""
    soup = BeautifulSoup(html or "", "html.parser")
    for hidden in soup.find_all(["blockquote", "script", "style"]):
        hidden.replace_with("\n" * str(hidden).count("\n"))
    return soup.get_text()


def page_segments(page):
    """The texts of `page` (a page object, live or from a revision), in reading order."""
    for name in PLAIN_FIELDS:
        value = getattr(page, name, None)
        if isinstance(value, str) and value.strip():
            label = page._meta.get_field(name).verbose_name
            yield Segment(label[:1].upper() + label[1:], value)
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            yield from stream_segments(getattr(page, field.name), prefix="")


def stream_segments(stream, prefix):
    counts = {}
    for child in stream:
        counts[child.block_type] = counts.get(child.block_type, 0) + 1
        label = f"{prefix}{child.block.label} {counts[child.block_type]}"
        yield from _block_segments(child.block, child.value, label)


def _block_segments(block, value, label):
    if getattr(block.meta, "language_check", True) is False or value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        source = value.source if isinstance(value, RichText) else str(value)
        if text := html_text(source):
            yield Segment(label, text)
    elif isinstance(block, blocks.CharBlock | blocks.TextBlock):
        if str(value).strip():
            yield Segment(label, str(value))
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _block_segments(child, value.get(name), f"{label} › {child.label}")
    elif isinstance(block, blocks.ListBlock):
        for number, item in enumerate(value, 1):
            yield from _block_segments(block.child_block, item, f"{label} › {number}")
    elif isinstance(block, blocks.StreamBlock):
        yield from stream_segments(value, prefix=f"{label} › ")
