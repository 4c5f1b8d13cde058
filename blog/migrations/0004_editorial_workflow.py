"""Reshape Wagtail's default workflow into "Clinical review and editorial approval"."""

from django.db import migrations

from blog.workflow_setup import set_up_workflow


def create_workflow(apps, schema_editor):
    set_up_workflow(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_clinical_review"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
