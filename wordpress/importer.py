"""Importing a WordPress export into Kinship.

An import reads the file twice. The first pass only parses it, so that a file which is not a
WordPress export, is cut off or declares entities is refused before anything is written. The
second pass brings in, in file order, the authors, the categories and tags, then each post
with its comments: every post in a transaction of its own, so a post that fails is listed and
rolled back whole, and the others go on.

A dry run takes the same path and writes nothing but its ImportRun: it counts what an import
would create, update and skip, and lists the same messages.

Posts arrive as drafts, never live, and are submitted to the editorial workflow, so nothing
imported reaches readers before a clinician approves it (the publish rule in
editorial/publish_rule.py holds for them as for any post). Their WordPress addresses are
redirected once they go live (signals.py).
"""

import logging
import time
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from blog.authors import Author
from blog.models import RESERVED_SLUGS, BlogIndexPage, BlogPage, BlogPageAuthor
from blog.taxonomy import BlogCategory
from editorial.notifications import workflow_email_muted

from . import content, images, indexing, threads, wxr
from .body import convert_body
from .models import ImportedAuthor, ImportedPost, ImportMessage, ImportRun
from .terms import TermIndex

logger = logging.getLogger(__name__)

# Seconds between progress updates of the run row (what the admin's progress bar reads).
PROGRESS_EVERY = 1.0
# WordPress statuses of posts that were deleted or never written.
DISCARDED_STATUSES = {"trash": "trashed posts", "auto-draft": "auto-drafts", "inherit": "revisions"}
KINDS = ("authors", "categories", "tags", "posts", "comments", "images", "redirects")


class Importer:
    def __init__(self, run, source, uploads=None, blog=None, progress=None):
        self.run = run
        self.source = source
        self.dry_run = run.dry_run
        self.images = images.ImageFinder(
            uploads or run.uploads_folder, dry_run=self.dry_run, counts=self._count
        )
        self.blog = blog
        self.progress = progress
        self.counts = defaultdict(Counter)
        self.skipped = Counter()
        self.messages = []
        self.authors = {}  # login -> Author id (or None in a dry run for a new one)
        self.terms = None
        self.user = run.started_by
        self._last_progress = 0.0
        self.index_queue = indexing.IndexQueue(BlogPage)

    # The run -----------------------------------------------------------------------------

    def run_all(self):
        run = self.run
        run.stage = ImportRun.Stage.CHECKING if self.dry_run else ImportRun.Stage.IMPORTING
        run.started_at = timezone.now()
        run.finished_at = None
        run.error = ""
        run.bytes_read = run.items_seen = 0
        run.save()
        run.messages.all().delete()
        try:
            self.check_file()
            self.source.seek(0)
            self.blog = self.blog or self.default_blog()
            self.terms = TermIndex(self.dry_run, self._count)
            with workflow_email_muted(), indexing.per_save_indexing_off(BlogPage):
                try:
                    self.import_file()
                finally:
                    self.index_queue.flush()
        except wxr.WXRError as error:
            run.stage = ImportRun.Stage.FAILED
            run.error = str(error)
            self.message("error", "file", error.message, line=error.line)
        except ImportStopped as error:
            run.stage = ImportRun.Stage.FAILED
            run.error = str(error)
        except Exception as error:
            # The run must not stay "importing" for ever: it says what stopped it.
            logger.exception("WordPress import %s stopped", run.pk)
            run.stage = ImportRun.Stage.FAILED
            run.error = f"The import stopped on an unexpected error: {error!r}"
        else:
            run.stage = ImportRun.Stage.CHECKED if self.dry_run else ImportRun.Stage.FINISHED
        run.finished_at = timezone.now()
        run.counts = {kind: dict(self.counts[kind]) for kind in KINDS if self.counts[kind]}
        run.skipped = dict(self.skipped)
        self.flush_messages()
        run.save()
        self.report_progress(force=True)
        return run

    def check_file(self):
        """Parse the whole file without writing anything: a broken file fails here."""
        reader = wxr.Reader(self.source)
        for items, _found in enumerate(reader, 1):
            self.report_bytes(reader, items, phase="check")
        channel = reader.channel
        self.run.source_site = channel.source_site[:255]
        self.run.source_title = channel.title[:255]
        self.run.wxr_version = channel.wxr_version
        self.run.file_size = self.run.file_size or reader.bytes_read
        ImportRun.objects.filter(pk=self.run.pk).update(
            source_site=self.run.source_site,
            source_title=self.run.source_title,
            wxr_version=self.run.wxr_version,
            file_size=self.run.file_size,
        )

    def import_file(self):
        reader = wxr.Reader(self.source)
        for items, found in enumerate(reader, 1):
            if isinstance(found, wxr.Author):
                self.import_author(found)
            elif isinstance(found, wxr.Term):
                self.terms.declare(found, self)
            else:
                self.import_item(found)
            self.report_bytes(reader, items, phase="import")
            if len(self.messages) >= 500:
                self.flush_messages()

    def default_blog(self):
        blog = BlogIndexPage.objects.order_by("path").first()
        if blog is None:
            raise ImportStopped("There is no blog to import into: create a blog index page first.")
        return blog

    # Progress and messages ---------------------------------------------------------------

    def report_bytes(self, reader, items, phase):
        # The file is read twice: the check is the first half of the bar, the import the second.
        half = self.run.file_size or 1
        done = reader.bytes_read if phase == "check" else half + reader.bytes_read
        self.run.bytes_read = int(done / 2)
        self.run.items_seen = items
        self.report_progress()

    def report_progress(self, force=False):
        now = time.monotonic()
        if not force and now - self._last_progress < PROGRESS_EVERY:
            return
        self._last_progress = now
        ImportRun.objects.filter(pk=self.run.pk).update(
            bytes_read=self.run.bytes_read, items_seen=self.run.items_seen
        )
        if self.progress:
            self.progress(self.run, self.counts)

    def _count(self, kind, outcome, n=1):
        self.counts[kind][outcome] += n

    def message(self, level, kind, text, wp_id="", title="", line=None):
        self.messages.append(
            ImportMessage(
                run=self.run,
                level=level,
                kind=kind,
                wp_id=str(wp_id)[:200],
                title=(title or "")[:255],
                text=text,
                line=line,
            )
        )

    def flush_messages(self):
        if self.messages:
            ImportMessage.objects.bulk_create(self.messages)
            self.messages = []

    # Authors -----------------------------------------------------------------------------

    def import_author(self, wp_author):
        login = wp_author.login.strip()
        if not login:
            self.skipped["authors without a login"] += 1
            return
        known = ImportedAuthor.objects.filter(source_site=self.run.source_site, login=login).first()
        if known is not None:
            self.authors[login] = known.author_id
            self._count("authors", "unchanged")
            return
        name, credentials = content.split_display_name(
            wp_author.display_name, wp_author.first_name, wp_author.last_name, login
        )
        # A person the site already credits is the same author, not a second one.
        author = Author.objects.filter(name__iexact=name).order_by("pk").first()
        if author is not None:
            self._count("authors", "matched")
            self.message("info", "author", f"Matched the existing author “{author}”.", login, name)
        elif self.dry_run:
            self._count("authors", "created")
        else:
            author = Author.objects.create(name=name, credentials=credentials)
            self._count("authors", "created")
        if not self.dry_run:
            ImportedAuthor.objects.create(
                source_site=self.run.source_site, login=login, author=author
            )
        self.authors[login] = author.pk if author else None

    def author_for(self, item):
        login = item.creator.strip()
        if login in self.authors:
            return self.authors[login]
        # dc:creator names a user the export's author list left out.
        name = login or "WordPress author"
        self.message(
            "warning",
            "post",
            f"Its author “{name}” is not in the export's author list: an author of that name "
            "was added. Check their details.",
            item.post_id,
            item.title,
            item.line,
        )
        self.import_author(
            wxr.Author(login=name, display_name=name, first_name="", last_name="", line=item.line)
        )
        return self.authors.get(name)

    # Posts -------------------------------------------------------------------------------

    def import_item(self, item):
        if item.post_type != "post":
            self.skipped[_plural(item.post_type)] += 1
            return
        if item.status in DISCARDED_STATUSES:
            self.skipped[DISCARDED_STATUSES[item.status]] += 1
            return
        comments_before = Counter(self.counts["comments"])
        try:
            if self.dry_run:
                self.check_post(item)
            else:
                self.import_post(item)
        except Exception as error:
            logger.exception("Importing WordPress post %s failed", item.post_id)
            # Its comments were rolled back with it.
            self.counts["comments"] = comments_before
            self._count("posts", "failed")
            self.message(
                "error",
                "post",
                f"Not imported: {error}. Nothing of this post was saved; the rest went on.",
                item.post_id,
                item.title,
                item.line,
            )

    def check_post(self, item):
        known = ImportedPost.objects.filter(
            source_site=self.run.source_site, wp_post_id=item.post_id
        ).first()
        conversion = convert_body(item.content, self.images.find)
        self.body_messages(item, conversion)
        if known is None:
            self._count("posts", "created")
        elif known.digest != content.digest(item):
            self._count("posts", "updated")
        else:
            self._count("posts", "unchanged")
        self.author_for(item)
        self.terms.for_item(item, self)
        page_id = known.page_id if known else None
        threads.import_comments(self, item, page_id)

    def import_post(self, item):
        known = ImportedPost.objects.filter(
            source_site=self.run.source_site, wp_post_id=item.post_id
        ).first()
        item_digest = content.digest(item)
        if known is not None and known.digest == item_digest:
            self._count("posts", "unchanged")
            with transaction.atomic():
                threads.import_comments(self, item, known.page_id)
            return
        # Authors, terms and images are shared by posts: they are saved before the post's own
        # transaction, so a post that fails cannot take them with it.
        conversion = convert_body(item.content, self.images.find)
        author_id = self.author_for(item)
        category_ids, tag_names = self.terms.for_item(item, self)
        with transaction.atomic():
            if known is None:
                page = self.create_page(item, conversion, author_id, category_ids, tag_names)
                ImportedPost.objects.create(
                    source_site=self.run.source_site,
                    wp_post_id=item.post_id,
                    page=page,
                    old_paths=content.old_paths(item),
                    digest=item_digest,
                    run=self.run,
                )
            else:
                page = self.revise_page(known, item, conversion, author_id, category_ids, tag_names)
                known.digest = item_digest
                known.run = self.run
                known.old_paths = list(dict.fromkeys(known.old_paths + content.old_paths(item)))
                known.save(update_fields=["digest", "run", "old_paths"])
            threads.import_comments(self, item, page.pk, new_post=known is None)
        self._count("posts", "updated" if known else "created")
        self.index_queue.add(page.pk)
        self.body_messages(item, conversion)
        if item.status != "publish":
            self.message(
                "info",
                "post",
                f"It was “{item.status}” on WordPress; here it is a draft in review like the "
                "others.",
                item.post_id,
                item.title,
                item.line,
            )

    def fill_page(self, page, item, conversion, author_id, category_ids, tag_names):
        page.title = " ".join(item.title.split())[:255] or f"WordPress post {item.post_id}"
        page.draft_title = page.title
        page.summary = content.summary_for(item.excerpt, item.content, page.title)
        page.body = conversion.blocks
        page.blog_authors = [BlogPageAuthor(author_id=author_id, sort_order=0)] if author_id else []
        # Instances, not ids: a page not yet saved cannot look ids up.
        page.categories = list(BlogCategory.objects.filter(pk__in=category_ids))
        page.tags.set(tag_names)

    def create_page(self, item, conversion, author_id, category_ids, tag_names):
        page = BlogPage(
            slug=self.free_slug(content.slug_for(item.slug, item.title)),
            owner=self.user,
            live=False,
            has_unpublished_changes=True,
            # The WordPress publication date is the "first published" readers see once a
            # clinician approves the post and it goes live (Wagtail keeps a date already set).
            first_published_at=item.date if item.status in ("publish", "private") else None,
            comments_open=item.comment_status != "closed",
        )
        page.defer_search_index = True  # indexed once it is complete (indexing.IndexQueue)
        self.fill_page(page, item, conversion, author_id, category_ids, tag_names)
        self.blog.add_child(instance=page)
        revision = page.save_revision(user=self.user, log_action=True)
        self.submit(page, revision)
        return page

    def revise_page(self, known, item, conversion, author_id, category_ids, tag_names):
        """A new draft revision with the changed content: the live version, if any, stays as
        it is until a clinician approves the new one."""
        page = known.page.specific.get_latest_revision_as_object()
        self.fill_page(page, item, conversion, author_id, category_ids, tag_names)
        revision = page.save_revision(user=self.user, log_action=True)
        state = known.page.current_workflow_state
        if state is not None:
            # The review under way is of the old content: the new one is reviewed afresh.
            state.cancel(user=self.user)
        self.submit(page, revision)
        self.message(
            "info",
            "post",
            "Changed on WordPress since the last import: saved as a new draft for review"
            + (" (the live version is unchanged)." if page.live else "."),
            item.post_id,
            item.title,
            item.line,
        )
        return page

    def submit(self, page, revision):
        workflow = page.get_workflow()
        if workflow is None:
            raise ImportStopped(
                f"No editorial workflow is assigned to “{self.blog.title}”: run "
                "`manage.py migrate` first."
            )
        workflow.start(page, self.user)

    def free_slug(self, slug):
        """`slug`, or `slug-2`, `slug-3`… where a page of the blog already has it."""
        taken = (
            set(
                Page.objects.child_of(self.blog)
                .filter(slug__startswith=slug)
                .values_list("slug", flat=True)
            )
            | RESERVED_SLUGS
        )
        candidate, n = slug, 2
        while candidate in taken:
            candidate, n = f"{slug[:230]}-{n}", n + 1
        return candidate

    def body_messages(self, item, conversion):
        for note in conversion.notes:
            self.message("info", "post", note, item.post_id, item.title, item.line)
        for src in conversion.missing_images:
            self.message(
                "warning",
                "image",
                f"Image not found in the uploads folder: {src} (a placeholder marks its place).",
                item.post_id,
                item.title,
                item.line,
            )


class ImportStopped(Exception):
    pass


def _plural(post_type):
    names = {"page": "pages", "attachment": "attachments", "nav_menu_item": "menu items"}
    return names.get(post_type, f"{post_type or 'untyped'} items")


def run_import(run, source, uploads=None, blog=None, progress=None):
    """Import (or, for a dry-run ImportRun, check) the export `source`, a binary file object."""
    return Importer(run, source, uploads=uploads, blog=blog, progress=progress).run_all()
