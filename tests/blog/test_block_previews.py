"""Every article block previews in the admin's block picker with its own sample content."""

import pytest

from blog.models import BlogPage

BLOCKS = BlogPage._meta.get_field("body").stream_block.child_blocks


@pytest.mark.parametrize("name", list(BLOCKS))
def test_block_preview_renders_in_admin(admin_client, site_tree, name):
    block = BLOCKS[name]
    assert block.meta.description, f"{name} needs a description for the block picker"
    assert block.get_preview_value() is not None, f"{name} needs a preview value"

    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    if name not in ("image", "embed"):  # their samples need an uploaded image / network
        assert block.render(block.get_preview_value()) in html
