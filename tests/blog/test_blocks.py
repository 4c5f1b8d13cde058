"""Article blocks: the validation messages editors see, previews and rendering."""

import pytest
from django.urls import reverse
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.blocks import ArticleStreamBlock, CallToActionBlock
from blog.models import BlogPage
from tests.factories import make_post

EXACTLY_ONE_TARGET = "Choose exactly one link target"
INTRO_FIRST = "The intro must be the first block of the article."


def cta(**values):
    raw = {"heading": "Find a group", "text": "<p>Talk to us.</p>", "button_label": "Call us"}
    raw.update(values)
    block = CallToActionBlock()
    return block, block.to_python(raw)


def non_block_messages(error):
    return [m for e in error.non_block_errors.as_data() for m in e.messages]


def stream(*items):
    block = ArticleStreamBlock()
    return block, block.to_python([{"type": t, "value": v} for t, v in items])


# --- Call to action -------------------------------------------------------------------


def test_cta_without_button_label_is_refused_with_a_message_about_the_label():
    block, value = cta(button_label="", url="https://example.org/")

    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)

    error = excinfo.value
    assert set(error.block_errors) == {"button_label"}
    assert "button label" in " ".join(error.block_errors["button_label"].messages)


def test_cta_with_blank_button_label_is_refused():
    block, value = cta(button_label="   ", url="https://example.org/")

    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)

    assert "button_label" in excinfo.value.block_errors


def test_cta_without_a_target_is_refused():
    block, value = cta()

    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)

    assert any(m.startswith(EXACTLY_ONE_TARGET) for m in non_block_messages(excinfo.value))


@pytest.mark.django_db
def test_cta_with_two_targets_is_refused_and_both_targets_are_marked(blog_index):
    block, value = cta(url="https://example.org/", phone="988")

    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)

    error = excinfo.value
    assert any(m.startswith(EXACTLY_ONE_TARGET) for m in non_block_messages(error))
    assert {"url", "phone"} <= set(error.block_errors)

    block, value = cta(page=blog_index.pk, email="help@example.org")
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    assert any(m.startswith(EXACTLY_ONE_TARGET) for m in non_block_messages(excinfo.value))


@pytest.mark.parametrize(
    ("target", "expected_href"),
    [
        ({"url": "https://findtreatment.gov/"}, "https://findtreatment.gov/"),
        ({"phone": "1-800-662-4357"}, "tel:18006624357"),
        ({"phone": "+1 (800) 662.4357"}, "tel:+18006624357"),
        ({"email": "intake@example.org"}, "mailto:intake@example.org"),
    ],
)
def test_cta_with_exactly_one_target_passes(target, expected_href):
    block, value = cta(**target)

    cleaned = block.clean(value)

    assert cleaned.href == expected_href


@pytest.mark.django_db
def test_cta_with_a_page_target_links_to_the_page(blog_index):
    block, value = cta(page=blog_index.pk)

    cleaned = block.clean(value)

    assert cleaned["page"].pk == blog_index.pk
    assert cleaned.href == blog_index.url == "/blog/"


@pytest.mark.parametrize("phone", ["call us", "555-HELP", "1"])
def test_cta_refuses_a_bad_phone_number(phone):
    block, value = cta(phone=phone)

    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)

    assert "phone" in excinfo.value.block_errors
    assert "Enter a phone number" in " ".join(excinfo.value.block_errors["phone"].messages)


# --- Article stream -------------------------------------------------------------------


def test_intro_not_first_is_refused_at_its_index():
    block, value = stream(
        ("paragraph", "<p>Some text.</p>"),
        ("heading", {"text": "A heading", "level": "h2"}),
        ("intro", "<p>Late intro.</p>"),
    )

    with pytest.raises(StreamBlockValidationError) as excinfo:
        block.clean(value)

    error = excinfo.value
    assert set(error.block_errors) == {2}
    assert INTRO_FIRST in " ".join(error.block_errors[2].messages)


def test_intro_first_passes():
    block, value = stream(
        ("intro", "<p>Opening.</p>"),
        ("paragraph", "<p>Some text.</p>"),
        ("quote", {"quote": "Me too.", "attribution": ""}),
    )

    cleaned = block.clean(value)

    assert [child.block_type for child in cleaned] == ["intro", "paragraph", "quote"]


def test_two_intros_are_refused():
    block, value = stream(
        ("intro", "<p>Opening.</p>"),
        ("intro", "<p>Another opening.</p>"),
    )

    with pytest.raises(StreamBlockValidationError) as excinfo:
        block.clean(value)

    assert "Intro: The maximum number of items is 1" in non_block_messages(excinfo.value)


def test_article_without_intro_is_allowed():
    block, value = stream(("paragraph", "<p>Just text.</p>"))

    assert len(block.clean(value)) == 1


# --- Block metadata, previews and rendering -------------------------------------------

CHILD_BLOCKS = list(ArticleStreamBlock().child_blocks.items())


@pytest.mark.parametrize(("name", "block"), CHILD_BLOCKS, ids=[n for n, _ in CHILD_BLOCKS])
def test_every_block_describes_itself_and_has_a_preview(name, block):
    assert isinstance(block.meta.description, str)
    assert block.meta.description.strip()
    assert getattr(block.meta, "preview_value", None) is not None
    assert block.get_preview_value() is not None


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "block"), CHILD_BLOCKS, ids=[n for n, _ in CHILD_BLOCKS])
def test_every_block_renders_its_preview_value(name, block, site_tree):
    assert block.meta.template, f"{name} has no template"

    html = block.render(block.get_preview_value())

    assert isinstance(html, str)
    assert html.strip()


def test_previews_render_their_content():
    blocks = ArticleStreamBlock().child_blocks

    def render(name):
        block = blocks[name]
        return block.render(block.get_preview_value())

    assert "Peer support groups bring together" in render("intro")
    benefit = render("benefit_section")
    assert '<section class="benefit"' in benefit
    assert "A sense of belonging" in benefit
    assert "<svg" in benefit  # the "people" icon is inlined
    assert 'href="tel:18006624357"' in render("call_to_action")
    assert '<h2 class="block-heading"' in render("heading")
    assert "callout--support" in render("callout")
    assert "https://www.samhsa.gov/" in render("references")


# --- Messages reach editors -----------------------------------------------------------


def post_edit(client, post, body):
    """Save an edit of `post` as a draft through the Wagtail page editor."""
    author_link = post.blog_authors.get()
    data = nested_form_data(
        {
            "title": "Changed title",
            "slug": post.slug,
            "summary": post.summary,
            "body": streamfield(body),
            "blog_authors": inline_formset(
                [{"id": str(author_link.pk), "author": str(author_link.author_id)}],
                initial=1,
                min=1,
            ),
            "tags": "",
        }
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=[post.pk]), data)


@pytest.mark.django_db
def test_admin_edit_with_intro_in_second_position_is_rejected(client, blog_index):
    post = make_post(blog_index, title="Original title")
    revisions_before = post.revisions.count()
    user = WagtailTestUtils.create_superuser("editor")
    client.force_login(user)

    response = post_edit(
        client,
        post,
        [
            ("paragraph", rich_text("<p>Text before the intro.</p>")),
            ("intro", rich_text("<p>An intro in the wrong place.</p>")),
        ],
    )

    assert response.status_code == 200
    assert "The page could not be saved due to validation errors" in response.content.decode()
    assert INTRO_FIRST in response.content.decode()
    post = BlogPage.objects.get(pk=post.pk)
    assert post.title == "Original title"
    assert post.revisions.count() == revisions_before
    assert post.body[0].block_type == "intro"


@pytest.mark.django_db
def test_admin_edit_with_valid_body_is_saved(client, blog_index):
    """The same POST with the intro first succeeds: the rejection above is the intro rule."""
    post = make_post(blog_index, title="Original title")
    client.force_login(WagtailTestUtils.create_superuser("editor"))

    response = post_edit(
        client,
        post,
        [
            ("intro", rich_text("<p>An intro in the right place.</p>")),
            ("paragraph", rich_text("<p>Text after the intro.</p>")),
        ],
    )

    assert response.status_code == 302
    draft = BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert draft.title == "Changed title"
    assert [child.block_type for child in draft.body] == ["intro", "paragraph"]


def test_call_to_action_search_text_leaves_out_empty_fields():
    # Stored data without a phone number gives the block None there; it must not be indexed
    # (and shown in search excerpts) as the word "None".
    block = CallToActionBlock()
    value = block.to_python(
        {"heading": "Find support", "button_label": "Search", "url": "https://example.org/"}
    )
    assert block.get_searchable_content(value) == ["Find support", "Search"]
