"""Wagtail's publish_scheduled, run under the scheduler lock and the publish rule.

The editorial app comes before wagtail in INSTALLED_APPS, so `manage.py publish_scheduled` runs this
command. See editorial/scheduling.py for what differs from Wagtail's and why.
"""

from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from cms.articles import get_article_model
from editorial.models import ClinicalApproval
from editorial.scheduling import due_revisions, run_scheduled_publishing, scheduler_lock


class Command(WagtailCommand):
    help = (
        "Unpublish expired pages and snippets and publish revisions whose go-live time has "
        "passed. One run at a time (PostgreSQL advisory lock); revisions without a clinical "
        "approval are refused, logged and unscheduled."
    )

    def handle(self, *args, **options):
        if options["dryrun"]:
            # Wagtail's listing; nothing changes, so no lock is needed.
            super().handle(*args, **options)
            self._list_refusals()
            return

        with scheduler_lock() as acquired:
            if not acquired:
                self.stdout.write(
                    "Another publish_scheduled run holds the scheduler lock; nothing to do."
                )
                return
            result = run_scheduled_publishing()

        verbosity = options.get("verbosity", 1)
        if verbosity >= 1 and (result.expired or result.published or result.refused):
            self.stdout.write(
                f"Unpublished {len(result.expired)} expired, published {len(result.published)}, "
                f"refused {len(result.refused)} without clinical approval."
            )
        if result.failed:
            # Each failure has been logged with its traceback; the exit status shows it too.
            raise CommandError(
                f"{len(result.failed)} scheduled change(s) failed; see the log for details."
            )

    def _list_refusals(self):
        refused = []
        for revision in due_revisions(timezone.now()).select_related("content_type"):
            model = revision.content_type.model_class()
            if model is None or not issubclass(model, get_article_model()):
                continue
            if ClinicalApproval.objects.covering(revision.as_object()) is None:
                refused.append(revision)
        if refused:
            self.stdout.write("\nNot clinically approved (would be refused and unscheduled):")
            for revision in refused:
                self.stdout.write(
                    f"{revision.approved_go_live_at:%Y-%m-%d %H:%M}\t{revision.object_str}"
                )
