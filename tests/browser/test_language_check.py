"""The language check in the editor's Checks panel, in real Chromium: Wagtail runs axe in the
preview, and our rule reports "addict" in a benefit section with its suggestion and reason,
beside the article's reading grade."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from blog.models import BlogIndexPage
from language.models import LanguageTerm
from tests.factories import make_post

from .conftest import sign_in
from .test_editorial_workflow import VIEWPORT

BODY = [
    {
        "type": "intro",
        "value": "<p>Group therapy gives people a place to be heard. It meets every week, "
        "and anyone who wants to come is welcome to sit in and listen first.</p>",
    },
    {
        "type": "benefit_section",
        "value": {
            "heading": "A sense of belonging",
            "body": "<p>Nobody in the room is called an addict. Each person is heard.</p>",
            "icon": "people",
        },
    },
    {"type": "quote", "value": {"quote": "I was a junkie once.", "attribution": "A member"}},
]


@pytest.fixture
def writer_page(browser, demo_site):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, demo_site, "writer")
    yield page
    context.close()


def test_the_checks_panel_flags_addict_in_a_benefit_section(demo_site, writer_page):
    writer = get_user_model().objects.get(username="writer")
    post = make_post(
        BlogIndexPage.objects.get(), title="Belonging", body=BODY, publish=False, owner=writer
    )
    addict = LanguageTerm.objects.get(term="addict")
    page = writer_page

    page.goto(f"{demo_site}/admin/pages/{post.pk}/edit/")
    page.get_by_role("button", name="Toggle checks").click()

    panel = page.locator("[data-side-panel='checks']")
    issue = panel.locator("[data-content-checker-row]", has_text="“addict”")
    expect(issue).to_be_visible()
    expect(issue).to_contain_text("say “person with a substance use disorder”")
    expect(issue).to_contain_text(addict.reason)
    # The quote is someone's own words: "junkie" in it is not flagged.
    expect(panel.locator("[data-content-checker-row]", has_text="junkie")).to_have_count(0)
    expect(panel.locator("[data-kinship-reading-grade]")).to_have_text(
        re.compile(r"^(Grade \d+(\.\d)?|Too short to say)$")
    )
    expect(panel.locator("[data-kinship-reading-target]")).to_contain_text("grade 8")
