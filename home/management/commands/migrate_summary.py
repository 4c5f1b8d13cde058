"""`manage.py migrate_summary`: Django's `migrate`, reported in one line, for `make run`.

A first `make run` applies some 250 migrations; `migrate` lists each, which buries the lines a
developer needs (the server's address, errors). This runs the same `migrate` (same checks,
signals and errors) quietly and then says what it did. `-v 2` (`make run VERBOSE=1`) shows
Django's own listing.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def pending_migrations(connection):
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


class Command(BaseCommand):
    help = "Apply migrations like `migrate --noinput`, printing one summary line."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, verbosity, **options):
        connection = connections[database]
        pending = len(pending_migrations(connection))
        call_command(
            "migrate",
            database=database,
            interactive=False,
            verbosity=max(verbosity - 1, 0),
            stdout=self.stdout,
            stderr=self.stderr,
        )
        if verbosity < 1:
            return
        name = connection.settings_dict["NAME"]
        if pending:
            self.stdout.write(f"Database {name}: {pending} migrations applied.")
        else:
            self.stdout.write(f"Database {name}: up to date.")
