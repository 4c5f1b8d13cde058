from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import PopularSearchTermsView


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/popular-search-terms/",
            PopularSearchTermsView.as_view(),
            name="popular_search_terms",
        ),
        path(
            "reports/popular-search-terms/results/",
            PopularSearchTermsView.as_view(results_only=True),
            name="popular_search_terms_results",
        ),
    ]


class PopularSearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailsearchpromotions.view_query")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return PopularSearchTermsMenuItem(
        "Search terms",
        reverse("popular_search_terms"),
        name="popular-search-terms",
        icon_name="search",
        order=1300,
    )


@hooks.register("construct_reports_menu")
def hide_superuser_only_report(request, menu_items):
    # Wagtail's "Search terms" item opens its superuser-only view; ours replaces it.
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
