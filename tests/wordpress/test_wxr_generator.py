"""bench/wxr.py, the export `make bench-import` imports: a WXR 1.2 file WordPress could have
written, with the counts it was asked for, the same bytes for the same seed, and written as a
stream. Parsed here with defusedxml, as the importer parses it."""

import io

from defusedxml import ElementTree

from bench.wxr import AUTHORS, CATEGORIES, TAGS, cdata, write_wxr

WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"


def generate(tmp_path, posts, comments, seed=7):
    path = tmp_path / "export.xml"
    summary = write_wxr(path, posts, comments, seed=seed)
    return ElementTree.parse(path).getroot().find("channel"), summary


def items_of_type(channel, post_type):
    return [item for item in channel.iter("item") if item.findtext(f"{WP}post_type") == post_type]


def test_the_export_holds_what_was_asked_for(tmp_path):
    channel, summary = generate(tmp_path, posts=12, comments=90)

    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    assert channel.findtext(f"{WP}base_site_url") == "https://old.example.org"
    assert len(channel.findall(f"{WP}author")) == len(AUTHORS) == 10
    assert len(channel.findall(f"{WP}category")) == len(CATEGORIES) == 8
    assert len(channel.findall(f"{WP}tag")) == len(TAGS) == 40
    posts = items_of_type(channel, "post")
    assert len(posts) == summary.posts == 12
    assert len(channel.findall(f"item/{WP}comment")) == summary.comments == 90
    # Only posts carry comments, and there are items of the other kinds to be skipped.
    assert sum(len(post.findall(f"{WP}comment")) for post in posts) == 90
    assert len(items_of_type(channel, "page")) == summary.pages >= 1
    assert len(items_of_type(channel, "attachment")) == summary.attachments >= 1
    assert len(items_of_type(channel, "nav_menu_item")) == summary.nav_menu_items >= 1

    logins = {author.findtext(f"{WP}author_login") for author in channel.findall(f"{WP}author")}
    for post in posts:
        assert post.findtext(f"{DC}creator") in logins
        post_id = post.findtext(f"{WP}post_id")
        assert post.findtext("guid") == f"https://old.example.org/?p={post_id}"
        assert post.find("category[@domain='category']") is not None
        body = post.findtext(f"{CONTENT}encoded")
        assert "<h2>Benefits of " in body
        assert body.count("<h3>") >= 3


def test_replies_answer_an_earlier_comment_of_the_same_post_at_most_three_deep(tmp_path):
    channel, summary = generate(tmp_path, posts=20, comments=600)

    depths = []
    for post in items_of_type(channel, "post"):
        depth_of = {}
        for comment in post.findall(f"{WP}comment"):
            parent = int(comment.findtext(f"{WP}comment_parent"))
            assert parent == 0 or parent in depth_of  # earlier, and in this post
            depth_of[int(comment.findtext(f"{WP}comment_id"))] = depth_of.get(parent, 0) + 1
        depths.extend(depth_of.values())
    assert max(depths) == summary.deepest_thread == 3
    approvals = {c.findtext(f"{WP}comment_approved") for c in channel.iter(f"{WP}comment")}
    assert approvals == {"1", "0", "spam", "trash"}
    types = {c.findtext(f"{WP}comment_type") for c in channel.iter(f"{WP}comment")}
    assert {"", "comment", "pingback"} <= types


def test_a_comment_containing_the_cdata_terminator_survives(tmp_path):
    # The generator puts "]]>" in one reader's comment out of 1,999.
    channel, _ = generate(tmp_path, posts=20, comments=2000)

    texts = [c.findtext(f"{WP}comment_content") for c in channel.iter(f"{WP}comment")]
    assert any("typed ]]> by itself" in text for text in texts)
    assert ElementTree.fromstring(f"<t>{cdata('a ]]> b')}</t>").text == "a ]]> b"


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    first, second, other = io.StringIO(), io.StringIO(), io.StringIO()
    write_wxr(first, 5, 40, seed=1)
    write_wxr(second, 5, 40, seed=1)
    write_wxr(other, 5, 40, seed=2)

    assert first.getvalue() == second.getvalue()
    assert first.getvalue() != other.getvalue()


def test_the_file_is_written_item_by_item(tmp_path):
    class Recorder(io.StringIO):
        largest = 0

        def write(self, text):
            self.largest = max(self.largest, len(text))
            return super().write(text)

    out = Recorder()
    summary = write_wxr(out, 50, 400, seed=3)

    # No write holds more than one item with its comments: the whole export is ~1 MB.
    assert len(out.getvalue()) > 10 * out.largest
    assert summary.items > 50
