"""A WordPress post's body HTML as the article's StreamField blocks (blog.blocks).

The mapping (the README's "Moving from WordPress" quotes it):

- Gutenberg's `<!-- wp:… -->` comments are markers only and are dropped; the classic editor's
  blank-line paragraphs become <p>s first (as WordPress's wpautop does).
- Paragraphs and lists before the first heading → one `intro`.
- A heading whose section is made of sub-headings (at least two, with at most a short lead
  paragraph before the first) → that heading as a `heading`, then each sub-heading with the
  text up to the next heading as a `benefit_section`.
- Other headings → `heading` (h1/h2 → h2, h3 → h3, h4–h6 → h4); the text between them →
  `paragraph` blocks, consecutive paragraphs and lists merged.
- blockquote → `quote`, its <cite> (or a closing "— Name" line) the attribution; a quote too
  long for the block stays a paragraph.
- img (bare, linked, in a <figure> with <figcaption>, or in a [caption] shortcode) → `image`
  when `find_image` finds its file, else an "Image not imported" callout naming the file.
- Shortcodes are removed (an enclosing one keeps its text); script, style, iframe, form and
  other embeds are removed; tables keep their text as paragraphs; wrappers (div, span, font…)
  are unwrapped. Each removal is listed in `notes`.
- Rich text is cleaned to the features the editor allows by Wagtail's own converter (the one
  the editor uses), so strong/em become b/i; a link without a safe address (http(s), mailto,
  tel, a path or an anchor) keeps its text and loses the link.
"""

import re
from dataclasses import dataclass, field
from functools import cache

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.utils.text import Truncator
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from blog.blocks import TEXT_FEATURES

HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
HEADING_RANK = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
TEXT_TAGS = {"p", "ul", "ol"}
REMOVED = {"script", "style", "iframe", "form", "object", "embed", "noscript", "video", "audio"}
HEADING_MAX = {"heading": 160, "benefit": 120}
QUOTE_MAX, ATTRIBUTION_MAX = 600, 120
LEAD_WORDS = 60  # text before the first sub-heading that still counts as a short lead
SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)([^\]]*)\]")
CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S | re.I)
SAFE_HREF = re.compile(r"^(https?://|mailto:|tel:|/|#)", re.I)
BLOCK_START = re.compile(r"<(p|h[1-6]|ul|ol|blockquote|figure|div|table|pre)\b", re.I)


@dataclass
class BodyConversion:
    blocks: list
    notes: list = field(default_factory=list)
    missing_images: list = field(default_factory=list)


@cache
def _converter():
    return ContentstateConverter(TEXT_FEATURES)


def clean_rich_text(html):
    converter = _converter()
    return converter.to_database_format(converter.from_database_format(html))


def _autop(text):
    """wpautop's core: blank-line separated text becomes paragraphs, single newlines <br>."""
    parts = re.split(r"\n\s*\n", text.strip())
    out = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if BLOCK_START.match(part):
            out.append(part)
        else:
            out.append("<p>" + part.replace("\n", "<br/>") + "</p>")
    return "\n".join(out)


def _text(node):
    return " ".join(node.get_text(" ").split())


class _Converter:
    def __init__(self, find_image):
        self.find_image = find_image
        self.notes = []
        self.missing = []
        self.items = []  # ("heading", rank, text) | ("text", html) | ("block", dict)

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    # Reading the HTML into a flat list of items ----------------------------------------------

    def read(self, html):
        html = CAPTION.sub(lambda m: f"<figure>{m.group(1)}</figure>", html)
        # [caption] holds the image then its caption text.
        html = re.sub(
            r"<img([^>]*?)/?>\s*([^<\[]+?)\s*</figure>",
            r"<img\1/><figcaption>\2</figcaption></figure>",
            html,
        )
        html = self.strip_shortcodes(html)
        if "<p" not in html.lower():
            html = _autop(html)
        soup = BeautifulSoup(html, "html.parser")
        for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
            comment.extract()
        for name in REMOVED:
            for node in soup.find_all(name):
                self.note(f"<{name}> removed")
                node.decompose()
        for link in soup.find_all("a"):
            # The editor keeps a link only with its href; an unsafe or missing one would
            # leave a bare <a> behind, so the link text stays and the link goes.
            if not SAFE_HREF.match(link.get("href", "").strip()):
                link.unwrap()
        for paragraph in soup.select("li > p"):
            paragraph.unwrap()  # Gutenberg lists hold paragraphs; the editor's lists do not
        self.walk(soup)

    def strip_shortcodes(self, html):
        def replace(match):
            name = match.group(2).lower()
            if not match.group(1):
                self.note(f"Shortcode [{name}] removed")
            return ""

        return SHORTCODE.sub(replace, html)

    def walk(self, parent):
        inline = []

        def flush_inline():
            text = "".join(str(n) for n in inline).strip()
            inline.clear()
            if text and BeautifulSoup(text, "html.parser").get_text().strip():
                self.items.append(("text", f"<p>{text}</p>"))

        for node in list(parent.children):
            if isinstance(node, NavigableString):
                inline.append(node)
                continue
            if not isinstance(node, Tag):
                continue
            name = node.name.lower()
            if name in ("img", "figure") or (name in ("p", "a") and node.find("img")):
                flush_inline()
                self.images(node)
                if name == "p":
                    for img in node.find_all("img"):
                        img.decompose()
                    if _text(node):
                        self.items.append(("text", str(node)))
                continue
            if name in HEADING_RANK:
                flush_inline()
                if text := _text(node):
                    self.items.append(("heading", HEADING_RANK[name], text))
                continue
            if name in TEXT_TAGS:
                flush_inline()
                if _text(node):
                    self.items.append(("text", str(node)))
                continue
            if name == "blockquote":
                flush_inline()
                self.quote(node)
                continue
            if name == "table":
                flush_inline()
                self.note("<table> removed (its text kept as paragraphs)")
                for row in node.find_all("tr"):
                    if text := _text(row):
                        self.items.append(("text", f"<p>{text}</p>"))
                continue
            if name in ("div", "section", "article", "figure", "center", "main", "aside"):
                flush_inline()
                self.walk(node)
                continue
            if name in ("br",):
                inline.append(node)
                continue
            # Inline markup (b, em, a, span, font…): kept for the converter to clean.
            inline.append(node)
        flush_inline()

    def images(self, node):
        for img in node.find_all("img") if node.name != "img" else [node]:
            src = img.get("src", "")
            caption_node = node.find("figcaption") if node.name == "figure" else None
            caption = _text(caption_node) if caption_node else ""
            image_id = self.find_image(src) if (self.find_image and src) else None
            if image_id is not None:
                self.items.append(
                    (
                        "block",
                        {
                            "type": "image",
                            "value": {
                                "image": image_id,
                                "alt_text": (img.get("alt") or "")[:255],
                                "caption": caption[:255],
                            },
                        },
                    )
                )
            else:
                name = src.rsplit("/", 1)[-1] or "an image"
                self.missing.append(src)
                self.items.append(("block", _placeholder(name)))

    def quote(self, node):
        cite = node.find("cite")
        attribution = _text(cite) if cite else ""
        if cite:
            cite.decompose()
        text = node.get_text("\n").strip()
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        if not attribution and len(lines) > 1 and re.match(r"^[—–-]\s*\S", lines[-1]):
            attribution = lines.pop().lstrip("—–- ").strip()
        quote = "\n".join(lines)
        if not quote:
            return
        if len(quote) > QUOTE_MAX or len(attribution) > ATTRIBUTION_MAX:
            self.note("A quotation too long for a quote block was kept as a paragraph")
            self.items.append(("text", "".join(f"<p>{line}</p>" for line in lines)))
            return
        self.items.append(
            ("block", {"type": "quote", "value": {"quote": quote, "attribution": attribution}})
        )

    # Grouping the items into blocks -------------------------------------------------------

    def blocks(self):
        blocks = []
        items = self.items
        i = 0
        intro = []
        while i < len(items) and items[i][0] == "text":
            intro.append(items[i][1])
            i += 1
        if intro:
            blocks.append({"type": "intro", "value": clean_rich_text("".join(intro))})
        text = []

        def flush_text():
            if text:
                cleaned = clean_rich_text("".join(text))
                if cleaned:
                    blocks.append({"type": "paragraph", "value": cleaned})
                text.clear()

        while i < len(items):
            kind = items[i][0]
            if kind == "text":
                text.append(items[i][1])
                i += 1
            elif kind == "block":
                flush_text()
                blocks.append(items[i][1])
                i += 1
            else:
                flush_text()
                i = self.section(items, i, blocks)
        flush_text()
        return blocks

    def section(self, items, i, blocks):
        """The heading at `i`, and its benefit sections when its section is made of
        sub-headings; returns the index after what it used."""
        _, rank, heading_text = items[i]
        blocks.append(self.heading(heading_text, rank))
        j = i + 1
        lead = []
        while j < len(items) and items[j][0] == "text":
            lead.append(items[j][1])
            j += 1
        subs = []
        k = j
        while k < len(items) and not (items[k][0] == "heading" and items[k][1] <= rank):
            if items[k][0] == "heading" and items[k][1] == rank + 1:
                subs.append(k)
            elif items[k][0] == "heading":
                break  # a deeper structure: not a simple list of benefits
            k += 1
        lead_words = len(BeautifulSoup("".join(lead), "html.parser").get_text().split())
        deeper = k < len(items) and items[k][0] == "heading" and items[k][1] > rank
        if len(subs) < 2 or lead_words > LEAD_WORDS or deeper:
            return i + 1
        if lead:
            blocks.append({"type": "paragraph", "value": clean_rich_text("".join(lead))})
        for n, start in enumerate(subs):
            end = subs[n + 1] if n + 1 < len(subs) else k
            body_parts = [item[1] for item in items[start + 1 : end] if item[0] == "text"]
            others = [item[1] for item in items[start + 1 : end] if item[0] == "block"]
            title = self.cut(items[start][2], HEADING_MAX["benefit"])
            body = clean_rich_text("".join(body_parts)) if body_parts else ""
            if not body:
                blocks.append(self.heading(items[start][2], items[start][1]))
            else:
                blocks.append(
                    {"type": "benefit_section", "value": {"heading": title, "body": body}}
                )
            blocks.extend(others)
        return k

    def heading(self, text, rank):
        level = HEADINGS[f"h{min(rank, 6)}"]
        return {
            "type": "heading",
            "value": {"text": self.cut(text, HEADING_MAX["heading"]), "level": level},
        }

    def cut(self, text, limit):
        if len(text) <= limit:
            return text
        self.note(f"A heading longer than {limit} characters was shortened")
        return Truncator(text).chars(limit, truncate="…")


def _placeholder(name):
    return {
        "type": "callout",
        "value": {
            "tone": "warning",
            "title": "Image not imported",
            "text": f"<p>The image “{name}” from WordPress was not found in the uploads folder. "
            "Add it here or remove this note.</p>",
        },
    }


def convert_body(html, find_image=None):
    converter = _Converter(find_image)
    converter.read(html or "")
    return BodyConversion(
        blocks=converter.blocks(), notes=converter.notes, missing_images=converter.missing
    )
