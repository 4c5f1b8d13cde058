"""Images of imported posts, from a copy of the WordPress site's wp-content/uploads folder.

An <img> points at the file's URL on the old site; the file is looked up at the same path
under the uploads folder given to the import (WordPress's resized copies, "photo-300x200.jpg",
fall back to the original "photo.jpg"). Each file becomes one Wagtail image, found again by
its path on a later import.
"""

import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from .models import ImportedImage

logger = logging.getLogger(__name__)

UPLOADS_MARKER = "/wp-content/uploads/"
RESIZED = re.compile(r"^(?P<stem>.+)-\d+x\d+(?P<suffix>\.[A-Za-z0-9]+)$")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


def upload_path(src):
    """'2023/05/photo.jpg' for any URL of a file in the uploads folder, else None."""
    path = unquote(urlsplit(src or "").path)
    if UPLOADS_MARKER not in path:
        return None
    relative = path.split(UPLOADS_MARKER, 1)[1].strip("/")
    # Never outside the folder: no absolute parts, no "..".
    parts = [part for part in relative.split("/") if part]
    if not parts or any(part in ("..", ".") for part in parts):
        return None
    return "/".join(parts)


class ImageFinder:
    def __init__(self, folder, dry_run, counts):
        self.folder = Path(folder).resolve() if folder else None
        self.dry_run = dry_run
        self.count = counts
        self.known = {}

    def find(self, src):
        """The Wagtail image id for an <img> src, or None when the file is not there. A dry
        run finds files but creates nothing (it answers 0 for a file it would import)."""
        relative = upload_path(src)
        if relative is None or self.folder is None:
            return None
        if relative in self.known:
            return self.known[relative]
        found = self._lookup(relative)
        self.known[relative] = found
        return found

    def _lookup(self, relative):
        stored = ImportedImage.objects.filter(upload_path=relative).first()
        if stored is not None:
            self.count("images", "unchanged")
            return stored.image_id
        file = self._file(relative)
        if file is None:
            return None
        if self.dry_run:
            self.count("images", "created")
            return 0
        try:
            with file.open("rb") as handle:
                image = get_image_model().objects.create(
                    title=file.stem.replace("-", " ").replace("_", " ")[:255],
                    file=ImageFile(handle, name=file.name),
                )
        except Exception:
            # Not a readable image (a damaged or mislabelled file): the post gets the placeholder.
            logger.exception("Could not import the image %s", file)
            self.count("images", "failed")
            return None
        ImportedImage.objects.create(upload_path=relative, image=image)
        self.count("images", "created")
        return image.pk

    def _file(self, relative):
        candidates = [relative]
        directory, _, name = relative.rpartition("/")
        if match := RESIZED.match(name):
            original = match["stem"] + match["suffix"]
            candidates.append(f"{directory}/{original}" if directory else original)
        for candidate in candidates:
            file = (self.folder / candidate).resolve()
            if (
                file.is_relative_to(self.folder)
                and file.is_file()
                and file.suffix.lower() in IMAGE_SUFFIXES
            ):
                return file
        return None
