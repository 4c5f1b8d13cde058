"""The clinician's review, in a real browser: from the dashboard's title to the Review page,
approving there with a success message and a link to the next post in the queue, approving
from the dashboard's own button, and the Review page's diff since the last approval."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from blog.models import BlogIndexPage, BlogPage
from editorial.models import ClinicalApproval
from tests.factories import make_post

from .conftest import sign_in

IN_REVIEW = "Sleep in Early Recovery: Why Nights Can Be Hard and What Helps"  # the demo's
SECOND = "Walking Together: How Peer Groups Help"
PEER_SUPPORT = "power-of-peer-support"
OLD_WORDS = "can be nerve-racking."
NEW_WORDS = "can be frightening."
VIEWPORT = {"width": 1400, "height": 1000}


@pytest.fixture
def clinician_page(browser, demo_site):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, demo_site, "clinician")
    yield page
    context.close()


def writer():
    return get_user_model().objects.get(username="writer")


def submit_new_post(title):
    post = make_post(BlogIndexPage.objects.get(), title=title, publish=False, owner=writer())
    post.save_revision(user=writer())
    post.get_workflow().start(post, writer())
    return post


def review_row(page, title):
    return (
        page.get_by_role("region", name="Awaiting your review")
        .get_by_role("row")
        .filter(has_text=title)
    )


def messages(page):
    return page.locator(".messages")


def test_a_clinician_reviews_from_the_dashboard_title_and_approves(demo_site, clinician_page):
    in_review = BlogPage.objects.get(title=IN_REVIEW)
    second = submit_new_post(SECOND)
    page = clinician_page
    page.goto(f"{demo_site}/admin/")

    # The title opens the Review page: the changes, the decision and the preview together.
    review_row(page, IN_REVIEW).get_by_role("link", name=IN_REVIEW).click()
    expect(page).to_have_url(f"{demo_site}/admin/review/{in_review.pk}/")
    expect(page.get_by_text("First clinical review — no earlier approved version")).to_be_visible()
    expect(
        page.get_by_role("heading", name="What changed since the last clinical approval")
    ).to_be_visible()
    preview = page.frame_locator("iframe[title^='Preview of']")
    expect(preview.get_by_role("heading", level=1)).to_contain_text("Sleep in Early Recovery")

    # Approving says so, by whom, and offers the next post waiting.
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page).to_have_url(f"{demo_site}/admin/")
    expect(messages(page)).to_contain_text(
        f"Approved “{IN_REVIEW}” — clinically reviewed by Maya Castillo, LCSW, CADC."
    )
    assert ClinicalApproval.objects.latest_for(in_review).reviewer.username == "clinician"
    expect(review_row(page, IN_REVIEW)).to_have_count(0)
    messages(page).get_by_role("link", name=f"Next in your queue: {SECOND}").click()
    expect(page).to_have_url(f"{demo_site}/admin/review/{second.pk}/")

    # From the dashboard, Approve is a button in the row, and it says so too; nothing else
    # waits, so there is no next link.
    page.goto(f"{demo_site}/admin/")
    row = review_row(page, SECOND)
    expect(row.get_by_role("button", name="Request changes")).to_be_visible()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(messages(page)).to_contain_text(f"Approved “{SECOND}” — clinically reviewed by")
    expect(messages(page).get_by_role("link", name=re.compile("Next in your queue"))).to_have_count(
        0
    )
    assert ClinicalApproval.objects.latest_for(second) is not None


def test_the_review_page_shows_what_changed_since_the_last_approval(demo_site, clinician_page):
    # The demo's peer-support article was approved and published; the writer rewords one
    # benefit section and resubmits it.
    post = BlogPage.objects.get(slug=PEER_SUPPORT)
    approved = ClinicalApproval.objects.latest_for(post)
    assert approved is not None
    draft = post.get_latest_revision_as_object()
    belonging = next(block for block in draft.body if block.block_type == "benefit_section")
    text = belonging.value["body"].source
    assert OLD_WORDS in text
    belonging.value["body"] = RichText(text.replace(OLD_WORDS, NEW_WORDS))
    draft.save_revision(user=writer())
    post.get_workflow().start(post, writer())

    page = clinician_page
    page.goto(f"{demo_site}/admin/")
    review_row(page, post.title).get_by_role("link", name=post.title).click()
    expect(
        page.get_by_text(f"Compared with the version {approved.reviewer_name} approved on")
    ).to_be_visible()

    changes = page.locator("[data-review-changes]")
    # Only the body changed, and within it only the reworded words are marked.
    expect(changes.locator("td.title")).to_have_text(["Body:"])
    expect(changes.locator(".deletion")).to_have_text([re.compile(r"nerve-racking")])
    expect(changes.locator(".addition")).to_have_text([re.compile(r"frightening")])
    # The unchanged sections are there for context, unmarked.
    expect(changes.get_by_text("A support network")).to_be_visible()
    expect(
        changes.locator(".addition, .deletion").filter(has_text="Shared experiences")
    ).to_have_count(0)
