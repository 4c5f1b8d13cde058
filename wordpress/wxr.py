"""Reading a WordPress export (WXR: RSS 2.0 with WordPress's `wp:` elements) as a stream.

The file is fed to the parser in chunks and each author, term and item is handed on and
dropped as soon as its closing tag is read, so memory stays bounded by the largest single post
however big the export is. The parser is defusedxml's: a file that declares entities (the
"billion laughs" expansion) or refers to external ones (XXE) is refused, never resolved.
Every refusal is a WXRError that names the line.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import ParseError, TreeBuilder, XMLPullParser

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ExternalReferenceForbidden as ExternalForbidden
from defusedxml.ElementTree import DefusedXMLParser

SUPPORTED_VERSIONS = ("1.1", "1.2")
CHUNK_BYTES = 256 * 1024

# Namespace URIs to the prefixes WordPress writes; the wp: URI carries the WXR version.
WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/$")
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
LINE_ATTRIBUTE = "{urn:kinship}line"


class WXRError(Exception):
    def __init__(self, message, line=None):
        self.message = message
        self.line = line
        super().__init__(f"{message} (line {line})" if line else message)


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    wxr_version: str = ""

    @property
    def source_site(self):
        return (self.base_site_url or self.link).rstrip("/")


@dataclass
class Author:
    login: str
    display_name: str
    first_name: str
    last_name: str
    line: int


@dataclass
class Term:
    taxonomy: str  # "category" or "post_tag"
    slug: str
    name: str
    line: int


@dataclass
class Comment:
    id: int
    parent: int
    author: str
    email: str
    date: datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash"
    type: str  # "" or "comment" for a reader's comment; "pingback", "trackback"…


@dataclass
class Item:
    post_id: int
    post_type: str
    status: str
    title: str
    link: str
    guid: str
    slug: str
    creator: str
    content: str
    excerpt: str
    date: datetime | None
    line: int
    comment_status: str = "open"
    terms: list = field(default_factory=list)  # (taxonomy, slug, name)
    comments: list = field(default_factory=list)


class _LineBuilder(TreeBuilder):
    """Notes the line each child of <channel> starts on, so messages can point to it."""

    expat = None
    depth = 0

    def start(self, tag, attrs):
        self.depth += 1
        if self.depth in (1, 3) and self.expat is not None:
            attrs = {**attrs, LINE_ATTRIBUTE: str(self.expat.CurrentLineNumber)}
        return super().start(tag, attrs)

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)


def _name(tag):
    """'{uri}local' as 'prefix:local' ('wp:post_id'), and the WXR version it implies."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if WP_NAMESPACE.match(uri):
        return "wp:" + local
    if EXCERPT_NAMESPACE.match(uri):
        return "excerpt:" + local
    prefix = NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else tag


def _children(element):
    """{name: text} of an element's children (the last of each name)."""
    return {_name(child.tag): (child.text or "").strip() for child in element}


def _int(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _gmt(value):
    """A 'YYYY-MM-DD HH:MM:SS' date in UTC, or None for WordPress's empty '0000-00-00…'."""
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _item_date(fields):
    date = _gmt(fields.get("wp:post_date_gmt"))
    if date is None and fields.get("pubDate"):
        try:
            date = parsedate_to_datetime(fields["pubDate"])
        except (TypeError, ValueError):
            date = None
    return date


def _comment(element):
    fields = _children(element)
    return Comment(
        id=_int(fields.get("wp:comment_id")),
        parent=_int(fields.get("wp:comment_parent")),
        author=fields.get("wp:comment_author", ""),
        email=fields.get("wp:comment_author_email", ""),
        date=_gmt(fields.get("wp:comment_date_gmt")) or _gmt(fields.get("wp:comment_date")),
        content=_text(element, "wp:comment_content"),
        approved=fields.get("wp:comment_approved", "0"),
        type=fields.get("wp:comment_type", ""),
    )


def _text(element, name):
    """The untrimmed text of the child `name` (a body keeps its blank lines)."""
    for child in element:
        if _name(child.tag) == name:
            return child.text or ""
    return ""


def _item(element, line):
    fields = _children(element)
    item = Item(
        post_id=_int(fields.get("wp:post_id")),
        post_type=fields.get("wp:post_type", "post"),
        status=fields.get("wp:status", ""),
        title=fields.get("title", ""),
        link=fields.get("link", ""),
        guid=fields.get("guid", ""),
        slug=fields.get("wp:post_name", ""),
        creator=fields.get("dc:creator", ""),
        content=_text(element, "content:encoded"),
        excerpt=_text(element, "excerpt:encoded"),
        date=_item_date(fields),
        line=line,
        comment_status=fields.get("wp:comment_status", "open"),
    )
    for child in element:
        name = _name(child.tag)
        if name == "category":
            domain = child.get("domain", "")
            item.terms.append((domain, child.get("nicename", ""), (child.text or "").strip()))
        elif name == "wp:comment":
            item.comments.append(_comment(child))
    return item


def _author(element, line):
    fields = _children(element)
    return Author(
        login=fields.get("wp:author_login", ""),
        display_name=fields.get("wp:author_display_name", ""),
        first_name=fields.get("wp:author_first_name", ""),
        last_name=fields.get("wp:author_last_name", ""),
        line=line,
    )


def _term(element, line):
    name = _name(element.tag)
    fields = _children(element)
    if name == "wp:category":
        return Term(
            "category", fields.get("wp:category_nicename", ""), fields.get("wp:cat_name", ""), line
        )
    if name == "wp:tag":
        return Term("post_tag", fields.get("wp:tag_slug", ""), fields.get("wp:tag_name", ""), line)
    # WXR 1.2's generic <wp:term>: categories and tags appear here too in newer exports.
    return Term(
        fields.get("wp:term_taxonomy", ""),
        fields.get("wp:term_slug", ""),
        fields.get("wp:term_name", ""),
        line,
    )


class Reader:
    """Iterate over a WXR file: yields Author, Term and Item objects in file order. `channel`
    fills in as the file is read; `bytes_read` says how far it got."""

    def __init__(self, source):
        self.source = source
        self.channel = Channel()
        self.bytes_read = 0

    def __iter__(self):
        builder = _LineBuilder()
        expat_parser = DefusedXMLParser(
            target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
        builder.expat = expat_parser.parser
        # expat would not fetch an external DTD, but a file that names one is refused outright.
        expat_parser.parser.StartDoctypeDeclHandler = _refuse_external_dtd
        parser = XMLPullParser(events=("start", "end"), _parser=expat_parser)
        stack = []
        channel_element = None
        seen_root = False
        while True:
            chunk = self.source.read(CHUNK_BYTES)
            try:
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
            except ParseError as error:
                raise WXRError(_parse_message(error), error.position[0]) from None
            except DefusedXmlException as error:
                raise WXRError(_refusal(error), expat_parser.parser.CurrentLineNumber) from None
            self.bytes_read += len(chunk)
            for event, element in self._events(parser, expat_parser):
                if event == "start":
                    stack.append(element)
                    if not seen_root:
                        seen_root = True
                        if element.tag != "rss":
                            raise WXRError(
                                "This is not a WordPress export: it is not an RSS file "
                                f"(it starts with <{_local(element.tag)}>)",
                                _int(element.get(LINE_ATTRIBUTE), None),
                            )
                    elif len(stack) == 2 and element.tag == "channel":
                        channel_element = element
                    continue
                stack.pop()
                if len(stack) == 2 and stack[1] is channel_element:
                    found = self._channel_child(element)
                    channel_element.remove(element)
                    if found is not None:
                        yield found
            if not chunk:
                break
        if channel_element is None:
            raise WXRError("This is not a WordPress export: it has no <channel>.")
        if not self.channel.wxr_version:
            raise WXRError("This is not a WordPress export: it has no <wp:wxr_version>.")

    @staticmethod
    def _events(parser, expat_parser):
        # The pull parser raises a parse error found while feeding when its events are read.
        events = parser.read_events()
        while True:
            try:
                yield next(events)
            except StopIteration:
                return
            except ParseError as error:
                raise WXRError(_parse_message(error), error.position[0]) from None

    def _channel_child(self, element):
        name = _name(element.tag)
        line = _int(element.get(LINE_ATTRIBUTE), None)
        text = (element.text or "").strip()
        if name == "title":
            self.channel.title = text
        elif name == "link":
            self.channel.link = text
        elif name == "wp:base_site_url":
            self.channel.base_site_url = text
        elif name == "wp:wxr_version":
            if text not in SUPPORTED_VERSIONS:
                raise WXRError(
                    f"WXR version {text or '(empty)'} is not supported: Kinship imports WXR "
                    f"{' and '.join(SUPPORTED_VERSIONS)} (WordPress 3.x and later).",
                    line,
                )
            self.channel.wxr_version = text
        elif name in ("wp:author", "wp:category", "wp:tag", "wp:term", "item"):
            if not self.channel.wxr_version:
                raise WXRError(
                    "This is not a WordPress export: <wp:wxr_version> is missing before the "
                    "first author, term or post.",
                    line,
                )
            if name == "item":
                return _item(element, line)
            if name == "wp:author":
                return _author(element, line)
            return _term(element, line)
        return None


def _refuse_external_dtd(name, sysid, pubid, has_internal_subset):
    if sysid or pubid:
        raise ExternalForbidden(None, None, sysid, pubid)


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _parse_message(error):
    reason = str(error).split(":")[0]
    if reason.startswith(("no element found", "unclosed")):
        return "The file ends too early: it is cut off or incomplete"
    return f"The file is not well-formed XML ({reason})"


def _refusal(error):
    if isinstance(error, ExternalForbidden) or getattr(error, "sysid", None):
        return "The file refers to an external entity (refused: it could read files or URLs)"
    if isinstance(error, EntitiesForbidden):
        return "The file declares XML entities (refused: entity expansion can exhaust memory)"
    if isinstance(error, DTDForbidden):
        return "The file has a document type declaration (refused)"
    return f"The file was refused: {error}"
