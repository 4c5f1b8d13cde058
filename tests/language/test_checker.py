"""The language guide's terms found in text: every default term and its forms, never in its
exceptions, on word boundaries, the longest overlapping term winning."""

import pytest

from language.checker import Checker
from language.models import LanguageTerm
from language.readability import grade, syllables

pytestmark = pytest.mark.django_db


def default_terms():
    # The default guide as the migration loaded it into the test database.
    return list(LanguageTerm.objects.all())


def test_the_default_guide_has_at_least_twenty_terms_with_suggestions_and_reasons():
    terms = default_terms()
    assert len(terms) >= 20
    assert all(term.suggestion and term.reason for term in terms)


def test_each_default_term_and_each_form_is_found_in_a_sentence():
    checker = Checker()
    missed = []
    for term in default_terms():
        for form in term.all_forms:
            text = f"In the story we read that {form} was the word used."
            found = [f for f in checker.find(text) if f.matched.lower() == form.lower()]
            if not found:
                missed.append(form)
    assert missed == []


def test_no_default_term_is_found_in_its_exceptions():
    checker = Checker()
    flagged = []
    for term in default_terms():
        for exception in term.exception_list:
            text = f"She went to {exception} every week."
            if any(f.term_id == term.pk for f in checker.find(text)):
                flagged.append(exception)
    assert flagged == []


def test_proper_names_are_not_flagged_but_the_same_word_elsewhere_is():
    checker = Checker()
    text = "Alcoholics Anonymous helped her. Her father was an alcoholic."
    findings = checker.find(text)
    assert [f.matched for f in findings] == ["alcoholic"]
    assert findings[0].suggestion == "person with an alcohol use disorder"


def test_words_are_matched_whole_and_in_any_case():
    checker = Checker()
    assert [f.matched for f in checker.find("Addicts and ADDICT")] == ["Addicts", "ADDICT"]
    assert checker.find("addiction is an illness; addictive drugs") == []


def test_the_longest_overlapping_term_wins():
    (finding,) = Checker().find("He is a recovering addict.")
    assert finding.term == "recovering addict"
    assert finding.suggestion.startswith("person in recovery")


def test_a_case_sensitive_term_ignores_other_capitalisations():
    checker = Checker()
    assert [f.term for f in checker.find("MAT programmes")] == ["MAT"]
    assert checker.find("a yoga mat") == []


def test_a_term_across_a_line_break_is_still_found():
    assert [f.term for f in Checker().find("years of substance\n abuse")] == ["substance abuse"]


def test_changing_the_guide_changes_the_findings():
    text = "A person with a substance use disorder is not a fiend."
    assert Checker().find(text) == []
    LanguageTerm.objects.create(term="fiend", suggestion="person", reason="A slur.")
    assert [f.term for f in Checker().find(text)] == ["fiend"]
    LanguageTerm.objects.filter(term="addict").update(exceptions="Addicts Welcome Choir")
    assert Checker().find("Addicts Welcome Choir sang") == []


# Readability -------------------------------------------------------------------------------

# A passage counted by hand (syllables from a dictionary): 3 sentences, 46 words, 62 syllables
# (recovery 4, every 3, together 3, alone, people, others, listen, hearing, other, stories,
# better and morning 2 each, every other word 1).
# Flesch–Kincaid: 0.39 × 46/3 + 11.8 × 62/46 − 15.59 = 5.98 + 15.90 − 15.59 = 6.29.
PASSAGE = (
    "Recovery is hard work, but we do not do it alone. Every week the group sits together "
    "and people take turns to talk while the others listen. Hearing other stories helps each "
    "of us feel better, and we go home with hope for the next morning."
)


def test_the_reading_grade_matches_the_hand_computed_reference():
    assert grade(PASSAGE) == pytest.approx(6.29, abs=0.5)


def test_a_text_too_short_has_no_grade():
    assert grade("Too short to say.") is None


@pytest.mark.parametrize(
    ("word", "count"),
    [("cat", 1), ("hope", 1), ("recovery", 4), ("together", 3), ("people", 2), ("group", 1)],
)
def test_syllables(word, count):
    assert syllables(word) == count
