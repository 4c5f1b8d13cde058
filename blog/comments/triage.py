"""Safety triage of a new comment: crisis language, contact details, links, watched words.

A comment in crisis is held, marked urgent and shown help at once; other matches are held with
the reason shown to the moderator. Nothing here publishes a comment: it only decides what a
moderator must be told.
"""

import re
from dataclasses import dataclass, field

DEFAULT_CRISIS_TERMS = """\
suicide
suicidal
kill myself
killing myself
end my life
end it all
want to die
don't want to live
no reason to live
better off dead
self-harm
self harm
hurt myself
hurting myself
cutting myself
overdose
overdosed
od'd
took too many pills
relapse tonight"""

DEFAULT_WATCH_TERMS = """\
buy now
cheap pills
no prescription
casino
crypto
detox kit"""

MAX_LINKS = 2
LINK_RE = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Seven or more digits with the usual separators, e.g. 555-123-4567, (555) 123 4567,
# +44 20 7946 0958; ISO dates (2024-05-01) are not phone numbers.
PHONE_RE = re.compile(r"(?<![\d-])(?!\d{4}-\d{2}-\d{2}(?!\d))\+?\(?\d(?:[\s().-]{0,2}\d){6,}(?!\d)")


@dataclass
class Triage:
    urgent: bool = False
    reasons: list = field(default_factory=list)

    @property
    def held(self):
        return bool(self.reasons)


def terms(text):
    return [line.strip().lower() for line in (text or "").splitlines() if line.strip()]


def _matches(text, term):
    # Word boundaries, so "pills" does not match "spills"; apostrophes are normalised.
    pattern = r"(?<!\w)" + re.escape(term).replace(r"\ ", r"\s+") + r"(?!\w)"
    return re.search(pattern, text) is not None


def screen(comment_text, crisis_terms=DEFAULT_CRISIS_TERMS, watch_terms=DEFAULT_WATCH_TERMS):
    text = comment_text.lower().replace("’", "'")
    result = Triage()
    crisis = [term for term in terms(crisis_terms) if _matches(text, term)]
    if crisis:
        result.urgent = True
        result.reasons.append("Crisis language: " + ", ".join(crisis))
    links = LINK_RE.findall(comment_text)
    if len(links) > MAX_LINKS:
        result.reasons.append(f"{len(links)} links")
    if EMAIL_RE.search(comment_text):
        result.reasons.append("Contains an email address")
    if PHONE_RE.search(comment_text):
        result.reasons.append("Contains a phone number")
    watched = [term for term in terms(watch_terms) if _matches(text, term)]
    if watched:
        result.reasons.append("Watched words: " + ", ".join(watched))
    return result
