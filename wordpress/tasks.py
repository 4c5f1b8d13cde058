"""The import in the task worker (`manage.py db_worker`): an export can take minutes, so it
never runs on an Editor's request. The run row carries the progress the admin shows."""

from django_tasks import task

from .importer import run_import
from .models import ImportRun
from .storage import discard_file, storage


@task(backend="background")
def check_export(run_id):
    """The dry run of an uploaded export: what an import would create, update and skip."""
    return _run(run_id, keep_file=True)


@task(backend="background")
def import_export(run_id):
    return _run(run_id, keep_file=False)


def _run(run_id, keep_file):
    run = ImportRun.objects.get(pk=run_id)
    with storage().open(run.stored_file, "rb") as export:
        run_import(run, export)
    # A checked file waits for the Editor's confirmation; any other is no longer needed.
    if not (keep_file and run.stage == ImportRun.Stage.CHECKED):
        discard_file(run)
    return run.stage
