import pytest


@pytest.fixture
def page_cache(settings):
    """The page cache switched on (test settings leave it off; see cms/settings/test.py)."""
    settings.KINSHIP_PAGE_CACHE = True
    return settings


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change and then its on-commit callbacks (the purges), as a real commit would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run
