"""Settings shared by every environment. Environment-specific files import from here.

Configuration that differs between machines comes from the environment (see README.md).
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from cms.media_storage import is_object_storage, media_origin, media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]

# django-comments-xtd's apps come first so that their ready() runs before comments', which
# adjusts xtd's signals; editorial comes before wagtail so its publish_scheduled command wins.
INSTALLED_APPS = [
    "django.contrib.sites",
    "django_comments_xtd",
    "django_comments",
    "home",
    "blog",
    "editorial",
    "comments",
    "search",
    "pagecache",
    "accounts",
    "wordpress",
    "language",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Content-Security-Policy (cms/security.py): its checks catch settings from django-csp 3.
    "csp",
    # Sign-in protection and two-factor sign-in (accounts/).
    "axes",
    "wagtail_2fa",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Full-text search and trigram lookups on PostgreSQL; harmless on SQLite.
    "django.contrib.postgres",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # A request id for every response and log line (cms/logs.py), before anything that logs.
    "cms.logs.RequestIdMiddleware",
    # A database error becomes a clear 503 with the crisis help lines (cms/unavailable.py).
    "cms.unavailable.DatabaseUnavailableMiddleware",
    # Next: a stored page carries every header the others add (security headers, ETag),
    # and pagecache/wsgi.py can serve it before Django's handler; static files pass through.
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 for every other GET.
    "django.middleware.http.ConditionalGetMiddleware",
    # Just inside it, so a 304 never carries a policy with another render's nonce.
    "cms.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in for staff (accounts/middleware.py); after authentication.
    "accounts.middleware.VerifyUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

# The page type editorial review and reader comments apply to, and the page it lives under
# (cms/articles.py): those apps reach it through these names and never import blog.
KINSHIP_ARTICLE_MODEL = "blog.BlogPage"
KINSHIP_SECTION_MODEL = "blog.BlogIndexPage"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"


def prepared_statements(database):
    """PostgreSQL plans a statement once per connection instead of on every request: Django
    binds parameters on the server, and psycopg prepares a statement from its fifth run. The
    planning is most of a simple query's time (0.5 ms of a 0.7 ms page lookup).
    DATABASE_PREPARED_STATEMENTS=0 turns it off for a pooler in transaction mode (PgBouncer
    before 1.21), where a prepared statement may meet another server connection."""
    if database["ENGINE"] == "django.db.backends.postgresql" and (
        os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") == "1"
    ):
        database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    return database


# One URL configures the database. SQLite is the zero-setup default for `make run`;
# tests, docker-compose and production point DATABASE_URL at PostgreSQL
# (postgres:// and postgresql:// are both accepted by dj-database-url).
# Connections are kept for CONN_MAX_AGE seconds (0 closes each after its request), so a
# request does not pay for a new connection; the health check replaces one the server closed.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
prepared_statements(DATABASES["default"])
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` has three processes on one SQLite file (server, scheduler, task worker). WAL
    # lets readers go on while one writes; IMMEDIATE takes the write lock when a transaction
    # starts, so a transaction that read first never fails at its first write with "database
    # is locked" (SQLite cannot wait there); the timeout is how long a writer waits its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        transaction_mode="IMMEDIATE",
        timeout=20,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sign-in (accounts/). django-axes refuses a username from an address after
# KINSHIP_SIGNIN_FAILURE_LIMIT failures until the cool-off has passed or an editor unlocks it
# (Settings > Sign-in lockouts). The address is the one the comments use (TRUSTED_PROXIES), so a
# proxy's own address never locks everybody out. Its backend comes first so a locked pair is
# refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("KINSHIP_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("KINSHIP_SIGNIN_COOLOFF_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "comments.client.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The log names the username and address of each failure and lockout (axes masks them by
# default); passwords are always masked.
AXES_SENSITIVE_PARAMETERS = []
# Password reset requests are rate limited per address and per email (accounts/reset.py).
KINSHIP_PASSWORD_RESET_LIMIT = int(os.environ.get("KINSHIP_PASSWORD_RESET_LIMIT", "5"))
KINSHIP_PASSWORD_RESET_WINDOW = int(os.environ.get("KINSHIP_PASSWORD_RESET_WINDOW", "3600"))
# Two-factor sign-in (wagtail-2fa on django-otp) for everyone who can open the admin. Off unless
# KINSHIP_REQUIRE_2FA=1, so `make run` stays one click from the demo; production turns it on.
WAGTAIL_2FA_REQUIRED = os.environ.get("KINSHIP_REQUIRE_2FA", "0") == "1"
OTP_TOTP_ISSUER = "Kinship"
# Staff sessions end after KINSHIP_SESSION_IDLE_HOURS without a request (each request renews
# the session), and on browser close unless "Remember me" was ticked on the sign-in form
# (Wagtail's LoginView). Readers have no session, so no reader gets a cookie from this.
SESSION_COOKIE_AGE = int(float(os.environ.get("KINSHIP_SESSION_IDLE_HOURS", "8")) * 3600)
SESSION_SAVE_EVERY_REQUEST = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Uploads (images, renditions, documents) on local disk, or in an S3-compatible bucket when
# AWS_STORAGE_BUCKET_NAME or MEDIA_STORAGE_URL is set (cms/media_storage.py), so that every web
# container sees every upload.
_MEDIA_STORAGE = media_storage(os.environ)
# Small single-server installs (docker-compose) let Django serve uploads; larger ones put
# a web server or object storage in front and leave this off. Files in a bucket are not under
# MEDIA_ROOT, so it is off with one, whatever the variable says.
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "0") == "1" and not is_object_storage(_MEDIA_STORAGE)

STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Uploaded WordPress exports wait here for the task worker. Never under MEDIA_ROOT: an
    # export holds commenters' email addresses and must not be reachable by URL.
    "wordpress_imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get(
                "WORDPRESS_IMPORT_ROOT", str(BASE_DIR / "var" / "wordpress-imports")
            )
        },
    },
}


def redis_cache(url):
    """The cache on Redis (django-redis). A Redis that is down or unreachable costs a cache
    operation at most about a second and reads as a miss, so pages are still served; the comment
    and report rate limits then fail closed, refusing posts with a 503 (comments/ratelimit.py)."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if os.environ.get("REDIS_URL"):
    CACHES = {"default": redis_cache(os.environ["REDIS_URL"])}

# The page cache (pagecache/) for anonymous readers. On by default only with a shared cache:
# a per-process cache would not hear the purges of the scheduler or another worker process.
# KINSHIP_PAGE_CACHE=0 switches it off (make bench-pages measures both); =1 forces it on.
KINSHIP_PAGE_CACHE = (
    os.environ.get("KINSHIP_PAGE_CACHE", "1" if os.environ.get("REDIS_URL") else "0") == "1"
)
# How long a page may be kept (our cache and, as s-maxage, a CDN or proxy) without a purge.
# Below the 2 hours for which a comment form's timestamp is accepted.
KINSHIP_PAGE_CACHE_SECONDS = int(os.environ.get("KINSHIP_PAGE_CACHE_SECONDS", "600"))
# What each process may keep of its own copies of the pages it serves most (pagecache/copies.py).
KINSHIP_PAGE_CACHE_LOCAL_BYTES = int(
    os.environ.get("KINSHIP_PAGE_CACHE_LOCAL_BYTES", str(16 * 1024 * 1024))
)

# How long each process may hold the searches it counts before storing them in the cache
# together (search/hits.py); 0 stores each at once.
KINSHIP_SEARCH_HITS_SECONDS = float(os.environ.get("KINSHIP_SEARCH_HITS_SECONDS", "1"))

# A CDN or caching proxy in front (wagtail.contrib.frontend_cache) gets the same purges, in
# the background: FRONTEND_CACHE_URL for Varnish or nginx (an HTTP PURGE), or Cloudflare.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
    }


def _trusted_proxies(value):
    """TRUSTED_PROXIES: comma-separated networks (10.0.0.0/8, 2001:db8::/32; a bare address is
    a single host) whose X-Forwarded-For is believed (comments/client.py)."""
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(str(ipaddress.ip_network(item)))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {item!r} is not a network in CIDR notation ({error})."
            ) from None
    return networks


# The reverse proxies in front of the site. Empty (the default) means X-Forwarded-For is ignored
# and the peer's address is the reader's; list only proxies that overwrite or append to it.
TRUSTED_PROXIES = _trusted_proxies(os.environ.get("TRUSTED_PROXIES", ""))

if os.environ.get("EMAIL_URL"):
    # smtp://user:password@host:port, read without an extra dependency.
    from urllib.parse import unquote, urlsplit

    _email = urlsplit(os.environ["EMAIL_URL"])
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = _email.scheme in ("smtp+tls", "submission")
    EMAIL_USE_SSL = _email.scheme == "smtps"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kinship <noreply@localhost>")
# A mail server that does not answer must not hold a worker (or anything else) for minutes.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# A copy of the WordPress site's wp-content/uploads on this server, for imports started in the
# admin (the command takes --uploads); empty: their images become placeholders to fill in.
WORDPRESS_IMPORT_UPLOADS = os.environ.get("WORDPRESS_IMPORT_UPLOADS", "")
# The largest export the admin's upload form accepts (bytes; default 512 MiB). Django streams
# an upload this big to a temporary file, never into memory; a proxy in front needs a body
# limit at least this large. Bigger exports go through `manage.py import_wordpress`.
WORDPRESS_IMPORT_MAX_UPLOAD_BYTES = int(
    os.environ.get("WORDPRESS_IMPORT_MAX_UPLOAD_BYTES", str(512 * 1024 * 1024))
)

# Background tasks (django-tasks). "background" is queued in the database and run by
# `manage.py db_worker --backend background` (the `worker` service; `make run` starts one): the
# database backend needs no extra service, and a task commits with the data it is about.
# Wagtail's own tasks (reference and search index updates) stay on "default", which runs them
# at once, as before.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Kinship"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# PostgreSQL full-text search with English stemming ("relapses" finds "relapse"); on SQLite
# the same backend uses FTS5 and ignores SEARCH_CONFIG.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
# Documents are always sent by Wagtail's view, never by a link to the file: it applies the
# collection's privacy on each request, so a bucket's documents/ stays private (Wagtail would
# otherwise redirect to the bucket, and the address would work for anyone it was passed to).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Image uploads (cms/images.py): a file over either limit, or one that does not decode as an
# image, gets a form error. The pixel limit is read from the header before anything is decoded;
# decoding takes about 4 bytes a pixel, so the default keeps one upload under ~200 MB of memory.
# Pillow itself refuses images over about 179 megapixels, whatever the limit says.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.images.ImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("KINSHIP_IMAGE_MAX_BYTES", "10485760"))  # 10 MiB
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("KINSHIP_IMAGE_MAX_PIXELS", "50000000"))
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Authors are snippets with their own public pages; they never need a login.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Every line carries the request id and has email and IP addresses blanked (cms/logs.py);
# production writes JSON lines (LOG_FORMAT=json, its default), development plain text.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cms.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "cms.logs.JsonFormatter"},
        "text": {"()": "cms.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": os.environ.get("LOG_FORMAT", "text"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# An email task still RUNNING after this long lost its worker (killed mid-send): every
# db_worker puts it back in the queue, and comments/delivery.py keeps it from sending twice.
KINSHIP_EMAIL_STALL_SECONDS = int(os.environ.get("KINSHIP_EMAIL_STALL_SECONDS", "300"))

# /readyz (home/readiness.py) reports "degraded" when the oldest task due has waited longer
# than this, or the scheduler (a round a minute) has not finished a round for this long.
READYZ_TASK_LAG_SECONDS = int(os.environ.get("READYZ_TASK_LAG_SECONDS", "300"))
READYZ_SCHEDULER_LAG_SECONDS = int(os.environ.get("READYZ_SCHEDULER_LAG_SECONDS", "180"))

# Editorial workflow (editorial/publish_rule.py). An edit during review restarts the review, so an
# approval always refers to the content that will go live.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
# Reviewers and editors get workflow email; superusers are not copied on every message.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = False
# No Gravatar: the admin must not send a hash of anyone's email address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Security headers in every environment (cms/security.py; production adds HSTS and the HTTPS
# redirect). Readers' pages run only our own static scripts and styles, and inline ones that
# carry the response's nonce (the article's JSON-LD). Embeds are iframes from the providers the
# embed block offers (blog/blocks.py); CSP_FRAME_SRC adds others (space-separated origins).
_EMBED_FRAMES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    *os.environ.get("CSP_FRAME_SRC", "").split(),
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "frame-src": [SELF, *_EMBED_FRAMES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # Nothing frames a reader's page (X-Frame-Options says the same to older browsers).
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin (and the previews it frames) writes inline scripts and styles that no nonce
# reaches, so it gets 'unsafe-inline' for those and nothing wider; a nonce must stay out of it,
# since a browser ignores 'unsafe-inline' beside one. Found by loading the editor in Chromium
# (tests/browser/test_csp.py): data: images are Wagtail's icons and image previews, blob: the
# thumbnails of images being uploaded.
KINSHIP_ADMIN_CSP_PATHS = ("/admin/",)
KINSHIP_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF, *_EMBED_FRAMES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # The editor frames its own previews (Wagtail sends them X-Frame-Options: SAMEORIGIN).
        "frame-ancestors": [SELF],
    }
}
# Images and renditions in a bucket are linked from the bucket's (or its custom domain's)
# address: readers' pages and the admin may load images from there too.
_MEDIA_ORIGIN = media_origin(_MEDIA_STORAGE)
if _MEDIA_ORIGIN:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_MEDIA_ORIGIN)
    KINSHIP_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_MEDIA_ORIGIN)
# The browser features no page here uses, denied to every page and every frame in it;
# browsing-topics is interest-cohort's successor.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "interest-cohort": [],
    "browsing-topics": [],
}
# DENY everywhere: Wagtail's preview views (the editor's preview panel and block previews)
# answer with SAMEORIGIN themselves (wagtail.utils.decorators.xframe_options_sameorigin_override),
# and nothing else is ever framed, even by us.
X_FRAME_OPTIONS = "DENY"

# Reader comments (comments/): django-comments-xtd stores and threads them; Kinship's own
# views post, moderate and notify. xtd's URLs (and its REST API) are not mounted.
SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
KINSHIP_COMMENTS_MAX_DEPTH = 3  # a comment and two levels of replies
COMMENTS_XTD_MAX_THREAD_LEVEL = KINSHIP_COMMENTS_MAX_DEPTH - 1
COMMENTS_XTD_CONFIRM_EMAIL = False  # confirmation is Kinship's, with JSON signing
COMMENTS_XTD_SALT = b"kinship-comments-v1"
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {
        "allow_flagging": False,
        "allow_feedback": False,
        "show_feedback": False,
        "who_can_post": "all",
    }
}
COMMENTS_HIDE_REMOVED = True
COMMENT_MAX_LENGTH = 3000
KINSHIP_COMMENT_CONFIRMATION_DAYS = 7
KINSHIP_COMMENT_IP_RETENTION_DAYS = 30
