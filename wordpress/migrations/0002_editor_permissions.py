"""Editors may upload WordPress exports and look back at imports (wordpress.add_importrun and
wordpress.view_importrun, in editorial/roles.py).

The roles migration (editorial 0002) ran before ImportRun existed, so it could not grant them;
applying the roles again here gives them on a fresh database and on an existing one alike.
"""

from django.db import migrations

from editorial.roles import apply_roles, create_missing_permissions


def grant_import_permissions(apps, schema_editor):
    create_missing_permissions(apps)
    apply_roles(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("wordpress", "0001_initial"),
        ("editorial", "0005_refingerprint_approvals"),
    ]

    operations = [migrations.RunPython(grant_import_permissions, migrations.RunPython.noop)]
