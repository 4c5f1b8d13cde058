"""Recompute stored approvals' fingerprints with normalised rich text (editorial/fingerprint.py).

An approval whose fingerprint is the legacy one of its own revision gets the new fingerprint of
the same revision, so everything approved stays approved. The fingerprint is computed from the
article's reviewed_content(), which historical models do not have: this migration uses the
current models, and is a no-op where there are no approvals (every fresh database).
"""

from django.apps import apps as current_apps
from django.db import migrations

from editorial.fingerprint import content_fingerprint, legacy_content_fingerprint


def refingerprint(apps, schema_editor):
    if not apps.get_model("editorial", "ClinicalApproval").objects.exists():
        return
    ClinicalApproval = current_apps.get_model("editorial", "ClinicalApproval")
    for approval in ClinicalApproval.objects.select_related("revision").iterator():
        if approval.revision is None:
            continue
        page = approval.revision.as_object()
        if legacy_content_fingerprint(page) == approval.fingerprint:
            approval.fingerprint = content_fingerprint(page)
            approval.save(update_fields=["fingerprint"])


class Migration(migrations.Migration):
    dependencies = [("editorial", "0004_covered_revision_and_publish_trigger")]

    operations = [migrations.RunPython(refingerprint, migrations.RunPython.noop)]
