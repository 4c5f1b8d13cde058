"""The writer's editor for a BlogPage: where the fields are, the closing block, the block
chooser, the word count, and autosave (create view off, edit view on, one history entry for a
sitting's autosaves)."""

import json

import pytest
from django import forms
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse
from wagtail.blocks import StructBlockValidationError
from wagtail.models import PageLogEntry
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import rich_text, streamfield

from blog.blocks import CallToActionBlock
from blog.models import WORDS_PER_MINUTE, BlogPage
from tests.factories import CategoryFactory, admin_post_form_data, user_in_group
from tests.factories.people import AuthorFactory

BODY_BLOCKS = BlogPage._meta.get_field("body").stream_block.child_blocks
CONTENT_ORDER = ["title", "blog_authors", "summary", "categories", "tags", "listing_image", "body"]


def tab_fields(heading):
    [tab] = [tab for tab in BlogPage.get_edit_handler().children if tab.heading == heading]
    names = []

    def walk(panel):
        # A FieldPanel has a field_name, an InlinePanel a relation_name; groups have children.
        name = getattr(panel, "field_name", None) or getattr(panel, "relation_name", None)
        if name:
            names.append(name)
        for child in getattr(panel, "children", []):
            walk(child)

    walk(tab)
    return names


@pytest.fixture
def writer(db):
    return user_in_group("writer-e", "Writers")


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def author(db):
    return AuthorFactory()


def add_url(blog_index):
    return reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk])


def save_new_draft(client, blog_index, author, categories=(), **overrides):
    data = admin_post_form_data(author, **overrides)
    data["categories"] = list(categories)  # one value per ticked box
    response = client.post(add_url(blog_index), data)
    assert response.status_code == 302, response.context["form"].errors
    return BlogPage.objects.get(slug="power-of-peer-support")


# --- The Content tab -------------------------------------------------------------------------


def test_content_tab_holds_the_fields_in_the_order_a_writer_fills_them():
    assert tab_fields("Content") == CONTENT_ORDER


def test_categories_and_tags_are_not_on_the_promote_tab():
    promote = tab_fields("Promote")
    assert "categories" not in promote and "tags" not in promote


def test_categories_are_checkboxes():
    form_class = BlogPage.get_edit_handler().get_form_class()
    assert isinstance(form_class.base_fields["categories"].widget, forms.CheckboxSelectMultiple)


def test_writer_files_a_new_post_under_categories_and_tags(writer_client, blog_index, author):
    stories, skills = CategoryFactory(name="Stories"), CategoryFactory(name="Skills")
    response = writer_client.get(add_url(blog_index))
    html = response.content.decode()
    assert f'type="checkbox" name="categories" value="{stories.pk}"' in html

    post = save_new_draft(
        writer_client,
        blog_index,
        author,
        categories=[str(stories.pk), str(skills.pk)],
        tags="peer support, groups",
    )
    draft = post.get_latest_revision_as_object()
    assert {c.name for c in draft.categories.all()} == {"Stories", "Skills"}
    assert {t.name for t in draft.tags.all()} == {"peer support", "groups"}


# --- The call-to-action block ----------------------------------------------------------------


def cta(**values):
    raw = {"heading": "Find a group", "text": "<p>Talk to us.</p>"}
    raw.update(values)
    block = CallToActionBlock()
    return block, block.to_python(raw)


def clean_errors(**values):
    block, value = cta(**values)
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    error = excinfo.value
    non_block = [m for e in error.non_block_errors.as_data() for m in e.messages]
    return error.block_errors, non_block


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"heading": ""},
        {"text": ""},
        {"button_label": "", "page": None, "url": "", "phone": "", "email": ""},
    ],
    ids=["heading-and-text", "text-only", "heading-only", "empty-button-fields"],
)
def test_cta_without_a_button_is_valid(values):
    block, value = cta(**values)
    assert block.clean(value)


def test_cta_needs_a_heading_or_text():
    block_errors, _ = clean_errors(heading="", text="")
    assert "heading or some text" in block_errors["text"].messages[0]


def test_cta_label_without_a_target_is_refused_above_the_fields():
    block_errors, non_block = clean_errors(button_label="Call us")
    assert not block_errors
    assert non_block[0].startswith("Choose exactly one link target")
    assert "clear the button label" in non_block[0]


def test_cta_target_without_a_label_is_refused_on_the_label():
    block_errors, non_block = clean_errors(url="https://example.org/")
    assert set(block_errors) == {"button_label"}
    assert "button label" in block_errors["button_label"].messages[0]
    assert not non_block


def test_cta_two_targets_are_refused_on_both_targets():
    block_errors, non_block = clean_errors(
        button_label="Reach us", url="https://example.org/", email="help@example.org"
    )
    assert set(block_errors) == {"url", "email"}
    assert non_block[0].startswith("Choose exactly one link target")


def test_text_only_cta_renders_no_heading_and_no_link():
    block, value = cta(heading="", text="<p>Take care of yourself this week.</p>")
    html = block.render(block.clean(value))
    assert "Take care of yourself this week." in html
    assert "<h2" not in html and "<a " not in html and "aria-labelledby" not in html


def test_cta_with_a_button_still_renders_it():
    block, value = cta(button_label="Call us", phone="988")
    html = block.render(block.clean(value))
    assert '<h2 id="cta-find-a-group">Find a group</h2>' in html
    assert 'href="tel:988"' in html and "Call us" in html


def test_writer_saves_a_post_closing_with_text_only(writer_client, blog_index, author):
    body = streamfield(
        [
            ("intro", rich_text("<p>Recovery can feel lonely.</p>")),
            (
                "call_to_action",
                {
                    "heading": "",
                    "text": rich_text("<p>Be gentle with yourself.</p>"),
                    "button_label": "",
                    "page": "",
                    "url": "",
                    "phone": "",
                    "email": "",
                },
            ),
        ]
    )
    post = save_new_draft(writer_client, blog_index, author, body=body)
    closing = post.get_latest_revision_as_object().body[1]
    assert closing.block_type == "call_to_action"
    assert "Be gentle with yourself." in closing.value["text"].source


# --- The block chooser -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(BODY_BLOCKS))
def test_every_body_block_shows_its_description_in_the_chooser(name):
    block = BODY_BLOCKS[name]
    assert block.get_description()
    # Wagtail's chooser shows a description only in the preview pane of a previewable block.
    assert block.is_previewable


def test_every_body_block_has_its_own_icon():
    icons = [block.meta.icon for block in BODY_BLOCKS.values()]
    assert "placeholder" not in icons
    assert len(set(icons)) == len(icons), icons
    assert BODY_BLOCKS["intro"].meta.icon != BODY_BLOCKS["quote"].meta.icon


def test_block_preview_uses_the_site_styles(admin_client, site_tree):
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": BODY_BLOCKS["quote"].definition_prefix}
    )
    assert static("css/kinship.css") in response.content.decode()


# --- The word count --------------------------------------------------------------------------


def test_editor_loads_the_word_count_for_the_body(writer_client, blog_index):
    html = writer_client.get(add_url(blog_index)).content.decode()
    # A static script (the admin's CSP allows the site's own files, no inline script needed)
    # and the body panel marked with the public page's reading rate.
    assert f'<script src="{static("js/editor-word-count.js")}" defer></script>' in html
    assert f'data-word-count-wpm="{WORDS_PER_MINUTE}"' in html


# --- Autosave --------------------------------------------------------------------------------


def autosaves(html):
    """Whether the editor's form runs Wagtail's autosave controller."""
    form = WagtailTestUtils.get_soup(html).select_one("#page-edit-form")
    return "w-autosave" in form["data-controller"].split()


@override_settings(WAGTAIL_AUTOSAVE_INTERVAL=500)
def test_create_view_does_not_autosave_but_the_edit_view_does(writer_client, blog_index, author):
    create_html = writer_client.get(add_url(blog_index)).content.decode()
    assert not autosaves(create_html)
    assert "w-autosave-indicator" not in create_html

    post = save_new_draft(writer_client, blog_index, author)
    edit_html = writer_client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content
    assert autosaves(edit_html)


class TestAutosaveHistory(WagtailTestUtils):
    def autosave(self, client, post, author, overwrite=None, **overrides):
        data = admin_post_form_data(author, **overrides)
        if overwrite:
            data["overwrite_revision_id"] = str(overwrite)
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[post.pk]),
            data,
            HTTP_ACCEPT="application/json",
        )
        payload = json.loads(response.content)
        assert payload["success"], payload
        return payload["revision_id"]

    def history_rows(self, client, post):
        response = client.get(reverse("wagtailadmin_pages:history", args=[post.pk]))
        soup = self.get_soup(response.content)
        for dropdown in soup.select("main td [data-controller='w-dropdown']"):
            dropdown.extract()
        # Each row's action, without its compare links.
        cells = soup.select("main td:first-of-type")
        return [cell.get_text(strip=True, separator="|").split("|")[0] for cell in cells]

    def test_autosaves_of_one_sitting_are_one_revision_and_one_history_entry(
        self, writer_client, blog_index, author
    ):
        post = save_new_draft(writer_client, blog_index, author)
        revisions_before = post.revisions.count()

        # As the editor's w-autosave controller does: the first autosave of a sitting makes a
        # revision, the next ones overwrite it (overwrite_revision_id).
        first = self.autosave(writer_client, post, author, summary="First words.")
        second = self.autosave(writer_client, post, author, first, summary="More words.")
        third = self.autosave(writer_client, post, author, second, summary="Final words.")

        assert first == second == third
        assert post.revisions.count() == revisions_before + 1
        latest = BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object()
        assert latest.summary == "Final words."
        # Wagtail logs each autosave, under the uuid of the sitting's first one...
        edits = PageLogEntry.objects.filter(page=post, action="wagtail.edit", revision_id=first)
        assert edits.count() == 3 and edits.values("uuid").distinct().count() == 1
        # ...and its history shows one entry per uuid: the sitting, then the first save.
        assert self.history_rows(writer_client, post) == ["Draft saved", "Draft saved", "Created"]

    def test_a_new_sitting_is_a_new_history_entry(self, writer_client, blog_index, author):
        post = save_new_draft(writer_client, blog_index, author)
        first = self.autosave(writer_client, post, author, summary="Monday's words.")
        self.autosave(writer_client, post, author, first, summary="Monday's last words.")
        # The next day the editor is opened again: its first autosave starts a new revision.
        self.autosave(writer_client, post, author, summary="Tuesday's words.")

        # Tuesday, Monday, the first save.
        assert self.history_rows(writer_client, post) == [
            "Draft saved",
            "Draft saved",
            "Draft saved",
            "Created",
        ]
