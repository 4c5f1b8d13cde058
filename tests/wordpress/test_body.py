"""The body mapping: WordPress post HTML (classic and Gutenberg) → the article's blocks."""

import re

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from blog.blocks import ArticleStreamBlock
from wordpress.body import convert_body

CLASSIC = """Peer support groups meet every week.

People who come find they are not alone.

<h2>Benefits of group therapy</h2>
<h3>A sense of belonging</h3>
Being with others who <strong>understand</strong>.
<h3>Shared experiences</h3>
<ul><li>Stories</li><li>Lessons</li></ul>
<h2>What to expect</h2>
The first meeting is <em>gentle</em>.

<blockquote>It saved my life.
— Sam, in recovery</blockquote>
[gallery ids="1,2"]
<script>alert("x")</script>
"""

GUTENBERG = """<!-- wp:paragraph -->
<p>An intro with <a href="javascript:alert(1)">an unsafe link</a> and
<a href="https://example.org/help">a safe one</a>.</p>
<!-- /wp:paragraph -->
<!-- wp:paragraph --><p>&nbsp;</p><!-- /wp:paragraph -->
<!-- wp:heading --><h2 class="wp-block-heading">Coping skills</h2><!-- /wp:heading -->
<!-- wp:list --><ul><li><p>Breathing</p></li><li>Walking</li></ul><!-- /wp:list -->
<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>One day at a time.</p><cite>A member</cite></blockquote>
<!-- /wp:quote -->
<!-- wp:image -->
<figure class="wp-block-image"><img src="https://old.example.org/wp-content/uploads/2023/05/circle.png"
 alt="A circle of chairs"/><figcaption>Our meeting room</figcaption></figure>
<!-- /wp:image -->
<!-- wp:image --><figure><img src="/wp-content/uploads/lost.jpg" alt=""/></figure><!-- /wp:image -->
<!-- wp:html --><iframe src="https://video.example.org/embed"></iframe><!-- /wp:html -->
"""


def plain(html):
    """Rich text without the editor's data-block-key attributes."""
    return re.sub(r' data-block-key="[^"]*"', "", html)


def types(conversion):
    return [block["type"] for block in conversion.blocks]


def valid(conversion):
    stream = ArticleStreamBlock()
    stream.clean(stream.to_python(conversion.blocks))


def test_classic_post_maps_intro_benefits_headings_and_quote():
    conversion = convert_body(CLASSIC)
    html = plain(str(conversion.blocks))

    assert types(conversion) == [
        "intro",
        "heading",
        "benefit_section",
        "benefit_section",
        "heading",
        "paragraph",
        "quote",
    ]
    intro, benefits, belonging, shared, expect, paragraph, quote = conversion.blocks
    assert plain(intro["value"]).count("<p>") == 2
    assert benefits["value"] == {"text": "Benefits of group therapy", "level": "h2"}
    assert belonging["value"]["heading"] == "A sense of belonging"
    assert "Being with others who <b>understand</b>." in html
    assert shared["value"]["heading"] == "Shared experiences"
    assert "<li>Stories</li>" in plain(shared["value"]["body"])
    assert expect["value"]["text"] == "What to expect"
    assert "<i>gentle</i>" in paragraph["value"]
    assert "Being with" in belonging["value"]["body"]
    assert quote["value"] == {"quote": "It saved my life.", "attribution": "Sam, in recovery"}
    assert "Shortcode [gallery] removed" in conversion.notes
    assert "<script> removed" in conversion.notes
    assert "alert" not in str(conversion.blocks)
    valid(conversion)


@pytest.mark.django_db
def test_gutenberg_post_maps_its_blocks_and_cleans_rich_text():
    circle = Image.objects.create(title="circle", file=get_test_image_file())
    found = {"2023/05/circle.png": circle.pk}

    def find_image(src):
        return next((pk for path, pk in found.items() if src.endswith(path)), None)

    conversion = convert_body(GUTENBERG, find_image)
    html = plain(str(conversion.blocks))

    assert types(conversion) == ["intro", "heading", "paragraph", "quote", "image", "callout"]
    intro, heading, paragraph, quote, image, placeholder = conversion.blocks
    assert "an unsafe link" in intro["value"]
    assert "javascript" not in intro["value"] and "<a>" not in intro["value"]
    assert '<a href="https://example.org/help">a safe one</a>' in intro["value"]
    assert "&nbsp;" not in intro["value"] and plain(intro["value"]).count("<p>") == 1
    assert heading["value"] == {"text": "Coping skills", "level": "h2"}
    assert "<li>Breathing</li>" in plain(paragraph["value"])
    assert "<p>Breathing" not in html
    assert quote["value"] == {"quote": "One day at a time.", "attribution": "A member"}
    assert image["value"] == {
        "image": circle.pk,
        "alt_text": "A circle of chairs",
        "caption": "Our meeting room",
    }
    assert placeholder["value"]["title"] == "Image not imported"
    assert "lost.jpg" in placeholder["value"]["text"]
    assert conversion.missing_images == ["/wp-content/uploads/lost.jpg"]
    assert "<iframe> removed" in conversion.notes
    valid(conversion)


def test_a_heading_with_one_sub_heading_is_not_a_benefit_list():
    conversion = convert_body("<h2>Start</h2><h3>Only one</h3><p>Text.</p>")

    assert types(conversion) == ["heading", "heading", "paragraph"]
    assert conversion.blocks[1]["value"]["level"] == "h3"
    valid(conversion)


def test_an_overlong_quote_stays_a_paragraph_and_a_long_heading_is_shortened():
    long_quote = "word " * 200
    conversion = convert_body(
        f"<h2>Start</h2><blockquote>{long_quote}</blockquote><h2>{'x' * 300}</h2>"
    )

    assert types(conversion) == ["heading", "paragraph", "heading"]
    assert len(conversion.blocks[2]["value"]["text"]) <= 160
    assert any("too long for a quote" in note for note in conversion.notes)
    valid(conversion)


@pytest.mark.parametrize("html", ["", "<!-- wp:spacer --><div></div><!-- /wp:spacer -->", "[toc]"])
def test_an_empty_body_gives_no_blocks(html):
    assert convert_body(html).blocks == []
