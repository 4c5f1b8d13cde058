"""Did you mean…? A vocabulary of the words readers can find, searched by trigram similarity.

PostgreSQL only: it needs pg_trgm, which search/migrations/0001 enables there. On any other
database every function here quietly does nothing, so there are no suggestions.

The vocabulary holds each word of the indexed text (title, summary, body, author, category
and tag names) of the live, public posts, with the number of posts using it. PageWords keeps
each post's words, so publishing, unpublishing, editing or deleting one post adjusts only its
words (search/signals.py); `manage.py rebuild_search_index` rebuilds it all.
"""

import re
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from blog.models import BlogPage

from .models import PageWords, Word

LETTERS = re.compile(r"[^\W\d_]+")
MIN_LENGTH, MAX_LENGTH = 3, 40
MAX_QUERY_WORDS = 8

WORD_TABLE = Word._meta.db_table

# For each query word that no indexed word shares a stem with, the closest indexed word.
# `%` (pg_trgm's similarity above 0.3) is answered by the trigram index on the word column,
# so the lookup stays cheap however large the vocabulary; stop words are never "unknown".
SUGGEST_SQL = f"""
SELECT q.term, (
    SELECT w.word FROM {WORD_TABLE} w
    WHERE w.word %% q.term
    ORDER BY similarity(w.word, q.term) DESC, w.documents DESC, w.word
    LIMIT 1
)
FROM unnest(%s::text[]) AS q(term),
     tsvector_to_array(to_tsvector(%s::regconfig, q.term)) AS l(lexemes)
WHERE cardinality(l.lexemes) > 0
  AND NOT EXISTS (SELECT 1 FROM {WORD_TABLE} k WHERE k.lexeme = l.lexemes[1])
"""


def enabled():
    return connection.vendor == "postgresql"


def words_of(text):
    return {w for w in LETTERS.findall(text.lower()) if MIN_LENGTH <= len(w) <= MAX_LENGTH}


def suggest(query):
    """`query` with each unknown word replaced by the closest known word, or None."""
    if not enabled():
        return None
    words = dict.fromkeys(LETTERS.findall(query.lower()))
    terms = [word for word in words if MIN_LENGTH <= len(word) <= MAX_LENGTH]
    if not terms:
        return None
    with connection.cursor() as cursor:
        cursor.execute(SUGGEST_SQL, [terms[:MAX_QUERY_WORDS], _search_config()])
        replacements = {term: word for term, word in cursor.fetchall() if word and word != term}
    if not replacements:
        return None
    return LETTERS.sub(lambda m: replacements.get(m.group().lower(), m.group()), query)


def rebuild():
    """Rebuild the vocabulary from the search index. Returns the number of words."""
    if not enabled():
        return 0
    documents, snapshots = Counter(), []
    for page_id, text in _indexed_texts(BlogPage.objects.visible()):
        words = words_of(text)
        documents.update(words)
        snapshots.append(PageWords(page_id=page_id, words=" ".join(sorted(words))))
    with transaction.atomic():
        Word.objects.all().delete()
        PageWords.objects.all().delete()
        PageWords.objects.bulk_create(snapshots, batch_size=1000)
        Word.objects.bulk_create(
            (Word(word=word, documents=n) for word, n in documents.items()), batch_size=5000
        )
        _stem_new_words()
    return len(documents)


def refresh(page_ids):
    """Count these posts' words if they are live and public, and take them back otherwise
    (unpublished, made private, expired or deleted)."""
    if not enabled():
        return
    page_ids = {int(pk) for pk in page_ids}
    if not page_ids:
        return
    current = {
        page_id: words_of(text)
        for page_id, text in _indexed_texts(BlogPage.objects.visible().filter(pk__in=page_ids))
    }
    with transaction.atomic():
        previous = {
            row.page_id: set(row.words.split())
            for row in PageWords.objects.select_for_update().filter(page_id__in=page_ids)
        }
        change = Counter()
        for page_id in page_ids:
            new, old = current.get(page_id, set()), previous.get(page_id, set())
            change.update(new - old)
            change.subtract(old - new)
        PageWords.objects.filter(page_id__in=page_ids - current.keys()).delete()
        PageWords.objects.bulk_create(
            [PageWords(page_id=pk, words=" ".join(sorted(w))) for pk, w in current.items()],
            update_conflicts=True,
            unique_fields=["page_id"],
            update_fields=["words"],
        )
        _count(change)


def _count(change):
    """Add `change` (word -> +/- posts) to the counts; drop the words no post uses any more.

    The upsert returns each changed row, so the rows to drop are found by primary key: a
    DELETE by `word = ANY(...)` can be planned on the trigram index, which then scans the
    whole vocabulary and its dead row versions on every publish (5 s at 2,000 posts).
    New words get their stem in the same statement, so nothing else scans for them.
    """
    # Sorted, so concurrent publishes lock shared words in the same order (no deadlock).
    words = sorted(word for word, n in change.items() if n)
    if not words:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {WORD_TABLE} AS w (word, lexeme, documents) "
            "SELECT c.word, COALESCE((tsvector_to_array(to_tsvector(%s::regconfig, c.word)))[1], "
            "c.word), c.n FROM unnest(%s::text[], %s::int[]) AS c(word, n) "
            "ON CONFLICT (word) DO UPDATE SET documents = w.documents + EXCLUDED.documents "
            "RETURNING w.id, w.documents",
            [_search_config(), words, [change[word] for word in words]],
        )
        unused = [pk for pk, documents in cursor.fetchall() if documents <= 0]
        if unused:
            cursor.execute(f"DELETE FROM {WORD_TABLE} WHERE id = ANY(%s)", [unused])


def _stem_new_words():
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {WORD_TABLE} SET lexeme = COALESCE("
            "(tsvector_to_array(to_tsvector(%s::regconfig, word)))[1], word) WHERE lexeme = ''",
            [_search_config()],
        )


def _search_config():
    return getattr(get_search_backend(), "config", None) or "simple"


def _indexed_texts(posts):
    """(page id, indexed title and body text) of `posts`, streamed from the search index."""
    object_ids = posts.annotate(object_id=Cast("pk", models.CharField())).values("object_id")
    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(BlogPage), object_id__in=object_ids
    ).values_list("object_id", "title_text", "body_text")
    for object_id, title, body in entries.iterator(chunk_size=500):
        yield int(object_id), f"{title} {body}"
