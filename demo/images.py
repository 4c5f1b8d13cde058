"""The demo's drawings as Wagtail images, found again by title so each is drawn only once."""

import hashlib
import io

from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.images import get_image_model

from demo.drawing import render_illustration, render_portrait


def ensure_image(tally, title, description, render):
    """The image titled `title`, created from `render()` (JPEG bytes) if it does not exist."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image:
        tally.found("images")
        return image
    data = render()
    image = Image(
        title=title,
        description=description,
        file=ImageFile(io.BytesIO(data), name=f"{slugify(title)}.jpg"),
        # The admin's upload form fills these in; Wagtail uses the hash to spot duplicates.
        file_size=len(data),
        file_hash=hashlib.sha1(data).hexdigest(),
    )
    image.save()
    tally.created("images")
    return image


def ensure_illustration(tally, illustration):
    return ensure_image(
        tally,
        title=illustration.title,
        description=illustration.description,
        render=lambda: render_illustration(illustration),
    )


def ensure_portrait(tally, author):
    return ensure_image(
        tally,
        title=f"Demo portrait: {author.name}",
        description=f"Portrait placeholder showing the initials of {author.name}.",
        render=lambda: render_portrait(author.initials, author.colour),
    )
