"""An index of the search documents, newest first: search/ranked.py takes the newest matches
of a broad word from it without reading every match. PostgreSQL only, like the table."""

from django.db import migrations, models

INDEX = models.Index(
    models.F("first_published_at").desc(nulls_last=True),
    models.F("page_id").desc(),
    name="search_document_newest",
)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("search", "Document"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("search", "Document"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_document")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="document", index=INDEX)],
        ),
        migrations.RunPython(add_index, remove_index),
    ]
