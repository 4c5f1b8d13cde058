"""Production: every secret comes from the environment, and missing ones stop the start."""

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
X_FRAME_OPTIONS = "SAMEORIGIN"

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
