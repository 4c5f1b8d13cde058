"""Site settings that every page reads, kept by each process until one of them changes.

The crisis help lines are in every footer and the comment policy in every article: reading
them costs two queries per page. A reader's request gets them from pagecache/kept.py, as a
copy of its own (Wagtail sets the request on the instance it returns). Everything else,
the settings editor included, reads the database as Wagtail does (`for_site`).
"""

import copy

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site

from .kept import Kept

kept = Kept("site-settings")


class KeptSiteSetting(BaseSiteSetting):
    class Meta:
        abstract = True

    @classmethod
    def for_request(cls, request):
        name = cls.get_cache_attr_name()
        if hasattr(request, name):
            return getattr(request, name)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)  # Wagtail's answer to a request with no site
        instance = kept.get((cls._meta.label, site.pk), lambda: cls.for_site(site))
        instance = copy.copy(instance)
        instance._request = request
        setattr(request, name, instance)
        return instance
