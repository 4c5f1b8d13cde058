"""Safety triage of a new comment against the crisis terms, contact details, links and the
site's watched words (the matching itself is in patterns.py)."""

from dataclasses import dataclass, field

from .models import CrisisTerm
from .patterns import (
    DEFAULT_WATCH_TERMS,
    EMAIL_RE,
    LINK_RE,
    MAX_LINKS,
    PHONE_RE,
    find,
    match_copies,
)


@dataclass
class Triage:
    urgent: bool = False
    reasons: list = field(default_factory=list)
    # The crisis terms that matched: (group label, pattern).
    crisis: list = field(default_factory=list)

    @property
    def held(self):
        return self.urgent or bool(self.reasons)


def terms(text):
    return [line.strip().lower() for line in (text or "").splitlines() if line.strip()]


def _pattern(term):
    """The pattern of a CrisisTerm, or a plain pattern string."""
    return term.strip() if isinstance(term, str) else term.pattern


def _group(term):
    """The group label of a CrisisTerm ("" for a plain pattern): looked up only for a match,
    since a comment is screened against every term."""
    group = getattr(term, "get_group_display", None)
    return str(group()) if group else ""


def screen(comment_text, crisis_terms=None, watch_terms=DEFAULT_WATCH_TERMS):
    """Triage one comment. `crisis_terms`: None for the active CrisisTerm rows (one query),
    or CrisisTerm-like objects, or pattern strings (a list, or one per line)."""
    if crisis_terms is None:
        crisis_terms = CrisisTerm.objects.active()
    elif isinstance(crisis_terms, str):
        crisis_terms = [line for line in crisis_terms.splitlines() if line.strip()]
    copies = match_copies(comment_text)
    result = Triage()
    for term in crisis_terms:
        pattern = _pattern(term)
        if pattern and find(copies, pattern):
            result.crisis.append((_group(term), pattern))
    if result.crisis:
        result.urgent = True
        result.reasons.append(
            "Crisis language: "
            + ", ".join(
                f"{pattern} ({group.lower()})" if group else pattern
                for group, pattern in result.crisis
            )
        )
    links = LINK_RE.findall(comment_text)
    if len(links) > MAX_LINKS:
        result.reasons.append(f"{len(links)} links")
    if EMAIL_RE.search(comment_text):
        result.reasons.append("Contains an email address")
    if PHONE_RE.search(comment_text):
        result.reasons.append("Contains a phone number")
    watched = [term for term in terms(watch_terms) if find(copies, term, syntax=False)]
    if watched:
        result.reasons.append("Watched words: " + ", ".join(watched))
    return result
