"""Fingerprints of meaning: a save that changes nothing a reader sees keeps the approval
(editorial/fingerprint.py), tried with the page editor's own round trip on every demo post."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.test.utils.form_data import querydict_from_html, rich_text, streamfield

from blog.models import BlogPage
from editorial.fingerprint import content_fingerprint, normalise_html
from editorial.models import ClinicalApproval

# --- The normal form ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "one, other",
    [
        ("<p>One.</p> <p>Two.</p>", "<p>One.</p><p>Two.</p>"),
        ("<p>One.</p>\n\n  <p>Two.</p>\n", "<p>One.</p><p>Two.</p>"),
        ("<p>  Words   and\n more words </p>", "<p>Words and more words</p>"),
        ('<p><a href="/x" id="1">link</a></p>', '<p><a id="1" href="/x">link</a></p>'),
        ("<p>Suicide &amp; Crisis</p>", "<p>Suicide &#38; Crisis</p>"),
        ("<p>It&rsquo;s fine</p>", "<p>It’s fine</p>"),
        ('<p data-block-key="a1">Text</p>', '<p data-block-key="zz">Text</p>'),
        ("<p>Line<br/>break</p>", "<p>Line <br> break</p>"),
        ("<ul>\n  <li>One</li>\n  <li>Two</li>\n</ul>", "<ul><li>One</li><li>Two</li></ul>"),
        ("<P>Upper</P>", "<p>Upper</p>"),
    ],
)
def test_what_renders_the_same_has_one_form(one, other):
    assert normalise_html(one) == normalise_html(other)


@pytest.mark.parametrize(
    "one, other",
    [
        ("<p>Take one tablet.</p>", "<p>Take two tablets.</p>"),
        ("<p>Call <b>now</b></p>", "<p>Call now</p>"),
        ('<p><a href="/help">help</a></p>', '<p><a href="/harm">help</a></p>'),
        ("<p>One.</p><p>Two.</p>", "<p>One. Two.</p>"),
        ("<p>word word</p>", "<p>wordword</p>"),
        ("<p>a <i>b</i></p>", "<p>a<i>b</i></p>"),
    ],
)
def test_what_a_reader_would_notice_still_counts(one, other):
    assert normalise_html(one) != normalise_html(other)


# --- The editor's round trip on every demo post -------------------------------------------------


def block_form_data(block, value):
    """What the page editor posts for one block holding `value` (its rich text as the
    Draftail editor sends it back, converted by Wagtail's own widget)."""
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source if value else "", features=block.features)
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_form_data(child, value.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        data = {"count": str(len(value))}
        for i, child in enumerate(value.bound_blocks):
            data[str(i)] = {
                "value": block_form_data(block.child_block, child.value),
                "deleted": "",
                "order": str(i),
                "id": child.id or "",
            }
        return data
    if isinstance(block, blocks.ChooserBlock):
        return str(value.pk) if value else ""
    if isinstance(block, EmbedBlock):
        return value.url if value else ""
    return "" if value is None else str(value)


def editor_form_data(response, page):
    """The edit view's form as the browser would post it back unchanged: the plain inputs
    from the page, the StreamField as its JavaScript would serialise it."""
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key in [key for key in data if key.startswith("body-")]:
        del data[key]
    stream = [(child.block_type, block_form_data(child.block, child.value)) for child in page.body]
    body = streamfield(stream)
    for i, child in enumerate(page.body):
        body[str(i)]["id"] = child.id
    flat = {}

    def flatten(prefix, value):
        if isinstance(value, dict):
            for key, item in value.items():
                flatten(f"{prefix}-{key}", item)
        else:
            flat[prefix] = value

    flatten("body", body)
    # Lists, so multiple values (the categories' checkboxes) are all posted.
    return {**{key: data.getlist(key) for key in data}, **flat}


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())


def test_an_editor_round_trip_keeps_the_approval_and_the_revert_to_live_works(demo, client):
    users = get_user_model().objects.in_bulk(["editor", "admin"], field_name="username")
    posts = list(BlogPage.objects.order_by("pk"))
    assert len(posts) >= 10
    for post in posts:
        client.force_login(users["editor"])
        if post.scheduled_revision:
            # A scheduled post is locked until its schedule is cancelled, as in the editor.
            client.post(
                reverse(
                    "wagtailadmin_pages:revisions_unschedule",
                    args=[post.pk, post.scheduled_revision.pk],
                )
            )
            post = BlogPage.objects.get(pk=post.pk)
        lock = post.get_lock()
        if lock is not None and lock.for_user(users["editor"]):
            # The post in clinical review is locked to all but its reviewers and superusers
            # (Wagtail's group approval task): the demo's admin saves that one.
            client.force_login(users["admin"])
        latest = post.get_latest_revision_as_object()
        before = content_fingerprint(latest)
        edit_url = reverse("wagtailadmin_pages:edit", args=[post.pk])
        response = client.get(edit_url)
        assert response.status_code == 200, post.slug

        response = client.post(edit_url, editor_form_data(response, latest))
        assert response.status_code == 302, (
            post.slug,
            response.context and response.context["form"].errors,
        )
        saved = BlogPage.objects.get(pk=post.pk).get_latest_revision()
        assert saved.pk != post.latest_revision_id, f"{post.slug}: nothing was saved"
        # The editor rewrote the rich text (e.g. `</p> <p>` as `</p><p>`); readers see the same.
        assert content_fingerprint(saved.as_object()) == before, post.slug

        if not post.live:
            continue
        # Back to the approved, live version, published from the revert view.
        live_revision = post.live_revision
        revert_url = reverse(
            "wagtailadmin_pages:revisions_revert", args=[post.pk, live_revision.pk]
        )
        response = client.get(revert_url)
        assert response.status_code == 200, post.slug
        data = editor_form_data(response, live_revision.as_object())
        data["action-publish"] = "action-publish"
        response = client.post(revert_url, data)
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert response.status_code == 302, post.slug
        reverted = BlogPage.objects.get(pk=post.pk)
        assert reverted.live, post.slug
        assert reverted.live_revision_id not in (live_revision.pk, saved.pk), (post.slug, messages)
        assert reverted.clinical_approval == ClinicalApproval.objects.latest_for(post), post.slug
