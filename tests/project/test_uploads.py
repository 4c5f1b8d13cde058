"""Image uploads through the Wagtail admin fail with a form error, never a 500 (cms/images.py):
a decompression bomb, a truncated image, a file that only claims to be an image, a file over the
byte limit. Every view that takes an upload is used as an Editor would: the multiple uploader
(what the admin's "Add an image" opens), the single add form, the page editor's image chooser and
the edit form's "replace file"."""

import io
import json
import struct
import zlib
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.factories import make_image, user_in_group
from tests.processes import run_isolated

Image = get_image_model()

INVALID = "Upload a valid image."


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width=20_000, height=20_000):
    """A 1-bit PNG of width × height black pixels, a few hundred KB on disk. Written chunk by
    chunk (rows of zeros streamed into zlib) so the test never holds the decoded image."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the packed pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def image_bytes(fmt="PNG", size=(600, 400)):
    """A real image whose pixels do not compress to nothing (so cutting it truncates data)."""
    image = PILImage.effect_noise(size, 64).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


BAD_FILES = {
    "bomb": ("bomb.png", png_bomb, "This file has too many pixels"),
    "truncated-png": ("cut.png", lambda: image_bytes("PNG")[:-2000], INVALID),
    "truncated-jpeg": ("cut.jpg", lambda: image_bytes("JPEG")[:3000], INVALID),
    "text-named-png": ("notes.png", lambda: b"Meeting notes, not a picture.\n" * 20, INVALID),
    "jpeg-header-then-garbage": (
        "photo.jpg",
        lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"garbage " * 300,
        INVALID,
    ),
}


@pytest.fixture
def editor(client, db):
    user = user_in_group("editor", "Editors")
    client.force_login(user)
    return user


def upload_multiple(client, name, data):
    """The multiple uploader's POST: one file, answered with JSON."""
    response = client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200, response.status_code
    return response.json()


def upload_single(client, name, data):
    response = client.post(
        reverse("wagtailimages:add"), {"title": "Upload", "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code in (200, 302), response.status_code
    return response


def upload_in_chooser(client, name, data):
    """The image chooser's Upload tab in the page editor (its own view and form prefix)."""
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Upload",
            "image-chooser-upload-file": SimpleUploadedFile(name, data),
        },
    )
    assert response.status_code == 200, response.status_code
    return json.loads(response.content)


def file_errors(response):
    return response.context["form"].errors.get("file", [])


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_multiple_uploader_gives_a_form_error(client, editor, case):
    name, make, message = BAD_FILES[case]
    answer = upload_multiple(client, name, make())
    assert answer["success"] is False
    assert message in answer["error_message"]
    assert not Image.objects.exists()


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_add_form_gives_a_form_error(client, editor, case):
    name, make, message = BAD_FILES[case]
    response = upload_single(client, name, make())
    assert response.status_code == 200
    assert any(message in error for error in file_errors(response))
    assert not Image.objects.exists()


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_chooser_upload_gives_a_form_error(client, editor, case):
    name, make, message = BAD_FILES[case]
    answer = upload_in_chooser(client, name, make())
    assert answer["step"] == "reshow_creation_form"
    assert message in unescape(answer["htmlFragment"])
    assert not Image.objects.exists()


def test_replacing_a_file_with_a_bad_one_keeps_the_old_file(client, editor):
    image = make_image("Kept")
    original = image.file.name
    response = client.post(
        reverse("wagtailimages:edit", args=(image.pk,)),
        {"title": "Kept", "file": SimpleUploadedFile("cut.png", image_bytes("PNG")[:-2000])},
    )
    assert response.status_code == 200
    assert any(INVALID in error for error in file_errors(response))
    image.refresh_from_db()
    assert image.file.name == original


def test_bomb_error_names_the_limit(client, editor, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
    answer = upload_multiple(client, "bomb.png", png_bomb())
    assert answer["error_message"] == (
        f"This file has too many pixels (more than {2 * PILImage.MAX_IMAGE_PIXELS}). "
        "Maximum pixels 40000000."
    )


def test_pixel_limit_is_read_from_the_header_before_decoding(client, editor, settings):
    # The header says 600 × 400 and the data is cut short: Wagtail's own check decodes first,
    # and decoding this file fails. Refused for its size, it is never decoded.
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100_000
    answer = upload_multiple(client, "cut.png", image_bytes("PNG")[:-2000])
    assert answer == {
        "success": False,
        "error_message": "This file has too many pixels (240000). Maximum pixels 100000.",
    }


def test_an_image_that_does_not_decode_is_refused_without_a_pixel_limit(client, editor, settings):
    # WAGTAILIMAGES_MAX_IMAGE_PIXELS = None turns Wagtail's check off, and with it the decoding.
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = None
    answer = upload_multiple(client, "cut.jpg", image_bytes("JPEG")[:3000])
    assert answer["success"] is False
    assert INVALID in answer["error_message"]
    assert upload_multiple(client, "fine.png", image_bytes("PNG"))["success"] is True


def test_a_file_over_the_byte_limit_gives_a_form_error(client, editor, settings):
    data = image_bytes("PNG")
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = len(data) - 1
    answer = upload_multiple(client, "big.png", data)
    assert answer["success"] is False
    assert "This file is too big" in answer["error_message"]
    assert not Image.objects.exists()


@pytest.mark.parametrize("fmt, name", [("PNG", "photo.png"), ("JPEG", "photo.jpg")])
def test_a_normal_image_still_uploads_and_its_details_save(client, editor, fmt, name):
    answer = upload_multiple(client, name, image_bytes(fmt))
    assert answer["success"] is True
    image = Image.objects.get(pk=answer["image_id"])
    assert (image.width, image.height) == (600, 400)
    assert image.uploaded_by_user == editor

    # The uploader's second step, the details form, has no file field of its own.
    prefix = f"image-{image.pk}"
    response = client.post(
        reverse("wagtailimages:edit_multiple", args=(image.pk,)),
        {f"{prefix}-title": "Peer group", f"{prefix}-collection": image.collection_id},
    )
    assert response.json()["success"] is True, response.json()
    image.refresh_from_db()
    assert image.title == "Peer group"


def test_a_large_upload_kept_in_a_temporary_file_is_checked_too(client, editor, settings):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) Django hands the form a file on disk.
    data = image_bytes("PNG", size=(1200, 900))
    assert len(data) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    answer = upload_multiple(client, "cut.png", data[: len(data) - 4000])
    assert answer["success"] is False
    assert INVALID in answer["error_message"]
    answer = upload_multiple(client, "whole.png", data)
    assert answer["success"] is True
    assert Image.objects.get().width == 1200


def test_the_upload_pages_show_the_limits(client, editor):
    page = client.get(reverse("wagtailimages:add_multiple"))
    assert page.status_code == 200
    assert "Maximum filesize: 10.0\xa0MB" in page.content.decode()
    assert client.get(reverse("wagtailimages:add")).status_code == 200
    assert client.get(reverse("wagtailimages_chooser:create")).status_code == 200


def test_a_normal_image_uploads_through_the_add_form_and_the_chooser(client, editor):
    assert upload_single(client, "one.png", image_bytes("PNG")).status_code == 302
    assert upload_in_chooser(client, "two.jpg", image_bytes("JPEG"))["step"] == "chosen"
    assert Image.objects.count() == 2


def test_the_form_uses_the_project_field(db):
    from wagtail.images.forms import get_image_form

    from cms.images import UploadedImageField

    form = get_image_form(Image)()
    assert isinstance(form.fields["file"], UploadedImageField)
    assert form.fields["file"].label == "File"
    assert "Maximum filesize: 10.0\xa0MB" in form.fields["file"].help_text


@pytest.mark.slow
def test_limits_come_from_the_environment():
    script = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)"
    )
    defaults = run_isolated(["-c", script], "cms.settings.dev")
    assert defaults.stdout.split() == [str(10 * 1024 * 1024), "50000000"], defaults.stderr
    chosen = run_isolated(
        ["-c", script],
        "cms.settings.dev",
        KINSHIP_IMAGE_MAX_BYTES="2097152",
        KINSHIP_IMAGE_MAX_PIXELS="1000000",
    )
    assert chosen.stdout.split() == ["2097152", "1000000"], chosen.stderr
