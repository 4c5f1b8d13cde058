"""A search's total and topic counts, kept per query until the search documents change.

Counting every match of a broad word ("recovery" is in nearly every post) reads every
matching row: at 100,000 posts that is most of what the search costs, while the results
page itself needs only the best few hundred candidates (search/ranked.py). The counts are
kept under the current token of the documents (pagecache/generations.py): a refresh of any
document replaces it, at once and again on commit, so a publish, unpublish or rename is
counted on the next search. Posts that reach their expiry time change no document until the
scheduler unpublishes them, so a count is kept at most SECONDS; the results themselves check
expiry on every search.
"""

import hashlib
import json

from django.core.cache import cache
from django.db import transaction

from pagecache import generations

SCOPE = "search-documents"
SECONDS = 60


def key(sql, params):
    text = json.dumps([sql, params], sort_keys=True, default=str)
    return "kinship:search:counts:" + hashlib.sha256(text.encode()).hexdigest()


def get(name):
    """(total, {category id: count}) kept for the statement `name`, or None."""
    token_key = generations.key(SCOPE)
    found = cache.get_many([name, token_key])
    kept = found.get(name)
    if kept is None or token_key not in found or kept["token"] != found[token_key]:
        return None
    return kept["total"], kept["topics"]


def put(name, total, topics):
    token = generations.tokens([SCOPE], cache.get_many([generations.key(SCOPE)]))
    if token is not None:
        cache.set(name, {"token": token, "total": total, "topics": topics}, SECONDS)


def purge():
    # Now, for this transaction's own searches, and on commit: a search between the two
    # may have kept the counts from before the change.
    generations.bump([SCOPE])
    transaction.on_commit(lambda: generations.bump([SCOPE]))
