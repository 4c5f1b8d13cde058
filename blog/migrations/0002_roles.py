"""Create the editorial roles of DESIGN.md as Django groups.

Wagtail's first migration made "Editors" (add/edit pages) and "Moderators" (add/edit/publish
pages). In Kinship, Moderators moderate reader comments and have no page rights, so their page
permissions are removed. Issue #3 narrows these rights to the blog section and adds the
clinical-review workflow; this migration gives each role the access it needs to work today.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Writers": {
        "pages": ["add_page", "change_page"],
        "collections": ["add_image", "choose_image", "add_document", "choose_document"],
        "models": ["blog.view_author", "blog.view_blogcategory"],
    },
    "Clinical reviewers": {"pages": [], "collections": [], "models": ["blog.view_author"]},
    "Editors": {
        "pages": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "collections": [
            "add_image",
            "change_image",
            "choose_image",
            "delete_image",
            "add_document",
            "change_document",
            "choose_document",
            "delete_document",
        ],
        "models": [
            "blog.add_author",
            "blog.change_author",
            "blog.delete_author",
            "blog.view_author",
            "blog.add_blogcategory",
            "blog.change_blogcategory",
            "blog.delete_blogcategory",
            "blog.view_blogcategory",
        ],
    },
    "Moderators": {"pages": [], "collections": [], "models": []},
}


def create_roles(apps, schema_editor):
    # Permissions for new models are normally created after all migrations have run;
    # create them now so this migration can hand them out on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )

    for name, rights in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        # Exactly these model permissions: Wagtail's defaults gave its groups more.
        model_perms = [access_admin]
        for dotted in rights["models"]:
            app_label, codename = dotted.split(".")
            model_perms.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(model_perms)

        page_perms = Permission.objects.filter(
            content_type__app_label="wagtailcore",
            content_type__model="page",
            codename__in=rights["pages"],
        )
        GroupPagePermission.objects.filter(group=group).exclude(permission__in=page_perms).delete()
        if root_page:
            for perm in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=perm
                )

        collection_perms = Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__in=rights["collections"],
        )
        GroupCollectionPermission.objects.filter(group=group).exclude(
            permission__in=collection_perms
        ).delete()
        if root_collection:
            for perm in collection_perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
