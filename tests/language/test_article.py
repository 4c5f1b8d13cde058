"""The check reads every text of an article: title, summary and each text block (intro,
benefit sections, call to action, paragraphs, callouts, headings), without markup, link
addresses or quotes; and it finds each default term in an article, not in its exceptions."""

import pytest

from language.check import check_page
from language.models import LanguageTerm
from tests.factories import make_post

pytestmark = pytest.mark.django_db

LINK = '<a href="https://example.org/addict-help/">help</a>'


def article(word):
    return [
        ("intro", f"<p>Intro with {word} in it, and a {LINK}.</p>"),
        ("benefit_section", {"heading": f"Heading {word}", "body": f"<p>Body {word}.</p>"}),
        ("heading", {"text": f"A heading: {word}", "level": "h2"}),
        ("paragraph", f"<p>A paragraph: <b>{word}</b>.</p>"),
        ("callout", {"tone": "info", "title": f"Callout {word}", "text": f"<p>{word}</p>"}),
        ("quote", {"quote": f"I was an {word}.", "attribution": "A member"}),
        (
            "call_to_action",
            {
                "heading": f"CTA {word}",
                "text": f"<p>Text {word}</p>",
                "button_label": "Call",
                "phone": "1-800-662-4357",
            },
        ),
    ]


def test_every_text_block_title_and_summary_is_read_but_not_quotes_or_links(blog_index):
    post = make_post(
        blog_index,
        title="An addict's story",
        summary="What an addict needs.",
        body=article("addict"),
        publish=False,
    )
    where = [finding.where for finding in check_page(post).findings]
    assert where == [
        "Title",
        "Summary",
        "Intro 1",
        "Benefit section 1 › Heading",
        "Benefit section 1 › Body",
        "Heading 1 › Text",
        "Paragraph 1",
        "Callout 1 › Title",
        "Callout 1 › Text",
        "Call to action 1 › Heading",
        "Call to action 1 › Text",
    ]


def test_each_default_term_is_found_in_an_article_and_not_in_its_exceptions(blog_index):
    terms = list(LanguageTerm.objects.all())
    sentences = " ".join(f"They said {form} once." for t in terms for form in t.all_forms)
    exceptions = " ".join(f"We visited {e} once." for t in terms for e in t.exception_list)
    post = make_post(
        blog_index,
        title="Words",
        body=[
            ("intro", "<p>An article about words.</p>"),
            ("benefit_section", {"heading": "Terms", "body": f"<p>{sentences}</p>"}),
            ("paragraph", f"<p>{exceptions}</p>"),
        ],
        publish=False,
    )
    findings = check_page(post).findings
    in_terms = {(f.term, f.matched.lower()) for f in findings if f.where.startswith("Benefit")}
    expected = {(t.term, form.lower()) for t in terms for form in t.all_forms}
    assert expected <= in_terms
    in_exceptions = [f for f in findings if f.where == "Paragraph 1"]
    # An exception names only the term it is an exception to: "Alcoholics Anonymous" is no
    # alcoholic, though other terms may still apply elsewhere in the sentence.
    for finding in in_exceptions:
        term = next(t for t in terms if t.pk == finding.term_id)
        assert not any(finding.matched.lower() in e.lower() for e in term.exception_list)
