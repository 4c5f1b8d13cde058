"""The content fingerprint an approval covers: what a reader sees, not revision bookkeeping or
serialisation noise.

Before hashing, every string of the reviewed content that holds HTML (rich text, in fields or
StreamField blocks) is brought to one canonical form, so that the rich-text editor's round trip
(which rewrites `</p> <p>` as `</p><p>`, orders attributes its own way and writes entities as
characters) keeps the approval:

- whitespace next to a block element's tags (between paragraphs, at the start or end of one)
  is dropped, and any other run of whitespace is one space, as a browser renders it;
- tag and attribute names are lower case, attributes sorted, values and text unescaped and
  escaped again one way (`&#39;`, `&rsquo;` and `’` are the same character);
- the editor's paragraph keys (`data-block-key`) and block ids are left out, and an empty
  optional value is the same whether stored as null or as "".

Words, links, emphasis, images and block order still count: changing any of them needs a new
approval.
"""

import hashlib
import html
import json
import re
from html.parser import HTMLParser

from django.core.serializers.json import DjangoJSONEncoder

BLOCK_KEY_RE = re.compile(r'\s+data-block-key="[^"]*"')
LOOKS_LIKE_HTML_RE = re.compile(r"<[a-zA-Z/!]")
WHITESPACE_RE = re.compile(r"\s+")

# Elements a browser lays out as blocks: whitespace beside their tags shows as nothing.
BLOCK_ELEMENTS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "embed",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}  # fmt: skip
VOID_ELEMENTS = {"br", "embed", "hr", "img", "input", "wbr"}
# Bookkeeping attributes: the editor's paragraph keys.
IGNORED_ATTRIBUTES = {"data-block-key"}


class _Canonical(HTMLParser):
    """Tokens of an HTML fragment: ("start", tag, attrs), ("end", tag), ("text", text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        attrs = sorted(
            (name.lower(), value or "") for name, value in attrs if name not in IGNORED_ATTRIBUTES
        )
        self.tokens.append(("start", tag, attrs))
        if tag in VOID_ELEMENTS:
            self.tokens.append(("end", tag))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.tokens.append(("end", tag))

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS:
            self.tokens.append(("end", tag))

    def handle_data(self, data):
        self.tokens.append(("text", data))

    # Comments and processing instructions render as nothing.
    def handle_comment(self, data):
        pass


def _is_block(token):
    return token is not None and token[0] != "text" and token[1] in BLOCK_ELEMENTS


def normalise_html(value):
    """One canonical form of an HTML fragment for everything that renders the same."""
    parser = _Canonical()
    parser.feed(value)
    parser.close()
    # Join adjacent text first (the parser may split it), then collapse its whitespace.
    tokens = []
    for token in parser.tokens:
        if token[0] == "text" and tokens and tokens[-1][0] == "text":
            tokens[-1] = ("text", tokens[-1][1] + token[1])
        else:
            tokens.append(token)
    out = []
    for i, token in enumerate(tokens):
        if token[0] == "start":
            attrs = "".join(f' {name}="{html.escape(value)}"' for name, value in token[2])
            out.append(f"<{token[1]}{attrs}>")
        elif token[0] == "end":
            out.append(f"</{token[1]}>")
        else:
            text = WHITESPACE_RE.sub(" ", token[1])
            before = tokens[i - 1] if i > 0 else None
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if before is None or _is_block(before):
                text = text.lstrip()
            if after is None or _is_block(after):
                text = text.rstrip()
            if text:
                out.append(html.escape(text, quote=False))
    return "".join(out)


def normalise(value):
    """The reviewed content with bookkeeping removed and its HTML in canonical form."""
    # Block ids are bookkeeping, not content: they change on copy-paste or re-entry while the
    # words readers see stay the same.
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items() if k != "id"}
    if isinstance(value, str):
        if LOOKS_LIKE_HTML_RE.search(value):
            return normalise_html(value)
        return value
    if value is None:
        # An empty optional field is stored as null or "" depending on who wrote it (the
        # editor's form writes ""); readers see nothing either way.
        return ""
    return value


def content_fingerprint(page):
    """A hash of everything a reader sees of an article (its reviewed_content())."""
    return _hash(normalise(page.reviewed_content()))


def legacy_content_fingerprint(page):
    """The fingerprint before rich text was normalised (only block ids and paragraph keys were
    dropped): migration 0005 recomputes the approvals stored with it."""

    def without_block_ids(value):
        if isinstance(value, list):
            return [without_block_ids(item) for item in value]
        if isinstance(value, dict):
            return {k: without_block_ids(v) for k, v in value.items() if k != "id"}
        if isinstance(value, str):
            return BLOCK_KEY_RE.sub("", value)
        return value

    return _hash(without_block_ids(page.reviewed_content()))


def _hash(content):
    encoded = json.dumps(content, sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(encoded.encode()).hexdigest()
