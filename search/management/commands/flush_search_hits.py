"""Write the searches readers typed since the last flush to the query log (search/hits.py)."""

from django.core.management.base import BaseCommand

from search import hits


class Command(BaseCommand):
    help = (
        "Add the searches counted in the cache to Wagtail's query log (Reports › Search "
        "terms). Meant for the scheduler, every minute."
    )

    def handle(self, *args, verbosity=1, **options):
        written = hits.flush()
        if verbosity > 1:
            self.stdout.write(f"Search hits written: {written}.")
