"""A database migrated by an earlier Kinship is refused in one line, before `migrate` runs."""

import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db.migrations.recorder import MigrationRecorder

from tests.processes import make_recipe, manage, sqlite_dev_env


@pytest.mark.django_db
def test_a_current_database_passes():
    call_command("check_migration_history")


@pytest.mark.django_db
def test_a_migration_this_version_does_not_have_is_refused_with_what_to_delete():
    # What a db.sqlite3 made before the app split records: blog's old clinical-review migration.
    MigrationRecorder.Migration.objects.create(app="blog", name="0003_clinical_review")
    with pytest.raises(CommandError) as refused:
        call_command("check_migration_history")
    message = str(refused.value)
    assert "\n" not in message
    assert "earlier version of Kinship" in message and "drop and recreate" in message


@pytest.mark.django_db
def test_other_apps_history_is_not_ours_to_judge():
    MigrationRecorder.Migration.objects.create(app="wagtailcore", name="9999_from_the_future")
    call_command("check_migration_history")


@pytest.mark.slow
def test_a_stale_db_sqlite3_names_the_file_to_delete(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = sqlite_dev_env(tmp_path)
    assert manage(env, "migrate", "--noinput", check=False).returncode == 0
    assert manage(env, "check_migration_history", check=False).returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO django_migrations (app, name, applied)"
            " VALUES ('blog', '0003_clinical_review', '2026-01-01')"
        )
    refused = manage(env, "check_migration_history", check=False)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "CommandError: This database was made by an earlier version of Kinship: "
        f"delete db.sqlite3 (rm {db}), then run `make run` again."
    ]


def test_make_run_checks_the_history_before_migrating():
    recipe = make_recipe("run")
    assert recipe.index("check_migration_history") < recipe.index("migrate_summary")
