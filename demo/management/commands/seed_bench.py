"""`manage.py seed_bench --posts N [--seed S]`: thousands of live posts for the benchmarks.

The posts are demo/bench_content.py's generated articles, published on the demo site
(load_demo_content runs first; it is idempotent). `--posts N` means "the first N articles of
seed S are in the blog": articles already there (found by slug) are left alone and only the
missing ones are created, so a rerun is quick and `--posts 5000` after `--posts 100` adds
the other 4,900, the same ones a single run would have made.

Publishing through Wagtail costs tens of queries per post, so 100,000 posts would take
hours. The posts are written in bulk instead, a batch per transaction, leaving the rows
publishing one by one would leave: each post drafted by the writer (its page, authors,
categories and tags, and one revision, which is the live and latest revision), that
revision approved by the clinician (a real ClinicalApproval whose fingerprint covers the
content, set as the page's clinical_approval), published by the editor (a "wagtail.publish"
log entry), dated as the demo dates its posts (demo/workflow.py), with its reference index
rows and its search index entry (through the backend's add_bulk, as update_index does),
then the ranked search documents and the did-you-mean vocabulary of the batch at once.

Per-post signals (page_published, post_save) are not sent: their receivers' work for a new
post is the indexing above. A batch that would break the publish rule stops the run: each
approval is checked against the stored post before the batch commits.
"""

import io
import time
import uuid
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils.text import slugify
from modelsearch.backends.database.postgres import postgres as postgres_backend
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from blog import related
from blog.authors import Author
from blog.models import BlogIndexPage, BlogPage, BlogPageAuthor
from blog.taxonomy import BlogCategory, BlogPageTag
from demo import bench_content, content
from demo.pages import build_body
from demo.people import CLINICIAN, EDITOR, WRITER
from demo.tally import Tally
from demo.workflow import PublishingDates
from editorial.fingerprint import content_fingerprint
from editorial.models import ClinicalApproval, reviewer_display_name
from home.models import HomePage
from pagecache.purge import purge_all
from search import documents, vocabulary

# Posts per transaction: large enough that the per-batch statements (the search index's
# title norms, the vocabulary upsert) are paid rarely, small enough to keep memory flat.
BATCH_SIZE = 250
# The newest posts whose related lists are ranked after a run (Command.settle).
RANKED_NEWEST = 250
DEMO_ILLUSTRATIONS = "Demo illustration:"


class Command(BaseCommand):
    help = "Publish generated, clinically approved articles for the benchmarks, in bulk."

    def add_arguments(self, parser):
        parser.add_argument(
            "--posts",
            type=int,
            default=5000,
            help="How many generated articles the blog should hold (default 5000).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Seed of the generated articles (default 1)."
        )

    def handle(self, *args, posts, seed, **options):
        if posts < 0:
            raise CommandError("--posts must be 0 or more.")
        started = time.perf_counter()
        call_command("load_demo_content", stdout=io.StringIO())
        blog_index = BlogIndexPage.objects.child_of(HomePage.objects.first()).get(
            slug=content.BLOG_INDEX["slug"]
        )
        present = set(BlogPage.objects.child_of(blog_index).values_list("slug", flat=True))
        # Articles are generated as they are written, a batch at a time, so memory stays flat
        # at any size; the bar counts articles looked at, present ones included.
        created, batch, publisher = 0, [], None
        progress = Progress(self.stderr, posts)
        creating_since = time.perf_counter()
        for article in bench_content.articles(seed, posts):
            if article.slug not in present:
                batch.append(article)
            if len(batch) == BATCH_SIZE or (article.number == posts and batch):
                publisher = publisher or BulkPublisher(blog_index)
                publisher.publish_batch(batch)
                created += len(batch)
                batch = []
                progress.update(article.number, created)
        if posts:
            progress.update(posts, created)
        progress.finish()
        seconds = time.perf_counter() - creating_since
        if created:
            self.settle(blog_index)
        rate = f", {created / seconds:,.0f} posts/s" if created and seconds else ""
        self.stdout.write(
            f"Benchmark content is ready: {posts:,} posts, {created:,} created and "
            f"{posts - created:,} already present ({time.perf_counter() - started:.1f} s"
            f"{rate})."
        )

    def settle(self, blog_index):
        """What a publish does after the fact, for the whole run at once: the newest posts'
        related lists (ranking every list would take hours at 100,000 posts; the newest are
        the ones every listing and the benchmarks show first), fresh planner statistics
        (bulk inserts leave the row estimates of an empty blog), and a purged page cache."""
        newest = BlogPage.objects.child_of(blog_index).live().order_by("-first_published_at")
        for page_id in newest.values_list("pk", flat=True)[:RANKED_NEWEST]:
            related.published(page_id)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        purge_all()


class Progress:
    """A text progress bar on stderr: redrawn in place on a terminal, a line per tenth
    otherwise (a log file should not fill with carriage returns)."""

    WIDTH = 30

    def __init__(self, stream, total):
        self.stream, self.total = stream, total
        self.started = time.perf_counter()
        self.tty = getattr(getattr(stream, "_out", stream), "isatty", lambda: False)()
        self.shown_tenth = 0

    def update(self, done, created):
        elapsed = time.perf_counter() - self.started
        rate = created / elapsed if elapsed else 0
        filled = self.WIDTH * done // self.total
        line = (
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:,}/{self.total:,} posts, "
            f"{created:,} created, {rate:,.0f}/s, {elapsed:.0f} s"
        )
        if self.tty:
            self.stream.write("\r" + line, ending="")
            self.stream.flush()
        elif (tenth := 10 * done // self.total) > self.shown_tenth:
            self.shown_tenth = tenth
            self.stream.write(line)

    def finish(self):
        if self.tty and self.total:
            self.stream.write("")


class BulkPublisher:
    """Writes generated articles under one blog index as live, approved posts."""

    def __init__(self, blog_index):
        self.blog_index = blog_index
        users = get_user_model().objects.in_bulk([WRITER, CLINICIAN, EDITOR], field_name="username")
        self.writer, self.clinician, self.editor = (users[n] for n in (WRITER, CLINICIAN, EDITOR))
        self.reviewer_name = reviewer_display_name(self.clinician)
        self.authors = ensure_authors()
        self.categories = ensure_categories()
        self.tags = {}
        self.images = list(
            get_image_model().objects.filter(title__startswith=DEMO_ILLUSTRATIONS).order_by("title")
        )
        self.tally = Tally()  # build_body() counts the images it creates; articles have none
        self.page_type = ContentType.objects.get_for_model(BlogPage)
        self.base_type = ContentType.objects.get_for_model(Page)

    def publish_batch(self, articles):
        with transaction.atomic():
            index = Page.objects.select_for_update().get(pk=self.blog_index.pk)
            posts = [self.build(index, article, n) for n, article in enumerate(articles, 1)]
            self.insert(index, posts)
            ids = [post.pk for post in posts]
            with fields_prepared_once():
                for backend in get_search_backends(with_auto_update=True):
                    backend.add_bulk(BlogPage, posts)
            self.reference(posts)
            # The rule is checked on one stored post per batch: every post is built the same
            # way, so a mistake shows on the first one, and a second fingerprint of each
            # post would cost a third of the run.
            check_publish_rule(ids[:1])
            documents.refresh(ids)
            # Last: the vocabulary's shared rows stay locked until the batch commits.
            vocabulary.refresh(ids)

    def build(self, index, article, n):
        """The post in memory: its page fields, children and dates, not yet saved."""
        dates = PublishingDates.for_spec(article)
        last_child = self.last_child_number(index)
        post = BlogPage(
            title=article.title,
            draft_title=article.title,
            slug=article.slug,
            summary=article.summary,
            listing_image=self.images[article.number % len(self.images)] if self.images else None,
            body=self.body(article, validate=n == 1),
            owner=self.writer,
            content_type=self.page_type,
            locale_id=index.locale_id,
            path=Page._get_path(index.path, index.depth + 1, last_child + n),
            depth=index.depth + 1,
            numchild=0,
            url_path=f"{index.url_path}{article.slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=dates.first_published,
            last_published_at=dates.last_published,
            latest_revision_created_at=dates.drafted,
        )
        post.reading_minutes = post.compute_reading_minutes()
        for order, name in enumerate(article.author_names):
            post.blog_authors.add(BlogPageAuthor(author=self.authors[name], sort_order=order))
        post.categories = [self.categories[slug] for slug in article.categories]
        for name in article.tags:
            post.tagged_items.add(BlogPageTag(tag=self.tag(name)))
        post._bench_dates = dates
        return post

    def body(self, article, validate):
        """The article's StreamField data as the database stores it. Every block is then
        converted once, lazily, for the fingerprint and the search text alike, and reads
        back as from the database (empty optional fields included), so the approval's
        fingerprint is that of the stored post. The first article of each batch is also
        validated as the demo validates its posts (build_body()): the generator writes
        them all alike."""
        if validate:
            build_body(self.tally, article)
        return [
            {"type": block_type, "value": value, "id": str(uuid.uuid4())}
            for block_type, value in article.body
        ]

    def last_child_number(self, index):
        # Read once per batch: the batch's own children are numbered on from it.
        if getattr(index, "_bench_last_child", None) is None:
            last = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
            last = last.order_by("-path").values_list("path", flat=True).first()
            index._bench_last_child = Page._str2int(last[-Page.steplen :]) if last else 0
        return index._bench_last_child

    def tag(self, name):
        if name not in self.tags:
            self.tags[name], _ = Tag.objects.get_or_create(
                slug=slugify(name), defaults={"name": name}
            )
        return self.tags[name]

    def insert(self, index, posts):
        """Pages first (their ids number everything else), then what hangs off them."""
        pages = Page.objects.bulk_create(
            [
                Page(**{f.attname: getattr(post, f.attname) for f in Page._meta.concrete_fields})
                for post in posts
            ]
        )
        for post, page in zip(posts, pages, strict=True):
            post.id = post.page_ptr_id = page.pk
            post._state.adding = False
        BlogPageAuthor.objects.bulk_create(
            [author for post in posts for author in post.blog_authors.all()]
        )
        BlogPageTag.objects.bulk_create(
            [item for post in posts for item in post.tagged_items.all()]
        )
        through = BlogPage.categories.through
        through.objects.bulk_create(
            [
                through(blogpage_id=post.pk, blogcategory_id=category.pk)
                for post in posts
                for category in post.categories.all()
            ]
        )
        # The writer's draft, now with the ids of the page and its children.
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=self.page_type,
                    base_content_type=self.base_type,
                    object_id=str(post.pk),
                    user=self.writer,
                    content=post.serializable_data(),
                    object_str=str(post),
                    created_at=post._bench_dates.drafted,
                )
                for post in posts
            ]
        )
        approvals = ClinicalApproval.objects.bulk_create(
            [
                ClinicalApproval(
                    page_id=post.pk,
                    revision=revision,
                    fingerprint=content_fingerprint(post),
                    reviewer=self.clinician,
                    reviewer_name=self.reviewer_name,
                    approved_at=post._bench_dates.reviewed,
                )
                for post, revision in zip(posts, revisions, strict=True)
            ]
        )
        for post, revision, approval in zip(posts, revisions, approvals, strict=True):
            post.live_revision = post.latest_revision = revision
            post.clinical_approval = approval
        # The article's own table (BlogPage below Page), as Model.save() inserts it.
        BlogPage._base_manager._insert(posts, fields=BlogPage._meta.local_concrete_fields)
        Page.objects.bulk_update(posts, ["live_revision", "latest_revision"])
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    content_type=self.page_type,
                    label=post.get_admin_display_title(),
                    action="wagtail.publish",
                    timestamp=post._bench_dates.last_published,
                    data={},
                    user=self.editor,
                    revision=revision,
                    page_id=post.pk,
                    content_changed=True,
                    uuid=uuid.uuid4(),
                )
                for post, revision in zip(posts, revisions, strict=True)
            ]
        )
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(posts))

    def reference(self, posts):
        """The reference index rows ReferenceIndex.create_or_update_for_object() writes for a
        new object (one with no rows yet): authors, categories, tags, listing image..."""
        rows = []
        for post in posts:
            for to_type, to_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(post)
            ):
                rows.append(
                    ReferenceIndex(
                        content_type=self.page_type,
                        base_content_type=self.base_type,
                        object_id=post.pk,
                        to_content_type_id=to_type,
                        to_object_id=to_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                    )
                )
        ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=True)


class PreparedOnceIndexer(postgres_backend.ObjectIndexer):
    """modelsearch's indexer, computing each search field's value once per post instead of
    once per vector it builds (the article's StreamField text five times)."""

    def prepare_field(self, obj, field):
        prepared = self.__dict__.setdefault("_prepared", {})
        if id(field) not in prepared:
            prepared[id(field)] = list(super().prepare_field(obj, field))
        return prepared[id(field)]


@contextmanager
def fields_prepared_once():
    """Index with PreparedOnceIndexer: the entries are the same, for a fifth of the work."""
    # add_items() builds its indexers from this module global; put it back afterwards.
    original = postgres_backend.ObjectIndexer
    postgres_backend.ObjectIndexer = PreparedOnceIndexer
    try:
        yield
    finally:
        postgres_backend.ObjectIndexer = original


def check_publish_rule(page_ids):
    """The publish rule, checked on the stored posts: each live post's approval covers its
    content. Raising rolls the batch back."""
    stored = BlogPage.objects.filter(pk__in=page_ids).prefetch_related(
        "blog_authors", "categories", "tags"
    )
    approvals = ClinicalApproval.objects.in_bulk([post.clinical_approval_id for post in stored])
    for post in stored:
        approval = approvals.get(post.clinical_approval_id)
        if approval is None or approval.fingerprint != content_fingerprint(post):
            raise CommandError(f"“{post.title}” would be live without a covering approval.")


def ensure_authors():
    authors = {}
    for name, credentials, role in bench_content.AUTHORS:
        authors[name], _ = Author.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "credentials": credentials,
                "role": role,
                "bio": f"{name} writes for Kinship about recovery as a {role.lower()}.",
            },
        )
    return authors


def ensure_categories():
    for spec in bench_content.EXTRA_CATEGORIES:
        BlogCategory.objects.get_or_create(slug=spec["slug"], defaults=spec)
    return {category.slug: category for category in BlogCategory.objects.all()}
