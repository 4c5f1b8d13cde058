import pytest


@pytest.fixture
def as_moderator(client, moderator):
    """The test client, signed in as the moderator."""
    assert not moderator.is_superuser
    client.force_login(moderator)
    return client
