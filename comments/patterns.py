"""The pattern matching of comment triage (triage.py), with no database access.

A comment in crisis is held, marked urgent and shown help at once; other matches are held with
the reason shown to the moderator. Nothing here publishes a comment: it only decides what a
moderator must be told.

Crisis terms are CrisisTerm rows (comments/models.py), edited by clinicians in the admin
(Crisis terms). Each is a small pattern, matched on a normalised copy of the comment that sees
through the usual ways of writing around a filter:

- case, accents and Unicode look-alikes: NFKC (full-width letters), case folding, combining
  marks dropped, Cyrillic/Greek look-alike letters inside Latin words read as Latin;
- invisible characters: every Unicode format character (zero-width spaces and joiners, bidi
  controls U+202A-U+202E and U+2066-U+2069, the soft hyphen, the word joiner, the BOM...);
- curly apostrophes and typographic dashes; "do not" is read as "don't", "my self" as "myself";
- letters spelt out: runs of three or more single letters split by single spaces or
  punctuation are rejoined ("k i l l", "k.i.l.l", "k-i-l-l" -> "kill"; dotted "o.d." -> "od");
- leetspeak: 0->o, 1->i or l, 3->e, 4->a, 5->s, 7->t, @->a, $->s, ! inside a word ->i, but only
  inside words that also have letters and are not numbers with a unit ("988", "24/7", "4am",
  "30mg" and "1st" are left alone);
- letters held down: in words of four letters or more any letter may repeat ("killlll");
  in shorter words a letter may be tripled or more ("diiieee") but not just doubled, so "od"
  never matches "odd".

The rewritten text is used only for matching; the comment is stored exactly as written.
"""

import re
import unicodedata
from functools import lru_cache

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

# Words "..." may skip in a pattern.
GAP_WORDS = 3

PATTERN_HELP = (
    "One word or phrase per term, matched as whole words. Capitals, accents, repeated letters "
    "(killlll), letters spelt out with spaces or dots (k i l l, k.i.l.l), leetspeak (k1ll) and "
    "invisible characters make no difference. "
    "* stands for any letters: overdos* matches overdose, overdosed and overdosing. "
    f"... stands for up to {GAP_WORDS} other words: afraid ... kill me matches "
    "“afraid he will kill me”. "
    "A slash means either word: he/she hit* me. "
    "Spaces between words, hyphens and apostrophes are optional: self-harm also matches "
    "self harm and selfharm, don't also matches dont and do not. "
    "Whole words only: od does not match odd or period."
)


# --- Normalising a comment for matching -------------------------------------------------------

# Not format characters (Cf) but invisible all the same.
INVISIBLE = {"\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u180e", "\u3164", "\uffa0"}
PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc\u02b9\u02bb\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63", "-"),
        "_": " ",
    }
)
# Cyrillic and Greek letters that look like Latin ones (after case folding); applied only to
# words that also contain Latin letters, so Russian or Greek text is left as it is.
HOMOGLYPHS = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ӏ": "l",
        "ԛ": "q",
        "ԝ": "w",
        "α": "a",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ı": "i",
    }
)
HOMOGLYPH_CHARS = frozenset(chr(c) for c in HOMOGLYPHS)
WORD_RE = re.compile(r"\w+")
WHITESPACE_RE = re.compile(r"\s+")
SELF_RE = re.compile(r"\b(my|your|him|her|it|our|them|one) ?(self|selves)\b")
# Two-word forms read as their contraction, in comments and patterns alike. Never next to a
# "/" or "*" of a pattern, whose words they would otherwise merge.
CONTRACTIONS = {
    "do not": "don't",
    "does not": "doesn't",
    "did not": "didn't",
    "can not": "can't",
    "cannot": "can't",
    "will not": "won't",
    "would not": "wouldn't",
    "could not": "couldn't",
    "is not": "isn't",
    "are not": "aren't",
    "was not": "wasn't",
    "i am": "i'm",
    "i will": "i'll",
    "he will": "he'll",
    "she will": "she'll",
    "they will": "they'll",
    "he is": "he's",
    "she is": "she's",
    "it is": "it's",
}
CONTRACTION_RE = re.compile(
    r"(?<![\w/'])(" + "|".join(re.escape(k) for k in CONTRACTIONS) + r")(?![\w*/'])"
)

# Single characters (letters, digits, @, $) split by one space or one punctuation mark.
_CHAR = r"(?:[^\W_]|[@$])"
SPACED_RE = re.compile(rf"(?<![\w@$]){_CHAR}(?:(?: ?[.\-*·•/|~+] ?| ){_CHAR}){{2,}}(?![\w@$])")
DOTTED_RE = re.compile(rf"(?<![\w@$]){_CHAR}(?:\.{_CHAR})+\.?(?![\w@$])")
INNER_HYPHEN_RE = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")

LEET = {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
LEET_I = str.maketrans({**LEET, "1": "i", "|": "l"})
LEET_L = str.maketrans({**LEET, "1": "l", "|": "l"})
LEET_TOKEN_RE = re.compile(r"[\w@$!|]+")
# A number, perhaps with a unit or ordinal: never leetspeak.
NUMBER_RE = re.compile(
    r"[$£€]?\d[\d.,:]*(?:st|nd|rd|th|s|am|pm|x|k|m|h|g|mg|mcg|ml|l|kg|lbs?|hrs?|yrs?|mins?"
    r"|days?|wks?|mo|yo|ft|cm|km|kms|mi|p)?"
)


def _invisible(char):
    return char in INVISIBLE or unicodedata.category(char) == "Cf"


def _latin_lookalikes(match):
    word = match.group()
    if HOMOGLYPH_CHARS.intersection(word) and re.search("[a-z]", word):
        return word.translate(HOMOGLYPHS)
    return word


def normalise(text):
    """Case-folded, NFKC, without invisible characters or accents, with plain apostrophes and
    hyphens and single spaces. The same function normalises patterns."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(c for c in text if not _invisible(c)).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Me"))
    text = unicodedata.normalize("NFC", text).translate(PUNCTUATION)
    text = WORD_RE.sub(_latin_lookalikes, text)
    text = WHITESPACE_RE.sub(" ", text).strip()
    text = SELF_RE.sub(r"\1\2", text)
    return CONTRACTION_RE.sub(lambda m: CONTRACTIONS[m.group(1)], text)


def _rejoin(match):
    run = re.sub(r"[^\w@$]", "", match.group())
    return run if any(c.isalpha() for c in run) else match.group()


def rejoin_letters(text):
    """ "k i l l" -> "kill", "o.d." -> "od", "over-dose" -> "overdose"."""
    text = SPACED_RE.sub(_rejoin, text)
    text = DOTTED_RE.sub(_rejoin, text)
    return INNER_HYPHEN_RE.sub("", text)


def unleet(text, table=LEET_I):
    def fold(match):
        token = match.group()
        core = token.strip("!|")
        if not core or not any(c.isalpha() for c in core) or NUMBER_RE.fullmatch(core):
            return token
        start = token.index(core)
        return token[:start] + core.translate(table) + token[start + len(core) :]

    return LEET_TOKEN_RE.sub(fold, text)


def match_copies(text):
    """The copies of a comment that patterns are matched against: as normalised, with spelt-out
    letters rejoined, and that again with leetspeak read both ways (1 as i, and as l)."""
    base = normalise(text)
    joined = rejoin_letters(base)
    copies = [base]
    for copy in (joined, unleet(joined, LEET_I), unleet(joined, LEET_L)):
        if copy not in copies:
            copies.append(copy)
    return copies


# --- Patterns ---------------------------------------------------------------------------------

SEPARATOR = r"\W*"  # between two words: any spaces or punctuation, or none ("killmyself")
GAP = rf"(?:[^\w']+(?:[\w']+[^\w']+){{0,{GAP_WORDS}}}|\W*)"
ALLOWED_RE = re.compile(r"[\w\s'*/.\-]")
# Patterns made only of these would hold almost every comment.
COMMON_WORDS = frozenset(
    """a about all am an and are as at be but can can't do don't for from get go going gonna had
    have he her him his i i'll i'm if in is it it's just like me my no not now of on or so she
    that the them they this to up was we what when will with would you your""".split()  # noqa: SIM905
)


def canonical_pattern(pattern):
    """How a pattern is stored: normalised like comments, "..." set apart, "a / b" as "a/b"."""
    text = normalise(pattern)
    text = re.sub(r"\s*\.{3,}\s*", " ... ", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return WHITESPACE_RE.sub(" ", text).strip()


def pattern_problems(pattern):
    """What is wrong with a crisis-term pattern, as messages for the person editing it."""
    text = canonical_pattern(pattern)
    if not text:
        return ["Enter a word or phrase."]
    if sum(c.isalpha() for c in text) < 2:
        return ["A pattern needs at least two letters."]
    problems = []
    odd = sorted({c for c in text if not ALLOWED_RE.match(c) or c == "_"})
    if odd:
        problems.append(
            "Use only letters, digits, spaces, apostrophes, hyphens and the symbols * / ... "
            f"(not {' '.join(odd)})."
        )
    tokens = text.split(" ")
    if tokens[0] == "..." or tokens[-1] == "...":
        problems.append("Put “...” between two words, not at the start or end.")
    if any(a == b == "..." for a, b in zip(tokens, tokens[1:], strict=False)):
        problems.append("Write “...” once between two words.")
    words = [token for token in tokens if token != "..."]
    for word in words:
        if "." in word:
            problems.append(
                f"“{word}”: full stops are only for “...”. Dotted letters (o.d.) are read as a "
                "word (od) anyway."
            )
        for alternative in word.split("/"):
            if not alternative:
                problems.append(f"“{word}”: write a word on each side of “/”.")
            elif not any(c.isalnum() for c in alternative):
                problems.append(f"“{alternative}” has no letters.")
            elif alternative.startswith("*"):
                problems.append(
                    f"“{alternative}”: start with letters, “*” stands for a word's ending."
                )
            elif "*" in alternative and sum(c.isalnum() for c in alternative) < 3:
                problems.append(
                    f"“{alternative}” would match too many words: put at least three letters "
                    "with “*” (overdos*)."
                )
    # Three common words ("can't go on") are specific enough; one or two ("to the") are not.
    alternatives = [alt.replace("*", "") for word in words for alt in word.split("/")]
    if not problems and len(words) <= 2 and all(alt in COMMON_WORDS for alt in alternatives if alt):
        problems.append(
            "Every word of this pattern is a very common word: it would hold almost every comment."
        )
    return problems


def _word_regex(word, syntax):
    stretch = sum(c.isalpha() for c in word) >= 4
    parts = []
    i = 0
    while i < len(word):
        char = word[i]
        if char == "*" and syntax:
            parts.append(r"\w*")
        elif char == "'":
            parts.append(r"['\s]?")
        elif char == "-":
            parts.append(SEPARATOR)
        elif char.isalpha():
            end = i
            while end < len(word) and word[end] == char:
                end += 1
            run, letter = end - i, re.escape(char)
            if stretch or run > 1:
                parts.append(f"{letter}{{{run},}}")
            else:
                parts.append(f"{letter}(?:{letter}{letter}+)?")  # one, or three or more
            i = end
            continue
        else:
            parts.append(re.escape(char))
        i += 1
    return "".join(parts)


@lru_cache(maxsize=4096)
def compile_term(pattern, syntax=True):
    """The regular expression of a pattern (None if it has no words). Without `syntax`, as for
    watched words, "*", "/" and "..." are plain characters."""
    parts = []
    gap = False
    for token in canonical_pattern(pattern).split(" "):
        if not token:
            continue
        if syntax and token == "...":
            gap = True
            continue
        alternatives = [a for a in (token.split("/") if syntax else [token]) if a]
        if not alternatives:
            continue
        regexes = [_word_regex(alt, syntax) for alt in alternatives]
        word = regexes[0] if len(regexes) == 1 else "(?:" + "|".join(regexes) + ")"
        if parts:
            parts.append(GAP if gap else SEPARATOR)
        parts.append(word)
        gap = False
    if not parts:
        return None
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)")


def find(copies, pattern, syntax=True):
    regex = compile_term(pattern, syntax)
    return regex is not None and any(regex.search(copy) for copy in copies)


# --- Screening --------------------------------------------------------------------------------
