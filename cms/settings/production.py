"""Production: every secret comes from the environment, and missing ones stop the start."""

import logging
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False

for _name in ("SECRET_KEY", "ALLOWED_HOSTS"):
    if not os.environ.get(_name, "").strip():
        raise ImproperlyConfigured(f"{_name} must be set in the environment for production.")

# Rate limits count in the cache. A per-process cache (local memory, Django's default without
# REDIS_URL) gives every gunicorn worker its own counts, so N workers let N times the limit
# through. The image's build step (`manage.py collectstatic`) serves nothing, has no Redis
# and says so with KINSHIP_SINGLE_PROCESS=1 (Dockerfile).
_cache_backend = globals().get("CACHES", {}).get("default", {}).get("BACKEND", "")
_per_process = _cache_backend in ("", "django.core.cache.backends.locmem.LocMemCache")
if _per_process and os.environ.get("KINSHIP_SINGLE_PROCESS") != "1":
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production: without it each process keeps its own cache and "
        "rate limits (set KINSHIP_SINGLE_PROCESS=1 if only one process serves the site)."
    )

CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True

# HTTPS only. The redirect is the site's own unless TLS ends at a proxy that redirects already
# (SECURE_SSL_REDIRECT=0); /healthz and /readyz answer plain HTTP for probes from inside.
# HSTS (a year by default) covers subdomains unless SECURE_HSTS_INCLUDE_SUBDOMAINS=0; preload
# lists the domain in browsers for good, so it waits for SECURE_HSTS_PRELOAD=1.
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "0") == "1"
SILENCED_SYSTEM_CHECKS = [
    # security.W021 asks for HSTS preload: a submission to the browsers' preload lists, which
    # takes months to undo and binds every subdomain; the operator opts in with the variable.
    "security.W021",
]

# Two-factor sign-in is required of every staff user in production (KINSHIP_REQUIRE_2FA=0 to
# turn it off, e.g. for a first superuser on a private network until they have enrolled).
WAGTAIL_2FA_REQUIRED = os.environ.get("KINSHIP_REQUIRE_2FA", "1") == "1"

# One JSON object per log line (cms/logs.py), for a log shipper; LOG_FORMAT=text to read by eye.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")  # noqa: F405
# Python's warnings go through the same handler (logger py.warnings), or they would be
# plain-text lines among the JSON ones.
logging.captureWarnings(True)

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
