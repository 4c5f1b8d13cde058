"""The editor's Checks panel: flagged words marked in the preview, one axe rule per guide term
with its suggestion and reason, the reading grade carried to the panel; quotes left alone and
readers' pages never marked."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from language.models import LanguageTerm
from tests.factories import make_post, publish_approved, user_in_group

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "intro", "value": "<p>Group therapy helps people find their footing again.</p>"},
    {
        "type": "benefit_section",
        "value": {
            "heading": "A sense of belonging",
            "body": "<p>Nobody in the room is just an addict; everyone is heard.</p>",
            "icon": "people",
        },
    },
    {
        "type": "quote",
        "value": {"quote": "I was an addict for ten years.", "attribution": "A member"},
    },
    {"type": "paragraph", "value": "<p>Alcoholics Anonymous meets on Tuesdays.</p>"},
]


@pytest.fixture
def post(site_tree):
    return make_post(site_tree[1], title="Peer support", body=BODY, publish=False)


@pytest.fixture
def as_writer(post):
    writer = user_in_group("wri", "Writers")
    post.owner = writer
    post.save(update_fields=["owner"])
    client = Client()
    client.force_login(writer)
    return client


def marks(html):
    return [
        (mark["data-language-term"], mark.get_text())
        for mark in BeautifulSoup(html, "html.parser").find_all("mark")
    ]


def test_the_preview_marks_flagged_words_but_not_quotes_or_proper_names(post):
    addict = LanguageTerm.objects.get(term="addict")
    response = post.make_preview_request()
    html = response.content.decode()

    assert marks(html) == [(str(addict.pk), "addict")]
    soup = BeautifulSoup(html, "html.parser")
    assert "Nobody in the room" in soup.find("mark").parent.get_text()
    assert soup.select_one('meta[name="kinship:reading-grade"]')["data-target"] == "8"
    assert soup.select_one('script[src$="js/language-check-preview.js"]')


def test_readers_pages_are_never_marked(post, client):
    publish_approved(post)
    html = client.get(post.url).content.decode()
    assert "<mark" not in html and "kinship:reading-grade" not in html
    assert "language-check-preview.js" not in html


def test_the_checks_panel_has_a_rule_per_term_with_its_suggestion_and_reason(post, as_writer):
    edit = as_writer.get(f"/admin/pages/{post.pk}/edit/")
    html = edit.content.decode()
    config = json.loads(
        BeautifulSoup(html, "html.parser").find(id="checker-axe-configuration").string
    )
    addict = LanguageTerm.objects.get(term="addict")
    rule = f"kinship-language-{addict.pk}"
    assert rule in config["options"]["runOnly"]
    spec = next(r for r in config["spec"]["rules"] if r["id"] == rule)
    assert spec["selector"] == f'mark[data-language-term="{addict.pk}"]'
    assert spec["any"] == ["kinship-language-term"]
    assert config["messages"][rule] == {
        "error_name": "“addict”: say “person with a substance use disorder”",
        "help_text": addict.reason,
    }
    assert len([r for r in config["options"]["runOnly"] if r.startswith("kinship-language-")]) == (
        LanguageTerm.objects.count()
    )
    # Wagtail's own rules still run.
    assert "link-name" in config["options"]["runOnly"]
    # The panel shows the reading grade, filled in by our script.
    assert "data-kinship-reading-grade" in html
    assert re.search(r'<script src="/static/js/language-reading-grade.js" defer>', html)


def test_the_checks_panel_config_costs_one_query_whatever_the_guide(
    post, as_writer, django_assert_max_num_queries
):
    as_writer.get(f"/admin/pages/{post.pk}/edit/")  # warm caches
    with CaptureQueriesContext(connection) as few:
        as_writer.get(f"/admin/pages/{post.pk}/edit/")
    LanguageTerm.objects.bulk_create(
        LanguageTerm(term=f"word{n}", suggestion="other", reason="why") for n in range(30)
    )
    with django_assert_max_num_queries(len(few)):
        as_writer.get(f"/admin/pages/{post.pk}/edit/")
