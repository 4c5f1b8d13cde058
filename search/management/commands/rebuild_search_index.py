"""Rebuild everything search needs: Wagtail's index, then the ranked documents and the
did-you-mean vocabulary."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from search import documents, vocabulary


class Command(BaseCommand):
    help = (
        "Rebuild the search index (Wagtail's update_index), the ranked search documents and "
        "the did-you-mean vocabulary. "
        "Run it after changing search_fields or boosts, or to repair the index."
    )

    def handle(self, *args, verbosity=1, **options):
        call_command("update_index", verbosity=verbosity, stdout=self.stdout)
        if not vocabulary.enabled():
            if verbosity:
                self.stdout.write(
                    "Ranked documents and did-you-mean vocabulary: skipped (PostgreSQL only)."
                )
            return
        posts = documents.rebuild()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Ranked search documents: {posts} posts."))
        words = vocabulary.rebuild()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Did-you-mean vocabulary: {words} words."))
