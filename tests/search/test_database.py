"""What the search index needs from PostgreSQL to stay fast (`make bench` measures it)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def indexes(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


def test_the_whole_indexed_document_has_a_gin_index():
    # modelsearch matches `(title || body) @@ query`; only an index on that expression
    # lets PostgreSQL avoid reading every post's body vector.
    definition = indexes("wagtailsearch_indexentry")["search_indexentry_document_gin"]
    assert "USING gin" in definition
    assert "(title || body)" in definition


def test_vocabulary_words_have_a_trigram_index():
    definition = indexes("search_word")["search_word_word_trgm"]
    assert "gin_trgm_ops" in definition
