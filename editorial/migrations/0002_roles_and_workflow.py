"""The editorial roles (the README's roles table) as Django groups (editorial/roles.py) and the editorial workflow
(editorial/workflow_setup.py), both on the blog section.

Wagtail's first migration made "Editors" (add/edit pages) and "Moderators" (add/edit/publish
pages) with rights on the whole tree. In Kinship, Moderators moderate reader comments and have
no page rights, and page rights are given on the blog section only. Wagtail's default workflow
becomes "Clinical review and editorial approval".
"""

from django.db import migrations

from editorial.roles import apply_roles, create_missing_permissions
from editorial.workflow_setup import set_up_workflow


def create_roles_and_workflow(apps, schema_editor):
    create_missing_permissions(apps)
    apply_roles(apps.get_model)
    set_up_workflow(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("blog", "0002_initial"),
        ("comments", "0002_default_crisis_terms"),
        ("home", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("django_comments_xtd", "0008_auto_20200920_2037"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, migrations.RunPython.noop)]
