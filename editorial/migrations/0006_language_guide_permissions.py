"""Editors and Clinical reviewers keep the language guide and read its report; Writers read
the guide (KEEP_LANGUAGE_GUIDE in editorial/roles.py). The guide's models are newer than the
roles migration, so the roles are applied again now that they exist."""

from django.db import migrations

from editorial.roles import apply_roles, create_missing_permissions


def grant_language_permissions(apps, schema_editor):
    create_missing_permissions(apps)
    apply_roles(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0005_refingerprint_approvals"),
        ("language", "0002_default_guide"),
    ]

    operations = [migrations.RunPython(grant_language_permissions, migrations.RunPython.noop)]
