"""manage.py import_wordpress FILE.xml: bring a WordPress export (Tools → Export) into Kinship.

Posts arrive as drafts submitted to clinical review; see the README, "Moving from WordPress".
"""

import hashlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from blog.models import BlogIndexPage
from wordpress.importer import KINDS, run_import
from wordpress.models import ImportRun

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.1 or 1.2): authors, categories, tags, posts as drafts "
        "in clinical review, and their comments. Safe to repeat."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xml file from WordPress's Tools → Export.")
        parser.add_argument(
            "--uploads",
            help="A copy of the site's wp-content/uploads folder: images found there are "
            "imported, others become placeholders listed in the report.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; change nothing."
        )
        parser.add_argument(
            "--user", help="The username the posts are created and submitted by (an Editor)."
        )
        parser.add_argument("--blog", help="Slug of the blog to import into (default: the first).")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (for logs and cron)."
        )

    def handle(self, file, uploads=None, dry_run=False, user=None, blog=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        if uploads and not Path(uploads).is_dir():
            raise CommandError(f"The uploads folder {uploads} does not exist.")
        started_by = None
        if user:
            started_by = get_user_model().objects.filter(username=user).first()
            if started_by is None:
                raise CommandError(f"No user called “{user}”.")
        blog_page = None
        if blog:
            blog_page = BlogIndexPage.objects.filter(slug=blog).first()
            if blog_page is None:
                raise CommandError(f"No blog with the slug “{blog}”.")
        run = ImportRun.objects.create(
            file_name=path.name[:255],
            file_size=path.stat().st_size,
            sha256=_sha256(path),
            uploads_folder=str(Path(uploads).resolve()) if uploads else "",
            dry_run=dry_run,
            started_by=started_by,
        )
        show_bar = not options["no_progress"] and options["verbosity"] > 0
        with path.open("rb") as source:
            run_import(
                run,
                source,
                uploads=uploads,
                blog=blog_page,
                progress=self.draw_bar if show_bar else None,
            )
        if show_bar:
            self.stderr.write("")
        self.report(run)
        if run.stage == ImportRun.Stage.FAILED:
            raise CommandError(run.error)

    def draw_bar(self, run, counts):
        filled = int(BAR_WIDTH * run.percent / 100)
        posts = sum(counts["posts"].values())
        comments = sum(counts["comments"].values())
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {run.percent:3d}%  "
            f"{posts:,} posts, {comments:,} comments",
            ending="",
        )
        self.stderr.flush()

    def report(self, run):
        if run.stage == ImportRun.Stage.FAILED:
            return
        would = run.dry_run
        self.stdout.write(
            ("Dry run of " if would else "Imported ")
            + f"{run.file_name} from {run.source_site or 'an unnamed site'} (WXR {run.wxr_version})"
        )
        for kind in KINDS:
            outcomes = run.counts.get(kind)
            if outcomes:
                parts = ", ".join(f"{n:,} {outcome}" for outcome, n in sorted(outcomes.items()))
                self.stdout.write(f"  {kind}: {parts}")
        if run.skipped:
            parts = ", ".join(f"{n:,} {reason}" for reason, n in sorted(run.skipped.items()))
            self.stdout.write(f"  skipped: {parts}")
        problems = run.messages.exclude(level="info").count()
        if problems:
            self.stdout.write(f"  {problems:,} items need a look: see the import's messages.")
        if not run.changed_anything:
            self.stdout.write("Nothing to change: everything in this file is already here.")
        elif would:
            self.stdout.write("Nothing was changed (dry run).")
        else:
            self.stdout.write("Imported posts are drafts waiting for clinical review.")
        self.stdout.write(f"Import record: {run.pk}")


def _sha256(path):
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
