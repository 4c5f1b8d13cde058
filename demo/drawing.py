"""The demo's pictures, drawn with Pillow: no stock photos to license, nothing to download.

Pure functions from a spec to JPEG bytes, with no database, so they can be tried on their own.
"""

import io
import math
import random

from PIL import Image as PILImage
from PIL import ImageColor, ImageDraw, ImageFont

LISTING_IMAGE_SIZE = (1200, 675)
PORTRAIT_SIZE = (400, 400)


def to_jpeg(picture):
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="JPEG", quality=88, optimize=True)
    return buffer.getvalue()


def render_portrait(initials, colour):
    """A coloured square with white initials: a friendly placeholder, not a stock photo."""
    picture = PILImage.new("RGB", PORTRAIT_SIZE, colour)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=PORTRAIT_SIZE[1] * 2 // 5)
    centre = (PORTRAIT_SIZE[0] / 2, PORTRAIT_SIZE[1] / 2)
    draw.text(centre, initials, font=font, fill="white", anchor="mm")
    return to_jpeg(picture)


def render_illustration(illustration, size=LISTING_IMAGE_SIZE):
    """A vertical gradient with translucent shapes on top, in the illustration's palette."""
    # Drawn at twice the size and scaled down, which gives smooth, anti-aliased edges.
    canvas = (size[0] * 2, size[1] * 2)
    top = PILImage.new("RGB", canvas, illustration.top)
    bottom = PILImage.new("RGB", canvas, illustration.bottom)
    mask = PILImage.linear_gradient("L").resize(canvas)
    picture = PILImage.composite(bottom, top, mask)
    # Seeded by the title, so the same illustration always looks the same.
    rng = random.Random(illustration.title)
    # "RGBA" drawing mode blends each translucent shape into the picture as it is drawn.
    MOTIFS[illustration.motif](ImageDraw.Draw(picture, "RGBA"), canvas, illustration.accents, rng)
    return to_jpeg(picture.resize(size, PILImage.Resampling.LANCZOS))


def rgba(colour, alpha):
    return (*ImageColor.getrgb(colour), alpha)


def draw_circles(draw, size, accents, rng):
    """Overlapping circles gathered in a loose ring: people sitting together."""
    width, height = size
    cx, cy = width / 2, height / 2
    for index in range(9):
        radius = rng.uniform(0.12, 0.22) * height
        x = cx + rng.uniform(-0.3, 0.3) * width
        y = cy + rng.uniform(-0.25, 0.25) * height
        colour = rgba(accents[index % len(accents)], rng.randint(90, 160))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)


def draw_hills(draw, size, accents, rng):
    """A low sun behind layered, rolling hills."""
    width, height = size
    sun_r = height * 0.16
    sun_x, sun_y = width * rng.uniform(0.55, 0.75), height * 0.42
    draw.ellipse(
        (sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r), fill=rgba(accents[0], 220)
    )
    for layer, colour in enumerate(accents[1:]):
        base = height * (0.62 + 0.13 * layer)
        draw.polygon(wave_outline(size, base, height * 0.07, rng), fill=rgba(colour, 200))


def draw_waves(draw, size, accents, rng):
    """Gentle bands of water, stacked towards the bottom."""
    height = size[1]
    for layer in range(5):
        colour = accents[layer % len(accents)]
        base = height * (0.45 + 0.11 * layer)
        draw.polygon(wave_outline(size, base, height * 0.035, rng), fill=rgba(colour, 120))


def wave_outline(size, base, amplitude, rng, steps=60):
    """The outline of the area under a smooth random wave, as polygon points."""
    width, height = size
    phase, wavelength = rng.uniform(0, math.tau), rng.uniform(0.6, 1.2) * width
    points = [
        (
            width * i / steps,
            base + amplitude * math.sin(math.tau * width * i / steps / wavelength + phase),
        )
        for i in range(steps + 1)
    ]
    return [*points, (width, height), (0, height)]


MOTIFS = {"circles": draw_circles, "hills": draw_hills, "waves": draw_waves}
