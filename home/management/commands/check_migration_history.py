"""Refuse, in one line, a database whose migration history this version of Kinship cannot read.

Kinship 0.1 regenerated its apps' initial migrations when `editorial/` and `comments/` left `blog/`.
A database migrated before that records migrations that no longer exist on disk, and `migrate`
would then stop with an InconsistentMigrationHistory traceback. `make run` asks this command first.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader


def project_app_labels():
    # The project's apps are the top-level folders of the repository (not the venv's packages).
    root = Path(settings.BASE_DIR).resolve()
    return {config.label for config in apps.get_app_configs() if Path(config.path).parent == root}


def unknown_migrations(connection):
    """Migrations recorded as applied to this project's apps that no file on disk defines."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    ours = project_app_labels()
    return sorted(
        key
        for key in loader.applied_migrations
        if key[0] in ours and key not in loader.disk_migrations
    )


class Command(BaseCommand):
    help = "Fail with one line when the database was made by an earlier, incompatible Kinship."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        connection = connections[database]
        if not unknown_migrations(connection):
            return
        if connection.vendor == "sqlite":
            name = Path(connection.settings_dict["NAME"])
            what = f"delete {name.name} (rm {name})"
        else:
            what = f"drop and recreate the database {connection.settings_dict['NAME']!r}"
        earlier = "This database was made by an earlier version of Kinship"
        raise CommandError(f"{earlier}: {what}, then run `make run` again.")
