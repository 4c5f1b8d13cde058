"""Security headers: Content-Security-Policy everywhere, HSTS and the HTTPS redirect in
production, Permissions-Policy, X-Frame-Options, and a `check --deploy` with nothing left
unexplained.

Production settings are evaluated once, in a fresh interpreter (as tests/project/test_settings.py
does); the requests run here under test settings given production's HTTPS settings, which they
report, so what is checked is what production sets.
"""

import json
import re
import secrets

import pytest
from django.conf import settings as django_settings

from pagecache.copies import copies
from pagecache.memo import memo
from pagecache.middleware import HEADER as CACHE_HEADER
from tests.factories import user_in_group
from tests.pagecache.helpers import warm
from tests.paths import PROJECT_ROOT
from tests.processes import run_isolated

PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
HTTPS_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
)
_REPORT = """
import json
import sys
import django
from django.conf import settings
django.setup()
from csp.utils import build_policy, default_config

names = json.loads(sys.argv[1])
print(json.dumps({
    **{name: getattr(settings, name) for name in names},
    "X_FRAME_OPTIONS": settings.X_FRAME_OPTIONS,
    "MIDDLEWARE": settings.MIDDLEWARE,
    "PERMISSIONS_POLICY": settings.PERMISSIONS_POLICY,
    "CSP": sorted(build_policy(nonce="N").split("; ")),
    "ADMIN_CSP": sorted(build_policy(
        config=default_config(settings.KINSHIP_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]),
        nonce="N",
    ).split("; ")),
}))
"""

NONCE_RE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")
JSON_LD_RE = re.compile(r'<script type="application/ld\+json" nonce="([^"]+)">')


def report(module, **env):
    result = run_isolated(["-c", _REPORT, json.dumps(HTTPS_SETTINGS)], module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def production():
    return report("cms.settings.production", **PRODUCTION_ENV)


@pytest.fixture
def production_like(settings, production):
    """Test settings with production's HTTPS settings (the rest is checked to be the same)."""
    for name in HTTPS_SETTINGS:
        value = production[name]
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    return settings


@pytest.fixture
def page_cache(settings):
    """The page cache on, with nothing kept from other tests (as in tests/pagecache/)."""
    settings.KINSHIP_PAGE_CACHE = True
    copies.clear()
    memo.reset()
    yield settings
    copies.clear()
    memo.reset()


def directives(response):
    policy = response["Content-Security-Policy"]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))


def header_nonce(response):
    return NONCE_RE.search(directives(response)["script-src"]).group(1)


# --- production settings ---------------------------------------------------------------------


@pytest.mark.slow
def test_production_turns_on_https_and_hsts(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_REDIRECT_EXEMPT"] == [r"^healthz$", r"^readyz$"]
    assert production["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is False
    assert production["X_FRAME_OPTIONS"] == "DENY"


@pytest.mark.slow
def test_https_settings_come_from_the_environment():
    values = report(
        "cms.settings.production",
        **PRODUCTION_ENV,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_HSTS_PRELOAD="1",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SECURE_HSTS_PRELOAD"] is True


@pytest.mark.slow
@pytest.mark.parametrize("module", ["cms.settings.dev", "cms.settings.test"])
def test_every_settings_module_has_productions_policies(production, module):
    values = report(module)
    for name in ("CSP", "ADMIN_CSP", "PERMISSIONS_POLICY", "MIDDLEWARE", "X_FRAME_OPTIONS"):
        assert values[name] == production[name], name
    assert values["SECURE_SSL_REDIRECT"] is False  # HTTPS is production's alone
    assert values["SECURE_HSTS_SECONDS"] == 0


@pytest.mark.slow
def test_check_deploy_leaves_no_warning_unexplained():
    result = run_isolated(
        ["manage.py", "check", "--deploy"], "cms.settings.production", **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr, result.stderr
    # Each silenced check has its reason written beside it, in a comment that names it.
    source = (PROJECT_ROOT / "cms" / "settings" / "production.py").read_text()
    silenced = re.search(r"SILENCED_SYSTEM_CHECKS = \[(.*?)\n\]", source, re.S).group(1)
    ids = re.findall(r'^\s*"([\w.]+)",', silenced, re.M)
    assert ids
    for check_id in ids:
        assert re.search(rf"^\s*# {re.escape(check_id)} \w.*", silenced, re.M), check_id


# --- readers' pages --------------------------------------------------------------------------


@pytest.mark.django_db
def test_article_over_https_has_csp_with_the_json_ld_nonce(client, production_like, post):
    response = client.get(post.url, secure=True)

    assert response.status_code == 200
    policy = directives(response)
    nonce = header_nonce(response)
    assert policy["script-src"] == f"'self' 'nonce-{nonce}'"
    assert policy["style-src"] == f"'self' 'nonce-{nonce}'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    html = response.content.decode()
    assert JSON_LD_RE.findall(html) == [nonce]
    # Every other script is one of our static files; no inline style or handler anywhere.
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="/static/' in tag or f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"<[^>]+\s(style|on[a-z]+)=", html)


@pytest.mark.django_db
def test_https_responses_carry_hsts_and_permissions_policy(client, production_like, post):
    for response in (
        client.get(post.url, secure=True),
        # TLS ended at the proxy, which says so (SECURE_PROXY_SSL_HEADER).
        client.get(post.url, headers={"x-forwarded-proto": "https"}),
    ):
        assert response.status_code == 200
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        features = dict(
            part.strip().split("=") for part in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "microphone", "geolocation", "interest-cohort"):
            assert features[feature] == "()", feature
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_but_probes_are_not(client, production_like, post):
    response = client.get(post.url)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{post.url}"
    assert "Strict-Transport-Security" not in response  # only ever sent over HTTPS

    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code in (200, 503)  # answered, not redirected


@pytest.mark.django_db
def test_each_render_draws_a_new_nonce_and_keeps_its_etag(client, post):
    first, second = client.get(post.url), client.get(post.url)

    assert header_nonce(first) != header_nonce(second)
    assert JSON_LD_RE.findall(second.content.decode()) == [header_nonce(second)]
    # The nonce is no part of the ETag, so a reader's copy still revalidates; the 304 carries
    # no policy, so the reader keeps the one that matches the nonce in their copy.
    assert first["ETag"] == second["ETag"]
    again = client.get(post.url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert "Content-Security-Policy" not in again


@pytest.mark.django_db
def test_a_cached_copy_replays_the_policy_it_was_rendered_with(client, page_cache, post):
    hit = warm(client, post.url)
    again = client.get(post.url)

    assert again[CACHE_HEADER] == "hit"
    assert again["Content-Security-Policy"] == hit["Content-Security-Policy"]
    assert JSON_LD_RE.findall(again.content.decode()) == [header_nonce(hit)]


@pytest.mark.django_db
def test_pages_without_inline_scripts_still_carry_the_policy(client, home, post):
    for url in ("/", "/blog/", "/search/?q=peer", f"/blog/{post.slug}/nonexistent/"):
        response = client.get(url)
        policy = directives(response)
        assert policy["script-src"] == "'self'", url  # no nonce where nothing needs one
        assert policy["default-src"] == "'self'", url


# --- the admin -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_gets_its_own_policy_without_a_nonce(client, post):
    editor = user_in_group("ed", "Editors")
    client.force_login(editor)

    for url in ("/admin/", f"/admin/pages/{post.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        # A nonce would make the browser ignore 'unsafe-inline' (cms/security.py).
        assert policy["script-src"] == "'self' 'unsafe-inline'", url
        assert policy["style-src"] == "'self' 'unsafe-inline'", url
        assert policy["object-src"] == "'none'", url
        assert policy["frame-ancestors"] == "'self'", url
        assert "nonce-" not in response["Content-Security-Policy"], url
        assert response["X-Frame-Options"] == "DENY", url


@pytest.mark.django_db
def test_wagtails_preview_may_be_framed_by_the_admin(client, post):
    client.force_login(user_in_group("ed", "Editors"))

    response = client.get(f"/admin/pages/{post.pk}/edit/preview/")

    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == "'self'"


@pytest.mark.django_db
def test_a_preview_keeps_the_readers_policy_but_may_be_framed(post):
    # Wagtail renders a preview through the middleware, for a made-up request to the page's
    # own URL: the policy is the readers' (with that render's nonce), framing by the admin aside.
    response = post.make_preview_request()

    policy = directives(response)
    nonce = header_nonce(response)
    assert policy["script-src"] == f"'self' 'nonce-{nonce}'"
    assert JSON_LD_RE.findall(response.content.decode()) == [nonce]
    assert policy["frame-ancestors"] == "'self'"


def test_the_admin_paths_are_the_admins_mount_point():
    from django.urls import reverse

    assert reverse("wagtailadmin_home").startswith(django_settings.KINSHIP_ADMIN_CSP_PATHS)
