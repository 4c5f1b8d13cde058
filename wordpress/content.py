"""WordPress's fields as Kinship's: author names and credentials, slugs, summaries, old
addresses and commenters' names and text. Pure functions, no database."""

import hashlib
import html
import json
import re
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

SUMMARY_LENGTH = 300
NAME_LENGTH = 50  # django-comments' user_name
# Post-nominal letters after the first comma of a display name: "LCSW", "CADC-II", "MD", "PhD".
CREDENTIAL = re.compile(r"^[A-Z][A-Za-z]{0,5}(?:[-/][A-Z0-9]{1,4})?\.?$")


def split_display_name(display_name, first_name="", last_name="", login=""):
    """(name, credentials): "Jordan Doe, LCSW, CADC" → ("Jordan Doe", "LCSW, CADC"). A part
    after a comma that does not look like letters (", Jr." does, "Doe, Jordan" does not) stays
    in the name."""
    full = " ".join(part for part in (first_name, last_name) if part).strip()
    display_name = " ".join((display_name or "").split()) or full or login
    name, _, rest = display_name.partition(",")
    parts = [part.strip() for part in rest.split(",") if part.strip()]
    if parts and all(CREDENTIAL.match(part) for part in parts):
        return name.strip()[:120], ", ".join(parts)[:120]
    return display_name[:120], ""


def plain_text(markup):
    """Text of a bit of HTML, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(markup or "")).split())


def summary_for(excerpt, body_text, title):
    text = plain_text(excerpt) or plain_text(body_text) or title
    return Truncator(text).chars(SUMMARY_LENGTH, truncate="…")


def slug_for(post_name, title):
    # WordPress stores non-ASCII slugs percent-encoded.
    slug = slugify(unquote(post_name or ""), allow_unicode=True) or slugify(
        title, allow_unicode=True
    )
    return (slug or "post")[:240]


def old_paths(item):
    """The addresses the post answered at on WordPress: its permalink (<link>) and
    /<slug>/, as paths on the old site. The plain /?p=ID link is left out: Kinship's home page
    answers / whatever the query, and Wagtail redirects only what would otherwise be a 404."""
    paths = []
    if path := urlsplit(item.link or "").path:
        paths.append(path)
    if item.slug:
        paths.append(f"/{item.slug.strip('/')}/")
    unique = []
    for path in paths:
        if path not in unique and path != "/":
            unique.append(path)
    return unique


def digest(item):
    """What a re-import compares: everything of the item that becomes page content."""
    fields = {
        "title": item.title,
        "content": item.content,
        "excerpt": item.excerpt,
        "slug": item.slug,
        "creator": item.creator,
        "date": item.date.isoformat() if item.date else None,
        "terms": sorted(item.terms),
    }
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def commenter_name(name):
    """A commenter's name as plain text: stored as written (a template escapes it), only
    trimmed to the field's length."""
    name = " ".join(html.unescape(name or "").split())
    return Truncator(name).chars(NAME_LENGTH, truncate="…") or "Anonymous"


def commenter_email(email):
    _, address = parseaddr(email or "")
    try:
        validate_email(address)
    except ValidationError:
        return ""
    return address[:254]


def comment_text(content):
    """WordPress comment HTML as Kinship's plain text: paragraphs and line breaks kept as
    newlines, tags dropped, entities decoded."""
    text = re.sub(r"(?i)<br\s*/?>", "\n", content or "")
    text = re.sub(r"(?i)</p\s*>", "\n\n", text)
    text = html.unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
