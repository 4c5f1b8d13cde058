"""Let Editors change the editorial settings (the clinical re-review interval)."""

from django.db import migrations

from blog.roles import apply_roles, create_missing_permissions


def reapply_roles(apps, schema_editor):
    create_missing_permissions(apps)
    apply_roles(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0004_editorial_workflow"),
        ("home", "0002_editorialsettings"),
    ]

    operations = [migrations.RunPython(reapply_roles, migrations.RunPython.noop)]
