from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.reset import PasswordResetView
from blog import views as blog_views
from blog.sitemaps import SITEMAPS
from home.readiness import readyz
from home.views import healthz
from pagecache.generations import LISTINGS
from pagecache.views import cached_as

# Public views outside the page tree that the page cache may keep (pages opt in by themselves).
listing = cached_as(LISTINGS)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # Wagtail's password reset form, rate limited (accounts/reset.py); before the admin's own.
    path(
        "admin/password_reset/",
        PasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("search.urls")),
    path("comments/", include("comments.urls")),
    path("authors/<slug:slug>/", listing(blog_views.author_detail), name="author_detail"),
    path("sitemap.xml", listing(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        cached_as("site")(
            TemplateView.as_view(template_name="robots.txt", content_type="text/plain")
        ),
        name="robots_txt",
    ),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

if settings.DEBUG or settings.SERVE_MEDIA:
    from django.views.static import serve

    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [path("", include(wagtail_urls))]
