"""What an import of a WordPress export (WXR) leaves behind: the record of each run with its
counts and messages, and the WordPress ids of everything it brought in, so that importing the
same export again finds them instead of creating them twice.

WordPress ids are unique only within one WordPress site, so posts and comments are keyed by
the site's address (`wp:base_site_url`) as well. Authors are matched by login, categories and
tags by their slug, which the import keeps.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportRun(models.Model):
    class Stage(models.TextChoices):
        QUEUED = "queued", "Waiting for the task worker"
        CHECKING = "checking", "Checking the file"
        CHECKED = "checked", "Checked: ready to import"
        IMPORTING = "importing", "Importing"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    ACTIVE_STAGES = (Stage.QUEUED, Stage.CHECKING, Stage.IMPORTING)

    file_name = models.CharField(max_length=255)
    # Where the uploaded export waits for the worker (the "wordpress_imports" storage, never
    # public: it holds commenters' email addresses); emptied when the run no longer needs it.
    stored_file = models.CharField(max_length=255, blank=True)
    file_size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploads_folder = models.CharField(
        max_length=500, blank=True, help_text="Where image files were looked for (command line)."
    )
    dry_run = models.BooleanField(
        default=False, help_text="Only checked: nothing was written to the site."
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.QUEUED)
    # From the file's channel: the WordPress site and the WXR version.
    source_site = models.CharField(max_length=255, blank=True)
    source_title = models.CharField(max_length=255, blank=True)
    wxr_version = models.CharField(max_length=10, blank=True)
    # Progress while it runs: bytes of the file read, items (posts, pages…) seen.
    bytes_read = models.BigIntegerField(default=0)
    items_seen = models.PositiveIntegerField(default=0)
    # {"posts": {"created": 3, "updated": 1, "unchanged": 2, "skipped": 1, "failed": 0}, …}
    counts = models.JSONField(default=dict, blank=True)
    # {"pages": 2, "attachments": 5, "spam comments": 1, …}: what was skipped, and why.
    skipped = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, help_text="Why the run stopped, with the line number.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "WordPress import"
        verbose_name_plural = "WordPress imports"

    def __str__(self):
        return f"{self.file_name} ({timezone.localtime(self.created_at):%-d %b %Y %H:%M})"

    @property
    def is_active(self):
        return self.stage in self.ACTIVE_STAGES

    @property
    def percent(self):
        if self.stage in (self.Stage.CHECKED, self.Stage.FINISHED):
            return 100
        if not self.file_size:
            return 0
        return min(100, int(self.bytes_read * 100 / self.file_size))

    def count(self, kind, outcome):
        return self.counts.get(kind, {}).get(outcome, 0)

    @property
    def changed_anything(self):
        return any(
            outcomes.get("created") or outcomes.get("updated") for outcomes in self.counts.values()
        )


class ImportMessage(models.Model):
    class Level(models.TextChoices):
        INFO = "info", "Note"
        WARNING = "warning", "Needs a look"
        ERROR = "error", "Failed"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="messages")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.INFO)
    # "post", "comment", "author", "image", "file"…, and the WordPress id or slug it is about.
    kind = models.CharField(max_length=20)
    wp_id = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_level_display()}: {self.text}"


class ImportedAuthor(models.Model):
    source_site = models.CharField(max_length=255)
    login = models.CharField(max_length=200)
    author = models.ForeignKey("blog.Author", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_site", "login"], name="wordpress_author_once_per_site"
            )
        ]

    def __str__(self):
        return f"{self.login} → {self.author_id}"


class ImportedPost(models.Model):
    source_site = models.CharField(max_length=255)
    wp_post_id = models.BigIntegerField()
    page = models.ForeignKey("blog.BlogPage", on_delete=models.CASCADE, related_name="+")
    # The post's addresses on the WordPress site, redirected here once the page is live.
    old_paths = models.JSONField(default=list)
    redirects_created = models.BooleanField(default=False)
    # A digest of the WordPress item as last imported: a re-import saves a new draft revision
    # only when it differs.
    digest = models.CharField(max_length=64)
    run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_site", "wp_post_id"], name="wordpress_post_once_per_site"
            )
        ]

    def __str__(self):
        return f"post {self.wp_post_id} → page {self.page_id}"


class ImportedComment(models.Model):
    source_site = models.CharField(max_length=255)
    wp_comment_id = models.BigIntegerField()
    comment = models.ForeignKey(
        "django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_site", "wp_comment_id"], name="wordpress_comment_once_per_site"
            )
        ]

    def __str__(self):
        return f"comment {self.wp_comment_id} → {self.comment_id}"


class ImportedImage(models.Model):
    """An image file from the uploads folder, by its path under wp-content/uploads/."""

    upload_path = models.CharField(max_length=500, unique=True)
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"{self.upload_path} → {self.image_id}"
