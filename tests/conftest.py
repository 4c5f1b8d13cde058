import pytest

from tests.factories import make_site


@pytest.fixture
def site_tree(db):
    """(home, blog_index): the page tree every Kinship site has."""
    return make_site()


@pytest.fixture
def home(site_tree):
    return site_tree[0]


@pytest.fixture
def blog_index(site_tree):
    return site_tree[1]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits count in the local-memory cache, which outlives a single test.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
