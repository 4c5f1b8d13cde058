"""Local development: `make run`. Debug on, demo content allowed, SQLite unless DATABASE_URL."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]  # noqa: F405
# `make run` serves http://127.0.0.1:$PORT (PORT=8841 make run): links in email and the admin
# follow it, so a reader's confirmation link works, unless WAGTAILADMIN_BASE_URL says otherwise.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or (
    f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
)
if not os.environ.get("EMAIL_URL"):
    # Without a mail server, print outgoing email in the terminal running `make run`.
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )

# Demo and benchmark content (load_demo_content, seed_bench). Production settings do not
# install the app, so those commands do not exist there.
INSTALLED_APPS += ["demo"]  # noqa: F405
