"""`manage.py seed_bench --posts N [--seed S]`: thousands of live posts for the search benchmark.

The posts are demo/bench_content.py's generated articles, published on the demo site
(load_demo_content runs first; it is idempotent). `--posts N` means "the first N articles of
seed S are in the blog": articles already there (found by slug) are left alone and only the
missing ones are created, so a rerun is quick and `--posts 5000` after `--posts 100` adds
the other 4,900, the same ones a single run would have made.

Every post goes live the way the demo's posts do: drafted by the writer, that revision
approved by the clinician (ClinicalApproval.objects.record), published by the editor, so the
publish rule in BlogPage.save() checks each one, and the page, its revisions, the approval,
the log entries and the reference index are what the admin would leave behind.

Two shortcuts, for speed, that leave the same rows behind. A post is saved three times on its
way live (created, revised, published) and each save would rewrite its search index entry (a
few queries per indexed field, then an average over the whole index table) and its reference
index rows. Both automatic updates are paused while a batch is published: the batch's drafts
are indexed with one bulk insert through the search backend (`add_bulk`, as `update_index`
does) before they are published, so page_published receivers find their entries in place,
and each post's references are recorded once, after publication. A batch is one
transaction, so an interrupted run leaves only whole, indexed posts behind.
"""

import io
import time
from contextlib import contextmanager

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends_with_name
from wagtail.signal_handlers import disable_reference_index_auto_update

from blog.authors import Author
from blog.models import BlogIndexPage, BlogPage
from blog.taxonomy import BlogCategory
from demo import bench_content, content
from demo.pages import add_draft, build_body
from demo.people import CLINICIAN, EDITOR, WRITER
from demo.tally import Tally
from demo.workflow import QUIET_EMAIL_BACKEND, approve_draft, backdate
from home.models import HomePage

# Small transactions: each publication updates the same rows (the search vocabulary's common
# words), and PostgreSQL cannot clean up a row's old versions until the transaction ends.
BATCH_SIZE = 25
PROGRESS_EVERY = 500
DEMO_ILLUSTRATIONS = "Demo illustration:"


class Command(BaseCommand):
    help = "Publish generated, clinically approved articles for the search benchmark."

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
        missing = [a for a in bench_content.articles(seed, posts) if a.slug not in present]
        if missing:
            publisher = Publisher(blog_index)
            for start in range(0, len(missing), BATCH_SIZE):
                publisher.publish_batch(missing[start : start + BATCH_SIZE])
                done = min(start + BATCH_SIZE, len(missing))
                if done % PROGRESS_EVERY < BATCH_SIZE or done == len(missing):
                    self.stdout.write(
                        f"  {done:,} of {len(missing):,} posts published "
                        f"({time.perf_counter() - started:.0f} s)"
                    )
        self.stdout.write(
            f"Benchmark content is ready: {posts:,} posts, {len(missing):,} created and "
            f"{posts - len(missing):,} already present ({time.perf_counter() - started:.1f} s)."
        )


class Publisher:
    """Publishes generated articles under one blog index, with the demo's people."""

    def __init__(self, blog_index):
        self.blog_index = blog_index
        users = get_user_model().objects.in_bulk([WRITER, CLINICIAN, EDITOR], field_name="username")
        self.writer, self.clinician, self.editor = (users[n] for n in (WRITER, CLINICIAN, EDITOR))
        self.authors = ensure_authors()
        self.categories = ensure_categories()
        self.images = list(
            get_image_model().objects.filter(title__startswith=DEMO_ILLUSTRATIONS).order_by("title")
        )
        self.tally = Tally()  # build_body() counts the images it creates; articles have none

    def publish_batch(self, articles):
        backends = [backend for _, backend in get_search_backends_with_name(with_auto_update=True)]
        with (
            transaction.atomic(),
            override_settings(EMAIL_BACKEND=QUIET_EMAIL_BACKEND),
            search_index_updates_paused(),
            disable_reference_index_auto_update(),
        ):
            drafts = [self.draft(article) for article in articles]
            # Indexed once, in bulk, as drafts: creating, revising and publishing a new post
            # each write this same entry (drafts are indexed too; search filters on `live`).
            # Tags are not prefetched: they have no ordering, and a prefetch can list them in
            # another order than the query tag_names() runs when a post is saved.
            posts = list(
                BlogPage.get_indexed_objects()
                .filter(pk__in=[post.pk for post, _, _ in drafts])
                .prefetch_related("blog_authors__author", "categories")
            )
            for backend in backends:
                backend.add_bulk(BlogPage, posts)
            for post, revision, dates in drafts:
                revision.publish(user=self.editor)
                backdate(post, dates)
            # What publishing would have recorded, had the updates been on.
            for post in BlogPage.objects.filter(pk__in=[post.pk for post, _, _ in drafts]):
                ReferenceIndex.create_or_update_for_object(post)

    def draft(self, article):
        """Written by the writer and approved by the clinician, as in the demo's
        publish_live(); returns the page, the approved revision and its dates."""
        post = add_draft(
            self.blog_index,
            article,
            listing_image=self.images[article.number % len(self.images)] if self.images else None,
            body=build_body(self.tally, article),
            owner=self.writer,
            authors=[self.authors[name] for name in article.author_names],
            categories=[self.categories[slug] for slug in article.categories],
        )
        revision, dates = approve_draft(post, article, self.writer, self.clinician)
        return post, revision, dates


@contextmanager
def search_index_updates_paused():
    """Switch off automatic search index updates (AUTO_UPDATE) for every backend.

    The setting is the one switch that both the post_save signal and BlogPage.save()'s own
    index call respect.
    """
    search = apps.get_app_config("wagtailsearch")
    paused = {
        alias: {**params, "AUTO_UPDATE": False}
        for alias, params in search.get_search_backend_config().items()
    }
    with override_settings(**{search.backend_setting_name: paused}):
        yield


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
