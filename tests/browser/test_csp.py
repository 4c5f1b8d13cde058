"""The Content-Security-Policy in a real browser: Chromium enforces it on an article and on
the Wagtail page editor (with its preview panel), and nothing on either page is refused.

A refusal shows twice: as a `securitypolicyviolation` event in the document (listened for in
every frame from before its first script) and as a console message naming the Content
Security Policy. The last test makes sure a refusal is noticed at all.
"""

import contextlib

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from blog.models import BlogPage
from demo.content import PEER_SUPPORT

from .conftest import sign_in

ARTICLE_PATH = f"/blog/{PEER_SUPPORT.slug}/"
VIEWPORT = {"width": 1600, "height": 1000}  # wide enough for the editor's side panels

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile}:${event.lineNumber}`
    );
});
"""


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT}


@pytest.fixture
def watched(page):
    """(page, refusals): the page, listening for refusals, and the refusals it has seen."""
    page.context.add_init_script(LISTEN)
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def refusals():
        events = []
        for frame in page.frames:
            with contextlib.suppress(PlaywrightError):  # a frame that went away meanwhile
                events += frame.evaluate("window.__cspViolations || []")
        return events + messages

    return page, refusals


def test_an_article_loads_with_nothing_refused(watched, demo_site):
    page, refusals = watched

    response = page.goto(demo_site + ARTICLE_PATH)

    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy
    json_ld = page.locator('script[type="application/ld+json"]')
    expect(json_ld).to_have_count(1)
    # The browser hides a nonce attribute once it has read it; the property keeps it.
    nonce = json_ld.evaluate("element => element.nonce")
    assert nonce and f"'nonce-{nonce}'" in policy
    # The search box's script (a static file) runs: it fills its suggestions as one types.
    page.locator("#site-search-q").press_sequentially("peer")
    expect(page.locator("#site-search-q-suggestions option").first).to_be_attached()
    assert refusals() == []


def test_the_page_editor_and_its_preview_load_with_nothing_refused(watched, demo_site):
    page, refusals = watched
    post = BlogPage.objects.get(slug=PEER_SUPPORT.slug)
    sign_in(page, demo_site, "editor")
    assert refusals() == []

    response = page.goto(f"{demo_site}/admin/pages/{post.pk}/edit/")

    assert "script-src 'self' 'unsafe-inline'" in response.headers["content-security-policy"]
    expect(page.locator("#id_title")).to_have_value(post.title)
    # The editor's scheduling dialog is in the page: its date pickers start from inline scripts.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    # Wagtail renders the preview after a POST of the form, then swaps in a fresh iframe.
    expect(preview.get_by_role("heading", level=1)).to_have_text(post.title, timeout=20_000)
    # The checks panel runs axe over the preview.
    page.get_by_role("button", name="Toggle checks").click()
    expect(page.get_by_role("heading", name="Checks")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert refusals() == []

    # Signed in, the article has Wagtail's user bar, which runs under the readers' policy.
    page.goto(demo_site + ARTICLE_PATH)
    page.get_by_role("button", name="View Wagtail quick actions").click()
    expect(page.get_by_role("menuitem", name="Edit this page")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert refusals() == []


def test_a_refused_inline_script_is_noticed(watched, demo_site):
    page, refusals = watched
    page.goto(demo_site + ARTICLE_PATH)

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )

    expect(page.locator("body")).to_be_visible()
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.injected") is None
    assert any("script-src" in refusal for refusal in refusals())
