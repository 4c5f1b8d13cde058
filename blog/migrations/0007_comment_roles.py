"""Let Moderators and Editors moderate reader comments (the admin's Comments area)."""

from django.db import migrations

from blog.roles import apply_roles, create_missing_permissions


def reapply_roles(apps, schema_editor):
    create_missing_permissions(apps)
    apply_roles(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0006_comments"),
        ("django_comments_xtd", "0008_auto_20200920_2037"),
    ]

    operations = [migrations.RunPython(reapply_roles, migrations.RunPython.noop)]
