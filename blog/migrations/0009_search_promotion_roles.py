"""Let Editors promote search results and read the popular search terms report."""

from django.db import migrations

from blog.roles import apply_roles, create_missing_permissions


def reapply_roles(apps, schema_editor):
    create_missing_permissions(apps)
    apply_roles(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0008_comment_followups"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(reapply_roles, migrations.RunPython.noop)]
