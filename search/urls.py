from django.urls import path

from pagecache.generations import LISTINGS
from pagecache.views import cached_as

from . import views

urlpatterns = [
    # Results list posts: cached with the listings, purged with them.
    path("", cached_as(LISTINGS)(views.search), name="search"),
    path("autocomplete/", views.autocomplete, name="search_autocomplete"),
]
