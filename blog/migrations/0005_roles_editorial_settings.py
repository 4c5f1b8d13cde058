"""Let Editors change the editorial settings (the clinical re-review interval)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from blog.roles import apply_roles


def reapply_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    apply_roles(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0004_editorial_workflow"),
        ("home", "0002_editorialsettings"),
    ]

    operations = [migrations.RunPython(reapply_roles, migrations.RunPython.noop)]
