"""The popular search terms report, for Editors too.

Wagtail's own report (Reports › Search terms) is open to superusers only. This one is the
same view, open to anyone who may view search queries (the Editors group, see editorial/roles.py),
and replaces Wagtail's menu item (search/wagtail_hooks.py).
"""

from wagtail.contrib.search_promotions.models import Query
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView
from wagtail.permission_policies import ModelPermissionPolicy

from . import hits


class PopularSearchTermsView(SearchTermsReportView):
    index_url_name = "popular_search_terms"
    index_results_url_name = "popular_search_terms_results"
    permission_policy = ModelPermissionPolicy(Query)
    permission_required = "view"

    def get(self, request, *args, **kwargs):
        # Searches are counted in the cache and written in batches (search/hits.py); write
        # the waiting ones first, so the report shows every search up to now.
        hits.flush()
        return super().get(request, *args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        # Skip SearchTermsReportView's superuser-only check; PermissionCheckedMixin checks
        # the "view" permission above.
        return super(SearchTermsReportView, self).dispatch(request, *args, **kwargs)
