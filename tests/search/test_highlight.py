"""search/highlight.py: marking query words in text, escaped first."""

from search.highlight import excerpt, highlight, terms_pattern


def test_marks_every_form_of_each_term_case_insensitively():
    pattern = terms_pattern(["relapse", "Groups"])
    assert highlight("Relapses happen; group work and relapse plans.", pattern) == (
        "<mark>Relapses</mark> happen; <mark>group</mark> work and <mark>relapse</mark> plans."
    )


def test_escapes_the_text_and_never_marks_inside_markup():
    pattern = terms_pattern(["amp", "script"])
    assert highlight("<script>Amp & more</script>", pattern) == (
        "&lt;<mark>script</mark>&gt;<mark>Amp</mark> &amp; more&lt;/<mark>script</mark>&gt;"
    )


def test_terms_are_literal_not_regular_expressions():
    assert highlight("a+b aab", terms_pattern(["a+b"])) == "<mark>a+b</mark> aab"
    assert highlight(".* anything", terms_pattern([".*"])) == ".* anything"


def test_without_terms_the_text_is_only_escaped():
    assert terms_pattern([]) is None
    assert highlight("<b>", None) == "&lt;b&gt;"


def test_an_excerpt_around_the_first_match_starts_and_ends_at_word_boundaries():
    text = "Opening words. " * 20 + "The journal helps. " + "Closing words. " * 30
    snippet = excerpt(text, terms_pattern(["journal"]), length=120)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "The <mark>journal</mark> helps." in snippet
    assert len(snippet) < 160
    assert "Openin " not in snippet and " ords" not in snippet


def test_no_excerpt_without_a_match():
    assert excerpt("Nothing here.", terms_pattern(["journal"])) == ""
    assert excerpt("Nothing here.", None) == ""
