"""Kinship's default crisis terms (comments/crisis.py), which clinicians then edit in the admin."""

from django.db import migrations

from comments.crisis import DEFAULT_TERMS
from comments.patterns import canonical_pattern


def load_default_terms(apps, schema_editor):
    CrisisTerm = apps.get_model("comments", "CrisisTerm")
    existing = set(CrisisTerm.objects.values_list("pattern", flat=True))
    for group, pattern, note in DEFAULT_TERMS:
        pattern = canonical_pattern(pattern)
        if pattern not in existing:
            CrisisTerm.objects.create(group=group, pattern=pattern, note=note, active=True)
            existing.add(pattern)


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [migrations.RunPython(load_default_terms, migrations.RunPython.noop)]
