"""`make screenshots`: the README's screenshots, taken from the demo site of this checkout.

Marked `screenshots`, which pyproject's addopts deselects, so `make test` does not rewrite the
PNGs; `make screenshots` runs `pytest -m screenshots tests/browser`. Each shot also checks its
page shows what the caption promises, so a broken page cannot be committed as a screenshot.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from blog.models import BlogPage

from .conftest import sign_in

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}

pytestmark = pytest.mark.screenshots


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The first screenful only: long pages would make large files for the README.
    page.screenshot(path=SCREENSHOTS / f"{name}.png", animations="disabled", caret="hide")


@pytest.fixture
def new_page(browser):
    contexts = []

    def open_page():
        context = browser.new_context(viewport=VIEWPORT, reduced_motion="reduce")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_screenshots(new_page, demo_site):
    reader = new_page()
    reader.goto(demo_site + "/")
    expect(reader.get_by_role("link", name="The Power of Peer Support").first).to_be_visible()
    shoot(reader, "home")

    reader.goto(demo_site + "/blog/power-of-peer-support/")
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Peer Support")
    shoot(reader, "article")

    reader.goto(demo_site + "/search/?q=peer")
    expect(
        reader.locator("main").get_by_role("link", name="The Power of Peer Support")
    ).to_be_visible()
    shoot(reader, "search")

    moderator = new_page()
    sign_in(moderator, demo_site, "moderator")
    moderator.goto(demo_site + "/admin/comments/")
    expect(moderator.get_by_role("table")).to_be_visible()
    shoot(moderator, "moderation")

    # The clinician's dashboard: the demo post waiting in clinical review is theirs to review.
    clinician = new_page()
    sign_in(clinician, demo_site, "clinician")
    expect(clinician.get_by_role("heading", name="Editorial status")).to_be_visible()
    expect(clinician.get_by_role("link", name="1 awaiting my review")).to_be_visible()
    shoot(clinician, "dashboard")

    # The clinician's Review page of that post, opened from its title on the dashboard.
    in_review = "Sleep in Early Recovery: Why Nights Can Be Hard and What Helps"
    clinician.get_by_role("region", name="Awaiting your review").get_by_role(
        "link", name=in_review
    ).click()
    expect(clinician).to_have_url(re.compile(r"/admin/review/\d+/$"))
    expect(
        clinician.get_by_role("heading", name="What changed since the last clinical approval")
    ).to_be_visible()
    expect(clinician.get_by_role("button", name="Approve", exact=True)).to_be_visible()
    shoot(clinician, "review")

    # The writer's editor: authors, summary, categories and tags on the Content tab, the word
    # count over the body.
    writer = new_page()
    sign_in(writer, demo_site, "writer")
    post = BlogPage.objects.get(slug="power-of-peer-support")
    writer.goto(demo_site + f"/admin/pages/{post.pk}/edit/")
    expect(writer.locator(".kinship-word-count")).to_contain_text("min read")
    categories = writer.locator("input[name=categories]").first
    expect(categories).to_be_attached()
    # The summary at the top of the window, the categories, tags and the word count below it.
    writer.locator("textarea[name=summary]").evaluate("el => el.scrollIntoView()")
    expect(categories).to_be_in_viewport()
    shoot(writer, "editor")

    # The editor's Checks panel on the demo's "Words Matter" article, which quotes the very
    # terms the language guide flags: each with what to say instead, and the reading grade.
    editor = new_page()
    sign_in(editor, demo_site, "editor")
    words = BlogPage.objects.get(slug="words-matter-person-first-language")
    editor.goto(demo_site + f"/admin/pages/{words.pk}/edit/")
    editor.get_by_role("button", name="Toggle checks").click()
    checks = editor.locator("[data-side-panel='checks']")
    expect(checks.locator("[data-content-checker-row]", has_text="“addict”").first).to_be_visible()
    expect(checks.locator("[data-kinship-reading-grade]")).to_contain_text("Grade")
    shoot(editor, "checks")
