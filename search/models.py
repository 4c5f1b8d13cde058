"""The did-you-mean vocabulary (search/vocabulary.py) and the ranked search documents
(search/documents.py). Both are filled on PostgreSQL only."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class Word(models.Model):
    """A word of the live, public posts, with the number of posts that use it."""

    word = models.CharField(max_length=40, unique=True)
    # The word's stem in the search configuration ("relapses" -> "relaps"), so a query word
    # that the full-text search can find counts as known even if this exact form is absent.
    lexeme = models.CharField(max_length=40, db_index=True, blank=True)
    documents = models.IntegerField(default=0)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word


class PageWords(models.Model):
    """The words one live post contributed to the vocabulary, so an edit, unpublish or delete
    can take exactly those back. A plain id rather than a foreign key, so this app's
    migrations do not depend on the page tree's."""

    page_id = models.PositiveIntegerField(primary_key=True)
    words = models.TextField(blank=True)

    def __str__(self):
        return f"Words of page {self.page_id}"


class Document(models.Model):
    """What the search page matches, ranks and filters one live, public post by
    (search/documents.py fills it, search/ranked.py reads it). PostgreSQL only: the table is
    created there alone (migration 0003), and other databases search through Wagtail.

    The vectors are copies of the post's entry in Wagtail's search index. `compact` is the
    title with the summary and the author, category and tag names (the index's weights A to
    C, without the body's D): small enough to rank every match of a broad word cheaply.
    Categories and authors are arrays, so the topic counts and the author filter read no
    other table.
    """

    page_id = models.PositiveIntegerField(primary_key=True)
    # The page's tree path: readers must not find posts under a view restriction.
    path = models.CharField(max_length=255)
    first_published_at = models.DateTimeField(null=True)
    expire_at = models.DateTimeField(null=True)
    title = SearchVectorField()
    body = SearchVectorField()
    compact = SearchVectorField()
    title_norm = models.FloatField(default=1.0)
    categories = ArrayField(models.IntegerField(), default=list)
    authors = ArrayField(models.IntegerField(), default=list)

    class Meta:
        indexes = [
            # The newest matches of a broad word without reading all of them (ranked.py).
            models.Index(
                models.F("first_published_at").desc(nulls_last=True),
                models.F("page_id").desc(),
                name="search_document_newest",
            )
        ]

    def __str__(self):
        return f"Search document of page {self.page_id}"
