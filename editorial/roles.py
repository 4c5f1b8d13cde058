"""The editorial roles (the README's roles table) as Django groups, and what each may do.

Used by the roles data migration and whenever a blog index is created: page permissions are
granted on the blog section (each BlogIndexPage), never on the whole site.
"""

from django.contrib.auth.management import create_permissions

from cms.articles import section_model_label
from comments.permissions import MODERATORS

WRITERS = "Writers"
CLINICAL_REVIEWERS = "Clinical reviewers"
EDITORS = "Editors"

# The language guide (language/): Editors and Clinical reviewers keep it and read its report;
# Writers read it (the editor's Checks panel gives its advice) but cannot change it.
KEEP_LANGUAGE_GUIDE = [
    "language.add_languageterm",
    "language.change_languageterm",
    "language.delete_languageterm",
    "language.view_languageterm",
    "language.view_pagelanguagecheck",
]

# The crisis terms that mark a reader's comment urgent (comments/crisis_admin.py): clinical
# reviewers, Editors and Moderators all keep them.
KEEP_CRISIS_TERMS = [
    "comments.add_crisisterm",
    "comments.change_crisisterm",
    "comments.delete_crisisterm",
    "comments.view_crisisterm",
]

ROLES = {
    WRITERS: {
        "models": ["blog.view_author", "blog.view_blogcategory", "language.view_languageterm"],
        "collections": ["add_image", "choose_image", "add_document", "choose_document"],
        # Writers draft and submit; publishing is the workflow's job. Wagtail's `add` lets them
        # create posts and edit (and delete, while a draft) their own; `change` would give them
        # everybody's drafts.
        "blog_pages": ["add_page"],
    },
    CLINICAL_REVIEWERS: {
        # They act through the clinical-review task and its preview; no page rights. They keep
        # the crisis terms that mark a reader's comment urgent.
        "models": [
            "blog.view_author",
            *KEEP_CRISIS_TERMS,
            *KEEP_LANGUAGE_GUIDE,
        ],
        "collections": [],
        "blog_pages": [],
    },
    EDITORS: {
        "models": [
            "blog.add_author",
            "blog.change_author",
            "blog.delete_author",
            "blog.view_author",
            "blog.add_blogcategory",
            "blog.change_blogcategory",
            "blog.delete_blogcategory",
            "blog.view_blogcategory",
            # The clinical re-review interval (Settings > Editorial settings).
            "editorial.change_editorialsettings",
            # Editors can stand in for Moderators in the Comments area.
            "django_comments_xtd.view_xtdcomment",
            "django_comments_xtd.change_xtdcomment",
            # Promoted search results (Settings) and the popular search terms report.
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
            "wagtailsearchpromotions.delete_searchpromotion",
            "wagtailsearchpromotions.view_searchpromotion",
            "wagtailsearchpromotions.view_query",
            # WordPress imports (wordpress/admin_views.py): upload, check, confirm, look back.
            "wordpress.add_importrun",
            "wordpress.view_importrun",
            *KEEP_CRISIS_TERMS,
            *KEEP_LANGUAGE_GUIDE,
        ],
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
        "blog_pages": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    },
    # Moderators look after reader comments in the admin's Comments area
    # (comments/moderation_admin.py); they have no page rights.
    MODERATORS: {
        "models": [
            "django_comments_xtd.view_xtdcomment",
            "django_comments_xtd.change_xtdcomment",
            *KEEP_CRISIS_TERMS,
        ],
        "collections": [],
        "blog_pages": [],
    },
}


def create_missing_permissions(apps):
    """Permissions for new models are normally created after all migrations have run;
    create them now so a data migration can hand them out on a fresh database."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def apply_roles(get_model):
    """Give every role exactly its permissions. `get_model` is apps.get_model (migrations)
    or django.apps.apps.get_model (at run time)."""
    Group = get_model("auth", "Group")
    Permission = get_model("auth", "Permission")
    Collection = get_model("wagtailcore", "Collection")
    GroupCollectionPermission = get_model("wagtailcore", "GroupCollectionPermission")

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    root_collection = Collection.objects.filter(depth=1).first()

    for name, rights in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        model_perms = [access_admin]
        for dotted in rights["models"]:
            app_label, codename = dotted.split(".")
            # A permission whose model a later migration adds is granted when that migration
            # runs apply_roles again.
            model_perms.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(model_perms)

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

    grant_blog_section(get_model)


def grant_blog_section(get_model, blog_index_ids=None):
    """Page permissions of each role on the blog indexes, and nowhere else."""
    Group = get_model("auth", "Group")
    Permission = get_model("auth", "Permission")
    GroupPagePermission = get_model("wagtailcore", "GroupPagePermission")
    Section = get_model(*section_model_label())

    if blog_index_ids is None:
        blog_index_ids = list(Section.objects.values_list("pk", flat=True))
    for name, rights in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        page_perms = list(
            Permission.objects.filter(
                content_type__app_label="wagtailcore",
                content_type__model="page",
                codename__in=rights["blog_pages"],
            )
        )
        # Rights outside the blog section (e.g. Wagtail's defaults on the root) are removed.
        all_index_ids = Section.objects.values_list("pk", flat=True)
        GroupPagePermission.objects.filter(group=group).exclude(
            page_id__in=all_index_ids, permission__in=page_perms
        ).delete()
        for page_id in blog_index_ids:
            for perm in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=page_id, permission=perm
                )
