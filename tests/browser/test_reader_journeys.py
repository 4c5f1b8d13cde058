"""Readers' journeys through Kinship in a real browser: replying to a comment and
seeing it after moderation, posting in crisis, searching from the header, and reading an
article on a phone."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django_comments_xtd.models import XtdComment
from playwright.sync_api import expect

from demo.content import PEER_SUPPORT

from .conftest import sign_in

ARTICLE = PEER_SUPPORT.title
ARTICLE_PATH = f"/blog/{PEER_SUPPORT.slug}/"
CONFIRM_LINK = re.compile(r"https?://\S+/comments/\S+")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # The comment rate limit counts per IP address in the cache, and every browser test posts
    # from 127.0.0.1: start each journey with a clean count.
    cache.clear()


def fill_comment_form(page, name, email, text):
    form = page.locator("#comment-form")
    form.get_by_role("textbox", name="Name or pseudonym").fill(name)
    form.get_by_role("textbox", name="Email", exact=True).fill(email)
    form.get_by_role("textbox", name="Comment", exact=True).fill(text)


def test_reply_is_moderated_then_shown_nested_under_its_parent(
    page, browser, demo_site, mailoutbox
):
    parent = XtdComment.objects.get(user_name="Evening Tide")
    reply_text = "Seconding this: every one of those Tuesdays counted."

    page.goto(demo_site + "/")
    page.get_by_role("link", name=ARTICLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE)

    page.get_by_role("link", name="Reply to Evening Tide").click()
    expect(page.get_by_role("heading", name="Reply to Evening Tide")).to_be_visible()
    fill_comment_form(page, "Quiet Harbour", "quiet.harbour@example.org", reply_text)
    page.get_by_role("button", name="Submit reply").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment is awaiting moderation")
    expect(page.get_by_text("please confirm your address")).to_be_visible()

    # Anonymous comments reach the moderation queue only once their email is confirmed.
    (message,) = [m for m in mailoutbox if m.to == ["quiet.harbour@example.org"]]
    link = urlsplit(CONFIRM_LINK.search(message.body).group(0))
    page.goto(demo_site + link.path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, your email is confirmed")

    page.goto(demo_site + ARTICLE_PATH)
    expect(page.locator("#comments")).to_contain_text("Eight months of Tuesdays")
    expect(page.get_by_text(reply_text)).to_have_count(0)

    reply = XtdComment.objects.get(user_name="Quiet Harbour")
    assert reply.parent_id == parent.pk and not reply.is_public

    moderator_context = browser.new_context()
    try:
        admin = moderator_context.new_page()
        admin.set_default_timeout(10_000)
        sign_in(admin, demo_site, "moderator")
        admin.goto(demo_site + "/admin/comments/")
        row = admin.locator(f"#comment-{reply.pk}")
        expect(row).to_contain_text(reply_text)
        row.get_by_role("button", name=f"Approve comment #{reply.pk}").click()
        expect(admin.get_by_text(f"Comment #{reply.pk} approved.")).to_be_visible()
    finally:
        moderator_context.close()

    page.reload()
    nested = page.locator(f"#c{parent.pk} > ol.comment-list--replies > li#c{reply.pk}")
    expect(nested).to_have_count(1)
    expect(nested.locator(".comment__author")).to_have_text("Quiet Harbour")
    expect(nested.locator(".comment__body")).to_have_text(reply_text)


def test_reader_in_crisis_sees_help_at_once(page, demo_site):
    page.goto(demo_site + ARTICLE_PATH)
    fill_comment_form(
        page,
        "Late Night",
        "late.night@example.org",
        "I relapsed again and honestly I want to die. I can't keep doing this.",
    )
    page.get_by_role("button", name="Submit comment").click()

    help_now = page.get_by_role("alert")
    expect(help_now.get_by_role("heading", level=1)).to_have_text(
        "You don’t have to face this alone"
    )
    expect(help_now).to_contain_text("988 Suicide & Crisis Lifeline")
    expect(help_now.get_by_role("link", name="Call or text 988")).to_have_attribute(
        "href", "tel:988"
    )
    expect(page.get_by_role("heading", name="Your comment is awaiting moderation")).to_be_visible()

    comment = XtdComment.objects.select_related("moderation").get(user_name="Late Night")
    assert comment.moderation.urgent and not comment.is_public


def test_reader_searches_from_the_header_and_opens_the_first_result(page, demo_site):
    page.goto(demo_site + "/")
    header_search = page.get_by_role("banner").get_by_role("search")
    header_search.get_by_label("Search articles").fill("peer support")
    header_search.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Search results for “peer support”")
    first = page.locator("ul.search-results > li").first.get_by_role("heading").get_by_role("link")
    title = first.inner_text().strip()
    assert title
    first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert urlsplit(page.url).path.startswith("/blog/")


PHONE = {"width": 375, "height": 812}

# On a phone Chromium widens the layout viewport to fit content that overflows, so the
# measures are taken against the phone's width, not window.innerWidth.
OVERFLOWING_ELEMENTS = """(width) => {
    // An element inside a box that scrolls or clips horizontally cannot widen the page.
    const contained = (el) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(up).overflowX)) {
                return true;
            }
        }
        return false;
    };
    return [...document.body.querySelectorAll("*")]
        .filter((el) => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.right > width + 0.5 && !contained(el);
        })
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} right=${
            Math.round(el.getBoundingClientRect().right)}`);
}"""


def assert_fits_the_phone(page):
    width = PHONE["width"]
    assert page.evaluate("window.innerWidth") == width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(OVERFLOWING_ELEMENTS, width) == []


def test_article_fits_a_phone_and_its_navigation_works(browser, demo_site):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(demo_site + ARTICLE_PATH)
        expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE)

        assert_fits_the_phone(page)

        nav = page.get_by_role("navigation", name="Main")
        home_link = nav.get_by_role("link", name="Home")
        blog_link = nav.get_by_role("link", name="Blog")
        expect(home_link).to_be_visible()
        expect(blog_link).to_be_visible()
        expect(blog_link).to_have_attribute("aria-current", "true")
        for link in (home_link, blog_link):
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

        blog_link.click()
        expect(page).to_have_url(demo_site + "/blog/")
        expect(nav.get_by_role("link", name="Blog")).to_have_attribute("aria-current", "page")
        assert_fits_the_phone(page)
    finally:
        context.close()
