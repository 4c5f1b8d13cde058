"""The language check in clinical review: the Review page lists the findings of the version
under review and its reading grade, and the clinician can note a flagged word as intended."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.models import ClinicalApproval
from tests.factories import make_post, user_in_group

pytestmark = pytest.mark.django_db


def body(words):
    return [
        {"type": "intro", "value": "<p>Group therapy helps.</p>"},
        {
            "type": "benefit_section",
            "value": {"heading": "Belonging", "body": f"<p>{words}</p>", "icon": "people"},
        },
        {"type": "quote", "value": {"quote": "I was a junkie.", "attribution": "A member"}},
    ]


@pytest.fixture
def reviewer(db):
    return user_in_group("maya", "Clinical reviewers", first_name="Maya")


def submitted_post(blog_index, words, title="Peer support", blocks=None):
    writer = user_in_group("wren", "Writers")
    blocks = blocks or body(words)
    post = make_post(blog_index, title=title, publish=False, owner=writer, body=blocks)
    post.get_workflow().start(post, writer)
    return post


def review(client, post):
    return client.get(reverse("editorial_review", args=[post.pk]))


def test_the_review_lists_the_findings_and_the_reading_grade(client, blog_index, reviewer):
    post = submitted_post(blog_index, "He was an addict and then stayed clean.")
    client.force_login(reviewer)
    html = review(client, post).content.decode()

    assert 'data-language-finding="addict"' in html
    assert 'data-language-finding="clean"' in html
    assert "person with a substance use disorder" in html
    assert "junkie" not in html.split("data-review-language")[1].split("</section>")[0]
    assert "data-review-reading-grade" in html
    # Each flagged term can be noted as intended.
    assert 'name="intended" value="addict"' in html


def test_a_clean_post_says_so_and_offers_no_intended_box(client, blog_index, reviewer):
    post = submitted_post(blog_index, "Each person is heard and welcome.")
    client.force_login(reviewer)
    html = review(client, post).content.decode()
    assert "data-review-language-clear" in html
    assert 'name="intended"' not in html


def test_approving_keeps_the_words_noted_as_intended(client, blog_index, reviewer):
    post = submitted_post(blog_index, "The film is called “The Addict”, and we discuss it.")
    client.force_login(reviewer)
    url = reverse("editorial_review", args=[post.pk])
    client.post(
        url,
        {"decision": "approve-with-comment", "comment": "A film title.", "intended": ["addict"]},
    )

    approval = ClinicalApproval.objects.latest_for(post)
    assert approval.intended_language == ["addict"]
    assert approval.comment == "A film title."


def test_a_forged_intended_term_is_refused_and_nothing_is_approved(client, blog_index, reviewer):
    post = submitted_post(blog_index, "He was an addict.")
    client.force_login(reviewer)
    url = reverse("editorial_review", args=[post.pk])
    response = client.post(url, {"decision": "approve", "intended": ["<script>x</script>"]})
    assert response.status_code == 200
    assert ClinicalApproval.objects.latest_for(post) is None
    assert "<script>x</script>" not in response.content.decode()


def test_the_review_adds_no_query_per_block_or_finding(client, blog_index, reviewer):
    small = submitted_post(blog_index, "An addict.", title="Small")
    words = " ".join(["An addict, a junkie and an alcoholic."] * 10)
    sections = [body(words)[1]] * 30  # 30 benefit sections, 900 findings
    big = submitted_post(blog_index, words, title="Big", blocks=[body("")[0], *sections])
    client.force_login(reviewer)
    review(client, small)
    with CaptureQueriesContext(connection) as few:
        review(client, small)
    with CaptureQueriesContext(connection) as many:
        review(client, big)
    assert len(many) <= len(few)
