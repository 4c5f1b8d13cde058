"""The writer's editor, in a real browser: categories and tags on the Content tab, a closing
block without a button, no post left behind by an abandoned new page, the live word count,
and one history entry for a sitting's autosaves.

Autosave keeps Wagtail's interval here (WAGTAIL_AUTOSAVE_INTERVAL, 500 ms): these tests are
about how the editor behaves with it."""

import pytest
from playwright.sync_api import expect
from wagtail.models import PageLogEntry

from blog.models import WORDS_PER_MINUTE, BlogIndexPage, BlogPage

from .test_editorial_workflow import VIEWPORT, add_block, post_and_wait, type_rich_text

AUTOSAVE_WAIT_MS = 2_000  # well past Wagtail's 500 ms autosave interval
# Wagtail's unsaved-changes watcher (which triggers autosave) takes its snapshot of the form
# 2 s after the editor loads; what is typed before that counts as the starting point.
SETTLE_MS = 2_500


def let_editor_settle(page):
    page.wait_for_timeout(SETTLE_MS)


@pytest.fixture
def writer(browser, demo_site):
    from .conftest import sign_in

    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, demo_site, "writer")
    yield page
    context.close()


@pytest.fixture
def add_post_url(demo_site):
    blog_index = BlogIndexPage.objects.get()
    return f"{demo_site}/admin/pages/add/blog/blogpage/{blog_index.pk}/"


def start_post(page, url, title, settle=False):
    page.goto(url)
    if settle:
        let_editor_settle(page)
    page.get_by_role("textbox", name="Title*", exact=True).fill(title)
    page.get_by_role("button", name="Choose author").click()
    page.get_by_role("dialog").get_by_role("link", name="Jordan Reyes").click()
    page.get_by_role("textbox", name="Summary*").fill(f"A summary of {title}.")
    return page.get_by_role("tabpanel", name="Content")


def save_draft(page):
    post_and_wait(page, page.get_by_role("button", name="Save draft").click)


def word_count(page):
    return page.locator("[data-word-count-text]")


def test_writer_files_a_post_under_categories_and_tags_on_the_content_tab(writer, add_post_url):
    title = "Finding a group that fits"
    content_tab = start_post(writer, add_post_url, title, settle=True)
    content_tab.get_by_role("checkbox", name="Peer support").check()
    content_tab.get_by_role("checkbox", name="Mental health").check()
    tags = content_tab.locator(".tagit-new input")
    for tag in ("meetings", "first steps"):
        tags.fill(tag)
        tags.press("Enter")
    type_rich_text(add_block(writer, "Intro"), "Groups differ; try a few before you settle.")
    # Past the autosave interval: on the create view nothing saves until the writer does.
    writer.wait_for_timeout(AUTOSAVE_WAIT_MS)
    save_draft(writer)

    # Wagtail's message for the create view's save: the post is new, not "updated".
    expect(writer.get_by_text(f"Page '{title}' created.")).to_be_visible()
    draft = BlogPage.objects.get(title=title).get_latest_revision_as_object()
    assert {c.name for c in draft.categories.all()} == {"Peer support", "Mental health"}
    assert {t.name for t in draft.tags.all()} == {"meetings", "first steps"}
    # Neither sits on the Promote tab any more.
    writer.get_by_role("tab", name="Promote").click()
    promote = writer.get_by_role("tabpanel", name="Promote")
    expect(promote.get_by_role("checkbox", name="Peer support")).to_have_count(0)
    expect(promote.get_by_text("Tags", exact=True)).to_have_count(0)


def test_a_closing_block_can_be_text_only(writer, add_post_url, demo_site):
    title = "Be gentle with yourself"
    closing = "However this week went, you showed up. That counts."
    start_post(writer, add_post_url, title)
    type_rich_text(add_block(writer, "Intro"), "Recovery is not a straight line.")
    type_rich_text(add_block(writer, "Call to action"), closing, "text")
    save_draft(writer)
    expect(writer.get_by_text(f"Page '{title}' created.")).to_be_visible()

    post = BlogPage.objects.get(title=title)
    [_, cta] = post.get_latest_revision_as_object().body
    assert cta.block_type == "call_to_action" and not cta.value["button_label"]

    # The draft as readers would see it: the text, and no empty heading or link.
    writer.goto(f"{demo_site}/admin/pages/{post.pk}/view_draft/")
    aside = writer.locator("aside.cta")
    expect(aside).to_contain_text(closing)
    expect(aside.locator("a")).to_have_count(0)
    expect(aside.locator("h2")).to_have_count(0)


def test_an_abandoned_new_post_is_not_saved(writer, add_post_url, demo_site):
    posts_before = BlogPage.objects.count()
    saves = []
    writer.on("request", lambda r: saves.append(r.url) if r.method == "POST" else None)

    start_post(writer, add_post_url, "A post I will not finish", settle=True)
    type_rich_text(add_block(writer, "Intro"), "I started writing and then")
    writer.wait_for_timeout(AUTOSAVE_WAIT_MS)
    # The writer leaves, and confirms Wagtail's "unsaved changes" question.
    writer.on("dialog", lambda dialog: dialog.accept())
    writer.goto(f"{demo_site}/admin/")

    assert saves == []
    assert BlogPage.objects.count() == posts_before
    assert not BlogPage.objects.filter(title="A post I will not finish").exists()


def test_word_count_follows_the_writer(writer, add_post_url):
    start_post(writer, add_post_url, "Counting words")
    count = word_count(writer)
    expect(count).to_have_text("0 words · 1 min read")

    # The block chooser previews a block with its description.
    writer.locator("button.c-sf-add-button").last.click()
    intro = writer.get_by_role("option", name="Intro", exact=True)
    row = writer.locator(".w-combobox__option-row").filter(has=intro)
    row.get_by_role("button", name="Preview").click()
    description = (
        BlogPage._meta.get_field("body").stream_block.child_blocks["intro"].meta.description
    )
    expect(writer.locator(".w-combobox-preview")).to_contain_text(description)
    intro.click()
    type_rich_text(writer.locator("[data-streamfield-child]").first, "One two three four five.")
    expect(count).to_have_text("5 words · 1 min read")
    heading = add_block(writer, "Heading")
    heading.get_by_label("Text*").fill("Six seven")
    # The chosen level's label ("Section heading") is indexed text too, as on the server.
    expect(count).to_have_text("9 words · 1 min read")

    # Past one minute's worth of words: the reading time changes, and is announced politely.
    quote = add_block(writer, "Quote")
    # One-letter words: the quote field holds 600 characters.
    quote.get_by_label("Quote*").fill(" ".join(["a"] * WORDS_PER_MINUTE))
    expect(count).to_have_text(f"{9 + WORDS_PER_MINUTE} words · 2 min read")
    announcer = writer.locator("[data-word-count] [aria-live=polite]")
    expect(announcer).to_have_text("Reading time now 2 min")


def test_word_count_matches_the_reading_time_readers_see(writer, demo_site):
    post = BlogPage.objects.live().order_by("pk").first()
    body = post.body
    words = len(" ".join(body.stream_block.get_searchable_content(body)).split())
    # The writer may open any post; the count is read-only.
    writer.goto(f"{demo_site}/admin/pages/{post.pk}/edit/")
    expect(word_count(writer)).to_have_text(f"{words} words · {post.reading_minutes} min read")
    # Loading the editor is not the writer's change: nothing is announced.
    expect(writer.locator("[data-word-count] [aria-live=polite]")).to_have_text("")


def test_autosaves_in_one_sitting_show_as_one_history_entry(writer, add_post_url, demo_site):
    title = "Autosaved in one sitting"
    start_post(writer, add_post_url, title)
    type_rich_text(add_block(writer, "Intro"), "The first draft.")
    save_draft(writer)
    post = BlogPage.objects.get(title=title)
    entries_before = PageLogEntry.objects.filter(page=post).latest_by_uuid_and_action().count()

    # On the edit view Wagtail autosaves: three pauses, three autosaves.
    let_editor_settle(writer)
    intro = writer.locator("[data-streamfield-child]").first
    for more in (" A second thought.", " A third.", " And a last one."):
        with writer.expect_response(
            lambda r: r.request.method == "POST" and f"/pages/{post.pk}/edit/" in r.url
        ):
            type_rich_text(intro, more)
        writer.wait_for_timeout(AUTOSAVE_WAIT_MS)

    edits = PageLogEntry.objects.filter(page=post, action="wagtail.edit")
    assert edits.count() >= 3 + 1  # the first save and each autosave are logged
    shown = PageLogEntry.objects.filter(page=post).latest_by_uuid_and_action()
    assert shown.count() == entries_before + 1
    writer.goto(f"{demo_site}/admin/pages/{post.pk}/history/")
    rows = writer.locator("main tbody tr")
    # Created, the first save, and the sitting's autosaves as one "Draft saved".
    expect(rows).to_have_count(3)
    latest = BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert "And a last one." in latest.body[0].value.source
