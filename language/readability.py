"""The Flesch–Kincaid grade level of a text: the U.S. school grade that can read it.

    grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59

Syllables are counted by the usual rule of thumb for English (groups of vowels, a silent
final "e" dropped, "-le" kept), which is what readability tools do; it is close, not exact,
and the grade is advice. textstat would do the same but brings nltk and its data downloads.
"""

import re

TARGET_GRADE = 8
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
SILENT_ENDING = re.compile(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$")
VOWEL_GROUP = re.compile(r"[aeiouy]{1,2}")


def syllables(word):
    """Vowel groups, after dropping endings that are usually silent ("-es", "-ed", "-e")."""
    word = word.lower().replace("’", "'").split("'")[0]
    if len(word) <= 3:
        return 1
    word = SILENT_ENDING.sub("", word)
    word = word.removeprefix("y")
    return max(len(VOWEL_GROUP.findall(word)), 1)


def grade(text):
    """The grade of `text`, or None when it is too short to say (under 30 words)."""
    words = WORD.findall(text or "")
    if len(words) < 30:
        return None
    sentences = max(len([s for s in SENTENCE_END.split(text) if WORD.search(s)]), 1)
    syllable_count = sum(syllables(word) for word in words)
    value = 0.39 * (len(words) / sentences) + 11.8 * (syllable_count / len(words)) - 15.59
    return round(value, 1)
