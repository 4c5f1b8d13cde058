"""Starting an import from the admin: the uploaded export is kept where only the task worker
reads it, checked (a dry run) in the background, and imported once an Editor confirms."""

import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import tasks
from .models import ImportRun
from .storage import storage

logger = logging.getLogger(__name__)


def store_upload(uploaded_file, user):
    """A run for `uploaded_file` (a Django UploadedFile), queued for its dry run."""
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    # The stored name says nothing about the site: it is random under a dated folder.
    name = storage().save(f"{timezone.now():%Y/%m}/export.xml", uploaded_file)
    run = ImportRun.objects.create(
        file_name=uploaded_file.name[:255],
        stored_file=name,
        file_size=uploaded_file.size,
        sha256=digest.hexdigest(),
        # Images come from a copy of wp-content/uploads put on the server, if there is one.
        uploads_folder=settings.WORDPRESS_IMPORT_UPLOADS,
        dry_run=True,
        started_by=user,
        stage=ImportRun.Stage.QUEUED,
    )
    enqueue(run)
    return run


def confirm(run, user):
    """Import the checked file of `run` for real, in the background. The run keeps its dry-run
    counts until the import replaces them."""
    ImportRun.objects.filter(pk=run.pk).update(
        dry_run=False, stage=ImportRun.Stage.QUEUED, started_by=user, error=""
    )
    run.refresh_from_db()
    enqueue(run)
    return run


def enqueue(run):
    job = tasks.check_export if run.dry_run else tasks.import_export

    def queue():
        try:
            job.enqueue(run.pk)
        except Exception:
            # The Editor's request still gets its answer: the run says it could not start.
            logger.exception("Could not queue WordPress import %s", run.pk)
            ImportRun.objects.filter(pk=run.pk).update(
                stage=ImportRun.Stage.FAILED,
                error="The import could not be handed to the task worker. Try again later.",
            )

    transaction.on_commit(queue)
