"""`manage.py load_demo_content`: build Kinship's demo site (demo/loader.py), safe to rerun."""

import os

from django.core.management.base import BaseCommand
from django.db import transaction

from demo import content
from demo.loader import load
from demo.tally import Tally


class Command(BaseCommand):
    help = "Create Kinship's demo site, authors, articles and one user per role (idempotent)."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or content.DEFAULT_PASSWORD
        tally = Tally()
        # All or nothing: a half-built site would be found, not rebuilt, by the next run.
        with transaction.atomic():
            load(tally, password)
        # One line by default (`make run`); each kind of object with -v 2 (`make run VERBOSE=1`).
        verbosity = options["verbosity"]
        if verbosity >= 2:
            self.stdout.write(tally.summary())
        elif verbosity == 1:
            self.stdout.write(tally.line())
