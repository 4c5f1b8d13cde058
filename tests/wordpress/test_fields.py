"""WordPress's field values as Kinship's (wordpress/content.py): no database."""

import pytest

from wordpress import content
from wordpress.images import upload_path
from wordpress.wxr import Item


@pytest.mark.parametrize(
    "display, expected",
    [
        ("Jordan Doe, LCSW", ("Jordan Doe", "LCSW")),
        ("Jordan Doe, LCSW, CADC-II", ("Jordan Doe", "LCSW, CADC-II")),
        ("Dr. Maria Lopez, MD", ("Dr. Maria Lopez", "MD")),
        ("Alex Kim, PhD", ("Alex Kim", "PhD")),
        ("Sam Rivera", ("Sam Rivera", "")),
        # A comma that is not before credentials stays in the name.
        ("Doe, Jordan Lee", ("Doe, Jordan Lee", "")),
        ("  Extra   spaces  ,  LPC ", ("Extra spaces", "LPC")),
    ],
)
def test_a_display_name_splits_into_name_and_credentials(display, expected):
    assert content.split_display_name(display) == expected


def test_an_empty_display_name_falls_back_to_the_names_then_the_login():
    assert content.split_display_name("", "Jordan", "Doe", "jdoe") == ("Jordan Doe", "")
    assert content.split_display_name("", "", "", "jdoe") == ("jdoe", "")


def test_slugs_are_kept_and_decoded():
    assert content.slug_for("power-of-peer-support", "Ignored") == "power-of-peer-support"
    assert content.slug_for("%c3%a9tape-un", "Ignored") == "étape-un"
    assert content.slug_for("", "A Post Without Slug!") == "a-post-without-slug"


def test_a_summary_is_the_excerpt_or_the_start_of_the_text():
    assert content.summary_for("<p>Short &amp; sweet.</p>", "body", "Title") == "Short & sweet."
    long_text = "<p>" + "word " * 200 + "</p>"
    summary = content.summary_for("", long_text, "Title")
    assert len(summary) <= content.SUMMARY_LENGTH and summary.endswith("…")
    assert content.summary_for("", "", "Just a title") == "Just a title"


def item(**fields):
    defaults = {
        "post_id": 101,
        "post_type": "post",
        "status": "publish",
        "title": "T",
        "link": "https://old.example.org/2023/05/peer-support/",
        "guid": "https://old.example.org/?p=101",
        "slug": "peer-support",
        "creator": "jdoe",
        "content": "",
        "excerpt": "",
        "date": None,
        "line": 1,
    }
    return Item(**{**defaults, **fields})


def test_old_paths_are_the_permalink_and_the_slug():
    assert content.old_paths(item()) == ["/2023/05/peer-support/", "/peer-support/"]
    # A plain permalink (/?p=101) is the home page's address: no redirect can answer it.
    assert content.old_paths(item(link="https://old.example.org/?p=101")) == ["/peer-support/"]


def test_the_digest_changes_with_the_content_only():
    assert content.digest(item()) == content.digest(item(line=99))
    assert content.digest(item()) != content.digest(item(content="<p>new</p>"))


def test_commenters_text_is_plain_text_with_its_line_breaks():
    assert content.comment_text("<p>One</p><p>Two<br />three</p>") == "One\n\nTwo\nthree"
    assert content.comment_text("I &lt;3 this") == "I <3 this"
    assert content.commenter_email("not an email") == ""
    assert content.commenter_email("Alex <alex@example.com>") == "alex@example.com"
    assert content.commenter_name("") == "Anonymous"
    assert len(content.commenter_name("x" * 80)) == content.NAME_LENGTH


@pytest.mark.parametrize(
    "src, expected",
    [
        ("https://old.example.org/wp-content/uploads/2023/05/a.jpg", "2023/05/a.jpg"),
        ("/wp-content/uploads/2023/05/caf%C3%A9.png", "2023/05/café.png"),
        ("https://old.example.org/wp-content/uploads/../../etc/passwd", None),
        ("https://cdn.example.net/a.jpg", None),
    ],
)
def test_image_addresses_map_into_the_uploads_folder_and_never_out_of_it(src, expected):
    assert upload_path(src) == expected
