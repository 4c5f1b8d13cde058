"""Marking the query's words in result titles and text, safely.

The text is split at the matches, each piece escaped, and only the matches wrapped in
<mark>: the markup comes from here alone, never from the text, and a term can never match
inside an HTML entity or tag.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Endings dropped from a query word so that it also marks other forms of the same word, as the
# full-text search finds them: "relapse" marks "relapses" and "relapsed".
SUFFIXES = ("ing", "ed", "es", "s", "e", "y")
MIN_STEM = 4
EXCERPT_LENGTH = 240


def stem(word):
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def terms_pattern(terms):
    """A regex matching any form of the terms at the start of a word, or None."""
    stems = sorted({stem(term) for term in terms if term}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*", re.IGNORECASE)


def highlight(text, pattern):
    """`text` escaped, with each match of `pattern` wrapped in <mark>."""
    if pattern is None:
        return escape(text)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def excerpt(text, pattern, length=EXCERPT_LENGTH):
    """About `length` characters of `text` around the first match, highlighted; "" if none."""
    match = pattern.search(text) if pattern else None
    if match is None:
        return ""
    start = max(0, match.start() - length // 3)
    if start:
        # Start at a word boundary rather than in the middle of a word.
        space = text.find(" ", start, match.start())
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space != -1 else end
    snippet = highlight(text[start:end].strip(), pattern)
    return mark_safe(("… " if start else "") + snippet + (" …" if end < len(text) else ""))
