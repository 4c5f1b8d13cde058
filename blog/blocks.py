"""StreamField blocks that model a recovery article.

An article opens with an `intro`, runs through `benefit_section`s and closes with a
`call_to_action`; the general blocks fill in between. Each block renders with its own
template in templates/blog/blocks/.

Every block in the body's chooser has its own icon and a description. Wagtail shows the
description only in the chooser's preview pane, and offers that pane only for a block that
is previewable: one with a preview value and a preview template (Block.is_previewable).
Each block therefore names PREVIEW_TEMPLATE, which renders the sample with the site's styles.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

INLINE_FEATURES = ["bold", "italic", "link"]
TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
PREVIEW_TEMPLATE = "blog/blocks/preview.html"

# Inline SVG icons that ship with Kinship (templates/blog/icons/); no icon font, no CDN.
ICON_CHOICES = [
    ("people", "People together"),
    ("chat", "Conversation"),
    ("heart", "Heart"),
    ("network", "Support network"),
    ("tools", "Tools and skills"),
    ("sunrise", "New day"),
]


class IntroBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "doc-full"
        label = "Intro"
        template = "blog/blocks/intro.html"
        preview_template = PREVIEW_TEMPLATE
        description = "The opening paragraphs of the article. Only allowed as the first block."
        preview_value = (
            "<p>Recovery can feel lonely. Peer support groups bring together people who "
            "understand, because they have walked the same road.</p>"
        )


class BenefitSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=TEXT_FEATURES)
    image = ImageChooserBlock(required=False)
    icon = blocks.ChoiceBlock(choices=ICON_CHOICES, required=False)

    class Meta:
        icon = "tick-inverse"
        label = "Benefit section"
        template = "blog/blocks/benefit_section.html"
        preview_template = PREVIEW_TEMPLATE
        description = "One benefit or idea, with a heading, text and an optional image or icon."
        preview_value = {
            "heading": "A sense of belonging",
            "body": "<p>Sitting with people who share your experience eases the isolation "
            "that so often comes with addiction.</p>",
            "icon": "people",
        }


phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ().-]{1,30}$",
    "Enter a phone number using digits, spaces, dashes or brackets, e.g. 1-800-662-4357.",
)


class CallToActionValue(blocks.StructValue):
    @cached_property
    def href(self):
        if self.get("page"):
            return self["page"].url
        if self.get("url"):
            return self["url"]
        if self.get("phone"):
            return "tel:" + re.sub(r"[^0-9+]", "", self["phone"])
        if self.get("email"):
            return "mailto:" + self["email"]
        return ""


class CallToActionBlock(blocks.StructBlock):
    """The article's closing block: a heading and/or text, and optionally one button.

    Both parts are optional so that an article can close with a plain paragraph; the block
    needs a heading or text, and a button, when there is one, needs its label and exactly one
    target."""

    heading = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=INLINE_FEATURES, required=False)
    button_label = blocks.CharBlock(
        max_length=60,
        required=False,
        help_text="The words on the button, e.g. Find a group. Leave the button fields "
        "empty for a closing block without a button.",
    )
    page = blocks.PageChooserBlock(required=False, help_text="Link to a page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or to a web address…")
    phone = blocks.CharBlock(
        max_length=40, required=False, validators=[phone_validator], help_text="…or a phone number…"
    )
    email = blocks.EmailBlock(required=False, help_text="…or an email address.")

    TARGETS = ("page", "url", "phone", "email")

    def get_searchable_content(self, value):
        # An optional CharBlock missing from stored data holds None, which CharBlock would
        # index as the word "None"; leave empty fields out.
        return [
            text
            for name, child in self.child_blocks.items()
            if value.get(name) is not None
            for text in child.get_searchable_content(value[name])
            if text
        ]

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        non_block_errors = []
        if not (value.get("heading") or "").strip() and not value.get("text"):
            errors["text"] = ValidationError("Write a heading or some text for the closing block.")
        has_label = bool((value.get("button_label") or "").strip())
        chosen = [name for name in self.TARGETS if value.get(name)]
        if chosen and not has_label:
            errors["button_label"] = ValidationError(
                "Add a button label, e.g. “Find a meeting near you”, or clear the link for a "
                "closing block without a button."
            )
        if len(chosen) > 1 or (has_label and not chosen):
            # Above the block's fields: no single target field is wrong on its own.
            message = (
                "Choose exactly one link target: a page, a URL, a phone number or an email address."
            )
            if not chosen:
                message += " Or clear the button label for a closing block without a button."
            non_block_errors.append(ValidationError(message))
            for name in chosen:
                errors[name] = ValidationError("Only one link target is allowed.")
        if errors or non_block_errors:
            raise blocks.StructBlockValidationError(
                block_errors=errors, non_block_errors=non_block_errors
            )
        return value

    class Meta:
        icon = "arrow-right-full"
        label = "Call to action"
        template = "blog/blocks/call_to_action.html"
        value_class = CallToActionValue
        preview_template = PREVIEW_TEMPLATE
        description = (
            "The closing block: a heading, text or both, with an optional button linking to a "
            "page, URL, phone number or email."
        )
        preview_value = {
            "heading": "Find a group near you",
            "text": "<p>Talk to our intake team about peer support groups this week.</p>",
            "button_label": "Call the helpline",
            "phone": "1-800-662-4357",
        }


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=160)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Subheading"), ("h4", "Minor heading")],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = "Heading"
        template = "blog/blocks/heading.html"
        preview_template = PREVIEW_TEMPLATE
        description = "A heading that structures the article for readers and screen readers."
        preview_value = {"text": "What to expect at your first meeting", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Paragraph"
        template = "blog/blocks/paragraph.html"
        preview_template = PREVIEW_TEMPLATE
        description = "Body text with bold, italics, links and lists."
        preview_value = (
            "<p>Most groups meet weekly. Newcomers are welcome to listen without sharing.</p>"
        )


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(max_length=120, required=False)

    class Meta:
        icon = "openquote"
        label = "Quote"
        # Someone's own words: the language check (language/text.py) leaves them as they are.
        language_check = False
        template = "blog/blocks/quote.html"
        preview_template = PREVIEW_TEMPLATE
        description = "A quotation, for example from a group member, with optional attribution."
        preview_value = {
            "quote": "The first time someone said “me too”, I knew I could stay.",
            "attribution": "A group member, two years in recovery",
        }


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=255,
        required=False,
        help_text="Describe the image for people who cannot see it. "
        "Leave empty to use the image's title.",
    )
    caption = blocks.CharBlock(max_length=255, required=False)

    class Meta:
        icon = "image"
        label = "Image with caption"
        template = "blog/blocks/image.html"
        preview_template = PREVIEW_TEMPLATE
        description = "An image with alternative text and an optional caption."
        preview_value = {"caption": "A peer support circle"}


class EmbedWithCaptionBlock(blocks.StructBlock):
    embed = EmbedBlock(help_text="A YouTube or Vimeo address.")
    caption = blocks.CharBlock(max_length=255, required=False)

    class Meta:
        icon = "media"
        label = "Embed"
        template = "blog/blocks/embed.html"
        preview_template = PREVIEW_TEMPLATE
        description = "A video or other media from a supported provider, with a caption."
        preview_value = {"caption": "A talk about peer support"}


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("support", "Support"), ("warning", "Caution")],
        default="info",
    )
    title = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "info-circle"
        label = "Callout"
        template = "blog/blocks/callout.html"
        preview_template = PREVIEW_TEMPLATE
        description = "A highlighted box for a tip, a caution or where to get support."
        preview_value = {
            "tone": "support",
            "title": "You do not have to share",
            "text": "<p>Listening is a perfectly good way to take part.</p>",
        }


class ReferenceBlock(blocks.StructBlock):
    citation = blocks.TextBlock(max_length=500)
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "link"
        label = "Reference"


class ReferencesBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(ReferenceBlock(), **kwargs)

    class Meta:
        icon = "list-ol"
        label = "References"
        # Citations give other people's titles as published: the language check leaves them.
        language_check = False
        template = "blog/blocks/references.html"
        preview_template = PREVIEW_TEMPLATE
        description = "The sources the article relies on, as a numbered list."
        preview_value = [
            {
                "citation": "Substance Abuse and Mental Health Services Administration. "
                "Peer support. 2023.",
                "url": "https://www.samhsa.gov/",
            }
        ]


class ArticleStreamBlock(blocks.StreamBlock):
    intro = IntroBlock()
    benefit_section = BenefitSectionBlock()
    call_to_action = CallToActionBlock()
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = ImageWithCaptionBlock()
    embed = EmbedWithCaptionBlock()
    callout = CalloutBlock()
    references = ReferencesBlock()

    def clean(self, value):
        value = super().clean(value)
        errors = {
            index: ValidationError(
                "The intro must be the first block of the article. "
                "Move it to the top or change it to a paragraph."
            )
            for index, child in enumerate(value)
            if child.block_type == "intro" and index != 0
        }
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value

    class Meta:
        block_counts = {"intro": {"max_num": 1}}
