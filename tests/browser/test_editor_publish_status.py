"""The editor's publish action follows the clinical approval, in a real browser.

An editor opens an approved, live demo post: Publish is offered. They edit a benefit section
and save the draft: the action menu no longer offers Publish but says the post needs clinical
review, with the submit action as its primary button, and the status side panel links to what
changed since the last approved version. Once a clinician has approved the edited version,
Publish is offered again and publishes it.
"""

import re

from playwright.sync_api import expect

from blog.models import BlogPage
from demo.content import PEER_SUPPORT
from editorial.models import ClinicalApproval
from editorial.workflow_setup import WORKFLOW_NAME

from . import test_editorial_workflow as editorial_workflow
from .test_editorial_workflow import open_footer_menu, post_and_wait

# The editorial workflow test's fixtures: each person in their own browser, autosave off.
open_browser = editorial_workflow.open_browser
no_autosave = editorial_workflow.no_autosave

BENEFIT = "A sense of belonging"
EDITED = "A real sense of belonging"
SUBMIT = f"Submit to {WORKFLOW_NAME}"
NEEDS_REVIEW = "Needs clinical review — submit it"


def primary_action(page):
    """The footer's primary button (the action menu's default item)."""
    return page.locator("footer .w-dropdown-button > button").first


def test_publish_is_offered_only_for_approved_content(
    demo_site, open_browser, no_autosave, django_user_model
):
    post = BlogPage.objects.get(slug=PEER_SUPPORT.slug)
    approved = ClinicalApproval.objects.latest_for(post)
    edit_url = f"{demo_site}/admin/pages/{post.pk}/edit/"

    # 1. The approved post: Publish is offered, Save draft is the primary button.
    editor = open_browser("editor")
    editor.goto(edit_url)
    expect(primary_action(editor)).to_have_text(re.compile("Save draft"))
    open_footer_menu(editor)
    expect(editor.get_by_role("button", name="Publish", exact=True)).to_be_visible()
    expect(editor.get_by_role("button", name=NEEDS_REVIEW)).to_have_count(0)
    editor.keyboard.press("Escape")

    # 2. The editor changes a benefit section's heading and saves the draft.
    headings = editor.get_by_label("Heading*")
    expect(headings.first).to_be_visible()
    values = [headings.nth(i).input_value() for i in range(headings.count())]
    headings.nth(values.index(BENEFIT)).fill(EDITED)
    post_and_wait(editor, primary_action(editor).click)
    latest = BlogPage.objects.get(pk=post.pk).get_latest_revision()
    assert EDITED in str(latest.content["body"])

    # 3. No Publish: the status line where it was, and Submit as the primary button.
    expect(primary_action(editor)).to_have_text(re.compile(SUBMIT))
    open_footer_menu(editor)
    expect(editor.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    status_line = editor.get_by_role("button", name=NEEDS_REVIEW)
    expect(status_line).to_be_visible()
    expect(status_line).to_be_disabled()
    expect(editor.get_by_role("button", name="Save draft")).to_be_visible()
    editor.keyboard.press("Escape")

    # 4. The status side panel says so too, and compares with the last approved version.
    editor.get_by_role("button", name="Toggle status").click()
    panel = editor.get_by_role("region", name="Needs clinical review")
    expect(panel).to_contain_text(
        f"Changed since the clinical approval by {approved.reviewer_name}"
    )
    editor.get_by_role("link", name="Compare with the last approved version").click()
    expect(editor).to_have_url(
        f"{demo_site}/admin/pages/{post.pk}/revisions/compare/{approved.revision_id}...latest/"
    )
    expect(editor.locator("main")).to_contain_text(EDITED)

    # 5. A clinician approves the edited version: Publish is offered again, and publishes it.
    clinician = django_user_model.objects.get(username="clinician")
    approval = ClinicalApproval.objects.record(latest, clinician)
    editor.goto(edit_url)
    expect(primary_action(editor)).to_have_text(re.compile("Save draft"))
    open_footer_menu(editor)
    expect(editor.get_by_role("button", name=NEEDS_REVIEW)).to_have_count(0)
    post_and_wait(editor, editor.get_by_role("button", name="Publish", exact=True).click)
    post = BlogPage.objects.get(pk=post.pk)
    # Publishing from the editor saves a copy of the approved revision; the approval covers it.
    assert post.live and post.clinical_approval == approval
    assert EDITED in [
        block.value["heading"] for block in post.body if block.block_type == "benefit_section"
    ]
