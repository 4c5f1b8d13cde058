import pytest

from tests.factories import make_post, make_site, user_in_group


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


@pytest.fixture
def post(blog_index):
    """A live, clinically approved article."""
    return make_post(blog_index, title="Peer support")


@pytest.fixture
def moderator(db):
    """A member of the Moderators group (not a superuser), with a name and an address."""
    return user_in_group(
        "mod", "Moderators", first_name="Robin", last_name="Lee", email="moderator@example.org"
    )


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


@pytest.fixture
def emails_at_commit(monkeypatch):
    """Emails are queued when the transaction commits, and a test's transaction never
    commits: queue (and, with the immediate backend, send) them at once instead.
    tests/comments/test_delivery.py checks the real on_commit timing without this fixture."""
    from types import SimpleNamespace

    from comments import tasks

    monkeypatch.setattr(
        tasks, "transaction", SimpleNamespace(on_commit=lambda func, robust=False: func())
    )
