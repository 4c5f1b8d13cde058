import io
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from wordpress.models import ImportRun

FILES = Path(__file__).parent / "files"


def wxr_path(name):
    return FILES / name


@pytest.fixture
def import_wxr(site_tree):
    """Run `manage.py import_wordpress` on a file of tests/wordpress/files/ (or any path);
    returns (the ImportRun, the command's output)."""

    def run(name, *args):
        out = io.StringIO()
        call_command(
            "import_wordpress", str(FILES / name), *args, "--no-progress", stdout=out, stderr=out
        )
        return ImportRun.objects.latest("pk"), out.getvalue()

    return run


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads holding the one image harbor.xml shows that exists."""
    folder = tmp_path / "uploads"
    (folder / "2023" / "05").mkdir(parents=True)
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 400), (30, 90, 100)).save(buffer, format="PNG")
    (folder / "2023" / "05" / "circle.png").write_bytes(buffer.getvalue())
    return folder
