"""Finding the guide's terms in text.

Each term and its forms become one regular expression, matched on word boundaries (so
"addict" is not found in "addiction"), whitespace between words matched loosely. Where
matches overlap, the longest wins ("recovering addict" rather than "addict"). A match that
falls inside one of the term's exceptions ("Alcoholics Anonymous") is not a finding.
"""

import re
from dataclasses import dataclass

from .models import LanguageTerm


@dataclass(frozen=True)
class Finding:
    term_id: int
    term: str
    matched: str
    suggestion: str
    reason: str
    start: int
    end: int
    where: str = ""


class _Entry:
    def __init__(self, term):
        self.term = term
        flags = 0 if term.match_case else re.IGNORECASE
        self.pattern = re.compile(_alternation(term.all_forms), flags)
        self.exceptions = (
            re.compile(_alternation(term.exception_list), re.IGNORECASE)
            if term.exception_list
            else None
        )

    def find(self, text, where):
        excepted = (
            [(m.start(), m.end()) for m in self.exceptions.finditer(text)]
            if self.exceptions
            else []
        )
        for match in self.pattern.finditer(text):
            if any(start <= match.start() and match.end() <= end for start, end in excepted):
                continue
            yield Finding(
                term_id=self.term.pk,
                term=self.term.term,
                matched=match.group(0),
                suggestion=self.term.suggestion,
                reason=self.term.reason,
                start=match.start(),
                end=match.end(),
                where=where,
            )


class Checker:
    """The guide, compiled once (one query), to check any number of texts."""

    def __init__(self, terms=None):
        if terms is None:
            terms = LanguageTerm.objects.all()
        self.entries = [_Entry(term) for term in terms]

    def find(self, text, where=""):
        """The findings in `text`, in reading order."""
        found = [finding for entry in self.entries for finding in entry.find(text or "", where)]
        found.sort(key=lambda f: (f.start, -(f.end - f.start)))
        kept, reached = [], -1
        for finding in found:
            if finding.start >= reached:
                kept.append(finding)
                reached = finding.end
        return kept


def _alternation(phrases):
    forms = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    words = "|".join(r"\s+".join(re.escape(word) for word in form.split()) for form in forms)
    return rf"(?<![\w’'-])(?:{words})(?![\w-])"
