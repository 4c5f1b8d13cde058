"""The did-you-mean vocabulary (search/vocabulary.py). Filled on PostgreSQL only."""

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
