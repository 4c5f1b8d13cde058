"""Wagtail's publish_scheduled, run under the scheduler lock and the publish rule.

The editorial app comes before wagtail in INSTALLED_APPS, so `manage.py publish_scheduled` runs this
command. See editorial/scheduling.py for what differs from Wagtail's and why.
"""

from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from cms.articles import get_article_model
from editorial.models import ClinicalApproval
from editorial.scheduling import (
    due_revisions,
    expired_querysets,
    run_scheduled_publishing,
    scheduler_lock,
)


class Command(WagtailCommand):
    help = (
        "Unpublish expired pages and snippets and publish revisions whose go-live time has "
        "passed. One run at a time (PostgreSQL advisory lock); revisions without a clinical "
        "approval are refused, logged and unscheduled."
    )

    def handle(self, *args, **options):
        if options["dryrun"]:
            self._dry_run()
            return

        with scheduler_lock() as acquired:
            if not acquired:
                self.stdout.write(
                    "Another publish_scheduled run holds the scheduler lock; nothing to do."
                )
                return
            result = run_scheduled_publishing()

        verbosity = options.get("verbosity", 1)
        if verbosity >= 1 and (
            result.expired or result.published or result.refused or result.not_published
        ):
            self.stdout.write(result.summary())
        if result.failed:
            # Each failure has been logged with its traceback; the exit status shows it too.
            raise CommandError(
                f"{len(result.failed)} scheduled change(s) failed; see the log for details."
            )

    def _dry_run(self):
        """What a run would do, with the revisions the publish rule would refuse listed apart
        from those it would publish (Wagtail's listing names them all "to be published")."""
        now = timezone.now()
        self.stdout.write("Will do a dry run.")
        expired = [obj for queryset in expired_querysets(now) for obj in queryset]
        to_publish, refused = [], []
        for revision in due_revisions(now).select_related("content_type"):
            model = revision.content_type.model_class()
            is_article = model is not None and issubclass(model, get_article_model())
            if is_article and ClinicalApproval.objects.covering(revision.as_object()) is None:
                refused.append(revision)
            else:
                to_publish.append(revision)

        self._list("Expired objects to be unpublished:", expired, self._expired_line)
        self._list("Revisions to be published:", to_publish, self._revision_line)
        self._list(
            "Not clinically approved (would be refused and unscheduled):",
            refused,
            self._revision_line,
        )
        self.stdout.write(
            f"\nWould publish {len(to_publish)}, refuse {len(refused)} (not clinically "
            f"approved), unpublish {len(expired)} expired."
        )

    def _list(self, heading, items, line):
        if items:
            self.stdout.write(f"\n{heading}")
            for item in items:
                self.stdout.write(line(item))

    def _expired_line(self, obj):
        return f"{obj.expire_at:%Y-%m-%d %H:%M}\t{type(obj).__name__}\t{obj}"

    def _revision_line(self, revision):
        title = revision.content.get("title", revision.object_str)
        return f"{revision.approved_go_live_at:%Y-%m-%d %H:%M}\t{title}"
