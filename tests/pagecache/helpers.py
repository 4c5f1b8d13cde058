"""Reading pages as an anonymous reader would, through the page cache."""

from pagecache.middleware import HEADER


def warm(client, url):
    """Request `url` until it is stored; the cache says miss, miss (scope learnt), then hit."""
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, url
        if response[HEADER] == "hit":
            return response
    raise AssertionError(f"{url} was never served from the cache")


def served(client, url):
    response = client.get(url)
    return response, response.content.decode()
