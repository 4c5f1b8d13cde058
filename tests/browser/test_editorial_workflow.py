"""The editorial path of a post, in a real browser.

A writer drafts a post in the Wagtail editor and submits it; the clinician requests changes
from the dashboard; the writer reads the comment, fixes the post and resubmits; the clinician
approves; the editor sets a go-live time and approves; once the scheduler has run, a reader
sees the post with its "Clinically reviewed by" line. Each person has their own browser
context, as they would have their own browser.
"""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Revision

from blog.models import BlogIndexPage, BlogPage
from editorial.models import ClinicalApproval

from .conftest import sign_in

TITLE = "Walking Together: How Peer Groups Help"
SLUG = "walking-together-how-peer-groups-help"
INTRO = "Walking beside people who understand can make the road to recovery feel shorter."
FIX = " SAMHSA describes peer support as a core recovery support service."
BENEFITS = [
    ("Shared experience", "Peers share what helped them, in their own words."),
    ("Steady company", "A group that meets every week is there on the hard days too."),
]
CTA_HEADING = "Join a walking group"
CTA_TEXT = "Our intake team can help you find a group near you."
CTA_BUTTON = "Call the helpline"
HELPLINE = "1-800-662-4357"
REQUEST = "Please cite the SAMHSA peer support guidance in the intro."
WORKFLOW = "Clinical review and editorial approval"
VIEWPORT = {"width": 1600, "height": 1000}  # wide enough for the editor's status side panel


@pytest.fixture
def no_autosave(settings):
    # Wagtail 7.4 autosaves the editor half a second after each change; on the create view
    # the first autosave creates the page and turns the form into an edit form. A person
    # never notices, but a test typing at machine speed would race it. The workflow, not
    # autosave, is what this test is about.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def open_browser(browser, demo_site):
    """open_browser(username=None): a page in a new browser context, signed in as `username`
    (a reader when None). Each person gets their own cookies, as in their own browser."""
    contexts = []

    def open_browser(username=None):
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if username:
            sign_in(page, demo_site, username)
        return page

    yield open_browser
    for context in contexts:
        context.close()


def post_and_wait(page, action):
    """Run `action` (a click that submits a form) and wait for the server's answer."""
    with page.expect_response(lambda response: response.request.method == "POST"):
        action()
    page.wait_for_load_state()


def add_block(page, block_name):
    blocks = page.locator("[data-streamfield-child]")
    count = blocks.count()
    # The StreamField's own "+" buttons (Draftail's toolbar buttons share their name).
    page.locator("button.c-sf-add-button").last.click()
    page.get_by_role("option", name=block_name, exact=True).click()
    # The block is added a moment later; until then `.last` would be the previous block.
    expect(blocks).to_have_count(count + 1)
    return blocks.nth(count)


def type_rich_text(block, text, field=None):
    """Click into a Draftail editor of `block` (its `field` child for struct blocks), type."""
    scope = block.locator(f"[data-contentpath='{field}']") if field else block
    scope.get_by_role("textbox").click()
    block.page.keyboard.press("End")
    block.page.keyboard.type(text)
    # Draftail writes to the form's hidden input a moment after the last keystroke; a submit
    # before then would send the old text.
    stored = scope.locator("[data-streamfield-widget] > input[type=hidden]")
    expect(stored).to_have_value(re.compile(re.escape(text.strip())))


def open_footer_menu(page):
    page.get_by_role("button", name="More actions").click()


def review_row(page, title):
    section = page.get_by_role("region", name="Awaiting your review")
    return section.get_by_role("row").filter(has_text=title)


def current_task(post):
    state = BlogPage.objects.get(pk=post.pk).current_workflow_state
    return state.current_task_state if state else None


def test_a_post_goes_from_draft_to_readers_through_review(demo_site, open_browser, no_autosave):
    blog_index = BlogIndexPage.objects.get()

    # 1. The writer drafts the post: intro, two benefit sections, a call to action.
    writer = open_browser("writer")
    writer.goto(f"{demo_site}/admin/pages/add/blog/blogpage/{blog_index.pk}/")
    writer.get_by_role("textbox", name="Title*", exact=True).fill(TITLE)
    writer.get_by_role("button", name="Choose author").click()
    writer.get_by_role("dialog").get_by_role("link", name="Jordan Reyes").click()
    content_tab = writer.get_by_role("tabpanel", name="Content")
    expect(content_tab.get_by_text("Jordan Reyes, CPRS")).to_be_visible()
    writer.get_by_role("textbox", name="Summary*").fill("Why walking with peers helps recovery.")
    type_rich_text(add_block(writer, "Intro"), INTRO)
    for heading, text in BENEFITS:
        block = add_block(writer, "Benefit section")
        block.get_by_label("Heading*").fill(heading)
        type_rich_text(block, text, "body")
    cta = add_block(writer, "Call to action")
    cta.get_by_label("Heading", exact=True).fill(CTA_HEADING)  # optional: no "*"
    type_rich_text(cta, CTA_TEXT, "text")
    cta.get_by_label("Button label").fill(CTA_BUTTON)
    cta.get_by_label("Phone").fill(HELPLINE)
    open_footer_menu(writer)
    post_and_wait(writer, writer.get_by_role("button", name=f"Submit to {WORKFLOW}").click)
    expect(writer).to_have_url(f"{demo_site}/admin/pages/{blog_index.pk}/")

    post = BlogPage.objects.get(slug=SLUG)
    assert not post.live
    assert current_task(post).task.name == "Clinical review"
    draft = post.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == [
        "intro",
        "benefit_section",
        "benefit_section",
        "call_to_action",
    ]

    # 2. The clinician reads the draft in preview, then requests changes from the dashboard.
    clinician = open_browser("clinician")
    row = review_row(clinician, TITLE)
    row.get_by_role("button", name="Actions").click()
    with clinician.context.expect_page() as preview_tab:
        row.get_by_role("link", name="Preview").click()
    preview = preview_tab.value
    expect(preview.get_by_text(INTRO)).to_be_visible()
    preview.close()
    # Request changes is a button in the row (editorial/dashboard.py), not in the menu.
    row.get_by_role("button", name="Request changes").click()
    clinician.get_by_label("What needs to change?").fill(REQUEST)
    post_and_wait(
        clinician,
        clinician.get_by_role("dialog").get_by_role("button", name="Request changes").click,
    )
    expect(review_row(clinician, TITLE)).to_have_count(0)

    # 3. The writer sees the request in the editor's workflow status, fixes the intro and
    # resubmits.
    writer.goto(f"{demo_site}/admin/pages/{post.pk}/edit/")
    writer.get_by_role("button", name="Toggle status").click()
    writer.get_by_role("button", name="View details").click()
    status = writer.get_by_role("dialog", name=WORKFLOW)
    expect(status).to_contain_text("Changes requested by Maya Castillo")
    expect(status).to_contain_text(REQUEST)
    status.get_by_role("button", name="Close dialog").click()
    type_rich_text(writer.locator("[data-streamfield-child]").first, FIX)
    writer.screenshot(path="/tmp/b2x/t_fix.png")
    open_footer_menu(writer)
    post_and_wait(writer, writer.get_by_role("button", name="Resubmit to Clinical review").click)
    post.refresh_from_db()
    assert current_task(post).task.name == "Clinical review"
    assert FIX.strip() in post.get_latest_revision_as_object().body[0].value.source

    # 4. The clinician approves the fixed version.
    clinician.reload()
    row = review_row(clinician, TITLE)
    post_and_wait(clinician, row.get_by_role("button", name="Approve", exact=True).click)
    expect(review_row(clinician, TITLE)).to_have_count(0)
    approval = ClinicalApproval.objects.get(page=post)
    assert approval.reviewer_name == "Maya Castillo, LCSW, CADC"
    assert current_task(post).task.name == "Editorial approval"

    # 5. The editor sets a go-live time two minutes ahead and approves: the post is scheduled.
    editor = open_browser("editor")
    editor.goto(f"{demo_site}/admin/pages/{post.pk}/edit/")
    go_live_at = timezone.localtime(timezone.now() + timedelta(minutes=2))
    editor.get_by_role("button", name="Toggle status").click()
    editor.get_by_role("button", name="Set schedule").click()
    schedule = editor.get_by_role("dialog", name="Set publishing schedule")
    schedule.get_by_label("Go live date/time").fill(go_live_at.strftime("%Y-%m-%d %H:%M"))
    # The date picker stays open over the button, so the editor uses the keyboard.
    post_and_wait(
        editor, lambda: schedule.get_by_role("button", name="Save schedule").press("Enter")
    )
    open_footer_menu(editor)
    label = f"Approve and schedule for {go_live_at:%-d %b %Y, %H:%M}"
    post_and_wait(editor, editor.get_by_role("button", name=label).click)

    post = BlogPage.objects.get(pk=post.pk)
    assert not post.live
    scheduled = Revision.page_revisions.get(
        object_id=str(post.pk), approved_go_live_at__isnull=False
    )
    assert scheduled.approved_go_live_at == go_live_at.replace(second=0, microsecond=0)
    reader = open_browser()
    post_url = f"{demo_site}/blog/{SLUG}/"
    assert reader.goto(post_url).status == 404

    # 6. Time passes: the schedule moves into the past and the scheduler runs once. The
    # revision's own go_live_at moves too, or Wagtail would schedule it again, not publish it.
    past = timezone.now() - timedelta(seconds=1)
    scheduled.approved_go_live_at = past
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", verbosity=0)
    post = BlogPage.objects.get(pk=post.pk)
    assert post.live and post.clinical_approval == approval

    # 7. A reader, not signed in, sees the post and who reviewed it.
    assert reader.goto(post_url).status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.get_by_text("Clinically reviewed by")).to_contain_text(
        "Maya Castillo, LCSW, CADC"
    )
    expect(reader.get_by_text(INTRO)).to_contain_text(FIX.strip())
    for heading, text in BENEFITS:
        expect(reader.get_by_role("heading", name=heading)).to_be_visible()
        expect(reader.get_by_text(text)).to_be_visible()
    expect(reader.get_by_role("heading", name=CTA_HEADING)).to_be_visible()
    expect(reader.get_by_text(CTA_TEXT)).to_be_visible()
    expect(reader.get_by_role("link", name=CTA_BUTTON)).to_have_attribute("href", "tel:18006624357")
