"""Writers get Wagtail's `add` permission on the blog section instead of `change`.

`change` let every writer open, edit and delete anybody's draft; `add` lets them create posts
and edit their own (editorial/roles.py). Only page permissions are reset here, so the model
permissions other apps' migrations grant the roles are left as they are.
"""

from django.db import migrations

from editorial.roles import grant_blog_section


def writers_own_pages_only(apps, schema_editor):
    grant_blog_section(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0002_roles_and_workflow")]

    operations = [migrations.RunPython(writers_own_pages_only, migrations.RunPython.noop)]
