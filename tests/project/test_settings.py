"""Settings come from the environment.

Settings modules are evaluated once per process, so each case runs in a fresh interpreter with a
controlled environment (nothing inherited from the shell running the tests) and reports the
values it needs as JSON on stdout.
"""

import json
from pathlib import Path

import pytest

from tests.paths import PROJECT_ROOT
from tests.processes import run_isolated

pytestmark = pytest.mark.slow  # every test starts a Python subprocess

_REPORT = """
import json
import django
from django.conf import settings

db = settings.DATABASES["default"]
db_keys = ("ENGINE", "NAME", "HOST", "PORT", "USER", "PASSWORD", "OPTIONS")
print(json.dumps({
    "django": django.get_version(),
    "DATABASE": {key: db.get(key) for key in db_keys},
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "CACHES": settings.CACHES,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": settings.EMAIL_HOST,
    "EMAIL_PORT": settings.EMAIL_PORT,
    "EMAIL_HOST_USER": settings.EMAIL_HOST_USER,
    "EMAIL_HOST_PASSWORD": settings.EMAIL_HOST_PASSWORD,
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "STATICFILES_BACKEND": settings.STORAGES["staticfiles"]["BACKEND"],
    "DEMO": "demo" in settings.INSTALLED_APPS,
    "TRUSTED_PROXIES": settings.TRUSTED_PROXIES,
}, default=str))
"""

PRODUCTION_ENV = {
    "SECRET_KEY": "a-production-secret",
    "ALLOWED_HOSTS": "example.org",
    "REDIS_URL": "redis://cache:6379/0",
}


def run_settings(module, **env):
    """Load `module` in a fresh interpreter with only `env` set; return the CompletedProcess."""
    return run_isolated(["-c", _REPORT], module, **env)


def final_error(result):
    """The exception line that ends the traceback, e.g. 'django...ImproperlyConfigured: ...'."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def load_settings(module, **env):
    result = run_settings(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- databases -------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_database_url_selects_postgresql(scheme):
    values = load_settings("cms.settings.dev", DATABASE_URL=f"{scheme}://u:p@h:5433/dbname")
    assert values["DATABASE"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "dbname",
        "HOST": "h",
        "PORT": 5433,
        "USER": "u",
        "PASSWORD": "p",
        "OPTIONS": {"server_side_binding": True, "prepare_threshold": 5},
    }


@pytest.mark.parametrize("module", ["cms.settings.production", "cms.settings.test"])
def test_postgresql_prepares_statements_unless_told_not_to(module):
    url = "postgres://u:p@h:5432/dbname"
    env = {**PRODUCTION_ENV, "DATABASE_URL": url}
    options = load_settings(module, **env)["DATABASE"]["OPTIONS"]
    assert options == {"server_side_binding": True, "prepare_threshold": 5}
    unprepared = load_settings(module, **env, DATABASE_PREPARED_STATEMENTS="0")
    assert not unprepared["DATABASE"]["OPTIONS"]


def test_the_test_database_connection_prepares_repeated_statements(db):
    from django.db import connection

    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5


def test_dev_defaults_to_sqlite_in_the_project_directory():
    values = load_settings("cms.settings.dev")
    assert values["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(values["DATABASE"]["NAME"]) == PROJECT_ROOT / "db.sqlite3"
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"], "dev works without a SECRET_KEY in the environment"
    assert values["DEMO"] is True


def test_test_settings_default_to_local_postgresql():
    values = load_settings("cms.settings.test")
    database = values["DATABASE"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "kinship_test"
    assert database["HOST"] == "127.0.0.1"
    assert int(database["PORT"]) == 5432
    assert database["USER"] == "postgres"


def test_test_settings_follow_database_url():
    values = load_settings(
        "cms.settings.test", DATABASE_URL="postgresql://ci:pw@db.internal:6543/kinship_ci"
    )
    database = values["DATABASE"]
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        6543,
        "kinship_ci",
    )


# --- production ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "   ", "ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "a-production-secret"}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "a-production-secret", "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
    ],
    ids=["no-secret-key", "blank-secret-key", "no-allowed-hosts", "empty-allowed-hosts"],
)
def test_production_refuses_to_start_without_required_settings(env, missing):
    result = run_settings("cms.settings.production", **env)
    assert result.returncode != 0
    error = final_error(result)
    assert error.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert missing in error


def test_production_refuses_without_either():
    result = run_settings("cms.settings.production")
    assert result.returncode != 0
    error = final_error(result)
    assert error.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert "SECRET_KEY" in error


def test_production_loads_from_the_environment():
    values = load_settings(
        "cms.settings.production",
        SECRET_KEY="a-production-secret",
        ALLOWED_HOSTS="example.org, www.example.org,,",
        DATABASE_URL="postgres://kinship:pw@db:5432/kinship",
        MEDIA_ROOT="/srv/kinship/media",
        REDIS_URL="redis://cache:6379/0",
        DEBUG="1",  # only dev reads DEBUG; production ignores it
    )
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == "a-production-secret"
    assert values["ALLOWED_HOSTS"] == ["example.org", "www.example.org"]
    assert values["DATABASE"]["HOST"] == "db"
    assert values["MEDIA_ROOT"] == "/srv/kinship/media"
    assert values["STATICFILES_BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert values["DEMO"] is False


@pytest.mark.parametrize("command", ["load_demo_content", "seed_bench"])
def test_production_does_not_have_the_demo_commands(command):
    result = run_isolated(
        ["manage.py", command], "cms.settings.production", timeout=120, **PRODUCTION_ENV
    )
    assert result.returncode == 1
    assert f"Unknown command: '{command}'" in result.stderr


# --- cache and email -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "extra"), [("cms.settings.dev", {}), ("cms.settings.production", PRODUCTION_ENV)]
)
def test_redis_url_switches_the_cache_to_redis(module, extra):
    values = load_settings(module, **{**extra, "REDIS_URL": "redis://cache:6379/1"})
    assert values["CACHES"]["default"] == {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://cache:6379/1",
        # A dead Redis must not hold a request: about a second, then a miss (pages are still
        # served) and the comment limits fail closed.
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
    }


@pytest.mark.parametrize("single_process", [None, "0", "yes"])
def test_production_refuses_a_per_process_cache(single_process):
    env = {"SECRET_KEY": "a-production-secret", "ALLOWED_HOSTS": "example.org"}
    if single_process is not None:
        env["KINSHIP_SINGLE_PROCESS"] = single_process
    result = run_settings("cms.settings.production", **env)
    assert result.returncode != 0
    error = final_error(result)
    assert error.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert "REDIS_URL" in error and "KINSHIP_SINGLE_PROCESS=1" in error


def test_production_allows_local_memory_for_a_single_process():
    values = load_settings(
        "cms.settings.production",
        SECRET_KEY="a-production-secret",
        ALLOWED_HOSTS="example.org",
        KINSHIP_SINGLE_PROCESS="1",
    )
    assert values["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_test_settings_use_redis_only_when_redis_url_is_set():
    values = load_settings("cms.settings.test")
    assert values["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )
    values = load_settings("cms.settings.test", REDIS_URL="redis://127.0.0.1:6379/9")
    assert values["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/9"


# --- trusted proxies -------------------------------------------------------------------------


def test_trusted_proxies_default_to_none():
    assert load_settings("cms.settings.dev")["TRUSTED_PROXIES"] == []


def test_trusted_proxies_are_parsed_as_networks():
    values = load_settings(
        "cms.settings.dev", TRUSTED_PROXIES=" 10.0.0.0/8, 172.16.0.1,,2001:DB8::/32 "
    )
    assert values["TRUSTED_PROXIES"] == ["10.0.0.0/8", "172.16.0.1/32", "2001:db8::/32"]


@pytest.mark.parametrize("value", ["10.0.0.0/33", "proxy.internal", "10.0.0.1/8", "10.0.0.0/8;"])
def test_a_malformed_trusted_proxy_stops_the_start(value):
    result = run_settings("cms.settings.production", TRUSTED_PROXIES=value, **PRODUCTION_ENV)
    assert result.returncode != 0
    error = final_error(result)
    assert error.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert "TRUSTED_PROXIES" in error and repr(value) in error


def test_without_redis_url_the_cache_is_local_memory():
    values = load_settings("cms.settings.dev")
    assert values["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_email_url_configures_smtp():
    values = load_settings(
        "cms.settings.production",
        EMAIL_URL="smtp://user:pw@mail.example.org:587",
        **PRODUCTION_ENV,
    )
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_HOST"] == "mail.example.org"
    assert values["EMAIL_PORT"] == 587
    assert values["EMAIL_HOST_USER"] == "user"
    assert values["EMAIL_HOST_PASSWORD"] == "pw"


def test_email_url_credentials_are_url_decoded():
    values = load_settings(
        "cms.settings.dev", EMAIL_URL="smtp://news%40example.org:p%2Fw%3A1@mail.example.org:587"
    )
    assert values["EMAIL_HOST"] == "mail.example.org"
    assert values["EMAIL_PORT"] == 587
    assert values["EMAIL_HOST_USER"] == "news@example.org"
    assert values["EMAIL_HOST_PASSWORD"] == "p/w:1"
