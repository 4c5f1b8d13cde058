import pytest

from pagecache.copies import copies
from pagecache.memo import memo


@pytest.fixture
def page_cache(settings):
    """The page cache switched on (test settings leave it off; see cms/settings/test.py)."""
    settings.KINSHIP_PAGE_CACHE = True
    copies.clear()  # each test's copies are its own (they hold pages of other tests' data)
    memo.reset()  # and so are the tokens it remembers, from the cache that test set up
    yield settings
    copies.clear()
    memo.reset()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change and then its on-commit callbacks (the purges), as a real commit would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run
