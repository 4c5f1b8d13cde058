import django.db.models.deletion
from django.db import migrations, models

from blog.related import refresh_all


def fill_related_lists(apps, schema_editor):
    """Posts published before related lists were stored get theirs now. The ranking is the
    app's own (blog/related.py), not a copy that could drift from it; it reads only the page,
    taxonomy and view-restriction columns this state already has."""
    if apps.get_model("blog", "BlogPage").objects.exists():
        refresh_all()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RelatedPost",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.PositiveSmallIntegerField()),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="related_entries",
                        to="blog.blogpage",
                    ),
                ),
                (
                    "related",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="related_from",
                        to="blog.blogpage",
                    ),
                ),
            ],
            options={
                "ordering": ["page", "sort_order"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("page", "related"), name="blog_related_post_once"
                    )
                ],
            },
        ),
        migrations.RunPython(fill_related_lists, migrations.RunPython.noop),
    ]
