"""The did-you-mean vocabulary, and on PostgreSQL the pg_trgm extension and a trigram index
on its words. Both PostgreSQL steps are skipped on SQLite, where there are no suggestions."""

from django.db import migrations, models

TRIGRAM_INDEX = "search_word_word_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON search_word USING gin (word gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    # The extension stays: other indexes (e.g. modelsearch's enable_trigram) may use it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="PageWords",
            fields=[
                ("page_id", models.PositiveIntegerField(primary_key=True, serialize=False)),
                ("words", models.TextField(blank=True)),
            ],
        ),
        migrations.CreateModel(
            name="Word",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=40, unique=True)),
                ("lexeme", models.CharField(blank=True, db_index=True, max_length=40)),
                ("documents", models.IntegerField(default=0)),
            ],
            options={"ordering": ["word"]},
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
