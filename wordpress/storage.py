"""Where uploaded exports wait for the task worker: the "wordpress_imports" storage
(settings.STORAGES), never public, since an export holds commenters' email addresses."""

from django.core.files.storage import storages

from .models import ImportRun

STORAGE = "wordpress_imports"


def storage():
    return storages[STORAGE]


def discard_file(run):
    """Delete the export once no step of its run needs it."""
    if run.stored_file:
        storage().delete(run.stored_file)
        ImportRun.objects.filter(pk=run.pk).update(stored_file="")
        run.stored_file = ""
