"""The image upload form of the Wagtail admin (WAGTAILIMAGES_IMAGE_FORM_BASE): Wagtail's own form
and checks, with a file field that turns every way a bad file can fail into a form error.

Wagtail reads an upload's size by decoding the whole image (Willow's Pillow plugin loads it),
and only its format sniffing (willow.Image.open) sits inside a try. So a decompression bomb
reached Pillow's guard (`DecompressionBombError`, over twice `PIL.Image.MAX_IMAGE_PIXELS`), a
truncated image or a JPEG header followed by garbage raised `OSError` from Pillow, and each
answered HTTP 500. Here the pixel count is read from the header first, so an image over
WAGTAILIMAGES_MAX_IMAGE_PIXELS is refused before anything is decoded, and what does not decode
is refused as not an image. Every image that is stored has been decoded once, so its renditions
can be made later.

Wagtail merged the same catch of Pillow's bomb error upstream (wagtail/wagtail#14225); the
header check and the decoding check stay ours.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class UploadedImageField(WagtailImageField):
    """Wagtail's image field; a file that is too large in pixels or does not decode is a
    ValidationError, never an exception from Pillow."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["file_too_many_pixels_unknown"] = _(
            "This file has too many pixels (more than %(num_pixels)s). "
            "Maximum pixels %(max_pixels_count)s."
        )

    def check_image_pixel_size(self, f):
        if self.max_image_pixels is not None:
            self.check_header_pixel_size(f)
        try:
            if self.max_image_pixels is None:
                # Wagtail skips its check, and with it the decoding: decode anyway.
                f.image.get_size()
            else:
                super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except PILImage.DecompressionBombError as error:
            raise self.too_many_pixels_unknown() from error
        except Exception as error:  # Pillow raises many kinds; any of them: not an image
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error

    def check_header_pixel_size(self, f):
        """Refuse an image whose header declares too many pixels, before it is decoded.

        Pillow's open() reads the header only. A file Pillow cannot open (an SVG, or no image at
        all) is left to the full check, which decodes it with Willow."""
        file = f.image.f
        try:
            with PILImage.open(file) as header:
                width, height = header.size
        except PILImage.DecompressionBombError as error:
            raise self.too_many_pixels_unknown() from error
        except Exception:  # the full check below reports it
            return
        finally:
            file.seek(0)
        if width * height > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": width * height, "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )

    def too_many_pixels_unknown(self):
        # Pillow refused to open the file without saying its size: it has more than twice
        # Pillow's own limit.
        return ValidationError(
            self.error_messages["file_too_many_pixels_unknown"]
            % {
                "num_pixels": 2 * PILImage.MAX_IMAGE_PIXELS,
                "max_pixels_count": self.max_image_pixels or 2 * PILImage.MAX_IMAGE_PIXELS,
            },
            code="file_too_many_pixels",
        )


class ImageForm(BaseImageForm):
    """Wagtail's image form (the add, edit, multiple-upload and chooser-upload views all build
    on it) with UploadedImageField for the file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail makes the file's field itself (formfield_for_dbfield), for each form class it
        # builds, so it reads the limits from the settings of the moment; ours is made the same
        # way, here. The multiple uploader's details form has no file field.
        if "file" in self.fields:
            wagtail_field = self.fields["file"]
            self.fields["file"] = UploadedImageField(
                label=wagtail_field.label,
                required=wagtail_field.required,
                widget=wagtail_field.widget,
            )
