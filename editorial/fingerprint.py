"""The content fingerprint an approval covers: what a reader sees, not revision bookkeeping."""

import hashlib
import json
import re

from django.core.serializers.json import DjangoJSONEncoder

BLOCK_KEY_RE = re.compile(r'\s+data-block-key="[^"]*"')


def _without_block_ids(value):
    # Block ids and the rich-text editor's paragraph keys are bookkeeping, not content: they
    # change on copy-paste or re-entry while the words readers see stay the same.
    if isinstance(value, list):
        return [_without_block_ids(item) for item in value]
    if isinstance(value, dict):
        return {k: _without_block_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, str):
        return BLOCK_KEY_RE.sub("", value)
    return value


def content_fingerprint(page):
    """A hash of everything a reader sees of an article (its reviewed_content())."""
    content = _without_block_ids(page.reviewed_content())
    encoded = json.dumps(content, sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(encoded.encode()).hexdigest()
