"""Settings for `make test`: PostgreSQL always, fast hashing, no outbound email."""

import os

import dj_database_url

from .base import *  # noqa: F403

DATABASES = {
    "default": prepared_statements(  # noqa: F405
        dj_database_url.parse(
            os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kinship_test")
        )
    )
}
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", "/tmp/kinship-test-media"))  # noqa: F405
STORAGES["wordpress_imports"]["OPTIONS"]["location"] = "/tmp/kinship-test-wordpress-imports"  # noqa: F405
# Local memory unless REDIS_URL is set (base.py then configures Redis): the gunicorn test in
# tests/test_comments_limits.py gives its server processes a Redis database to share.
if not os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run at once, inside the test; one test runs the real database worker.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

# Demo and benchmark content (load_demo_content, seed_bench). Production settings do not
# install the app, so those commands do not exist there.
INSTALLED_APPS += ["demo"]  # noqa: F405

# The page cache is off in tests unless a test switches it on (tests/pagecache/): a test's
# transaction never commits, so the purges, which run on commit, would never happen. A server
# a test starts beside it (tests/pagecache/test_workers.py) may ask for it.
KINSHIP_PAGE_CACHE = os.environ.get("KINSHIP_TEST_PAGE_CACHE") == "1"
# Each search is stored at once, so a test's counts never wait on a timer
# (tests/search/test_hits.py switches the holding on where it tests it).
KINSHIP_SEARCH_HITS_SECONDS = 0

# Staff sign-in (accounts/): two-factor sign-in is off whatever the environment says, and the
# tests that need it switch it on. Django's test client's login() authenticates without a
# request, which axes' own backend refuses; this one lets it through and is otherwise axes'.
WAGTAIL_2FA_REQUIRED = False
AUTHENTICATION_BACKENDS = [
    "accounts.backends.RequestOptionalAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
