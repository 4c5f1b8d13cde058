"""A frontend cache (wagtail.contrib.frontend_cache) that records what it was asked to purge."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)
