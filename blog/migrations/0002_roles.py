"""Create the editorial roles of DESIGN.md as Django groups (see blog/roles.py).

Wagtail's first migration made "Editors" (add/edit pages) and "Moderators" (add/edit/publish
pages) with rights on the whole tree. In Kinship, Moderators moderate reader comments and have
no page rights, and page rights are given on the blog section only.
"""

from django.db import migrations

from blog.roles import apply_roles, create_missing_permissions


def create_roles(apps, schema_editor):
    create_missing_permissions(apps)
    apply_roles(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
