"""docker-compose.yml, Dockerfile and .dockerignore, checked without a Docker engine.

Nothing here talks to Docker: the compose file is parsed with PyYAML and validated against the
Compose specification by check-jsonschema (its vendored schema, no network), and the Dockerfile
is read as text. Paths under /app inside the image map to the project root (WORKDIR /app, COPY . .).
"""

import ipaddress
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest
import yaml

from tests.paths import PROJECT_ROOT
from tests.processes import run_isolated

COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yml"
DOCKERFILE = PROJECT_ROOT / "Dockerfile"
DOCKERIGNORE = PROJECT_ROOT / ".dockerignore"
APP_DIR = "/app"


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile_instructions():
    return _dockerfile_instructions(DOCKERFILE.read_text())


# --- helpers ---------------------------------------------------------------------------------

_VAR = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def interpolate(value, env=None):
    """Resolve ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err} and $$ as compose does."""
    env = env or {}

    def replace(match):
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name", "op", "arg")
        current = env.get(name)
        # ":-" and ":?" treat an empty value as unset; "-" and "?" only an absent one.
        missing = not current if op in (":-", ":?") else current is None
        if not missing:
            return current
        if op and op.endswith("?"):
            return f"<required:{name}>"
        return arg or ""

    return _VAR.sub(replace, value)


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {key: (None if value is None else str(value)) for key, value in env.items()}


def volume_mounts(service):
    """(source, target) pairs for short ("src:dst[:mode]") and long volume syntax."""
    mounts = []
    for entry in service.get("volumes") or []:
        if isinstance(entry, str):
            parts = entry.split(":")
            mounts.append((parts[0], parts[1]) if len(parts) > 1 else (None, parts[0]))
        else:
            mounts.append((entry.get("source"), entry["target"]))
    return mounts


def as_text(command):
    if command is None:
        return ""
    return command if isinstance(command, str) else " ".join(str(part) for part in command)


def local_path(path):
    """A path as written in the compose file or Dockerfile, mapped to the project checkout."""
    if path.startswith(APP_DIR + "/"):
        return PROJECT_ROOT / path[len(APP_DIR) + 1 :]
    return PROJECT_ROOT / path


_SCRIPT = re.compile(r"(?:/app/)?(?:\./)?docker/[\w.-]+")


def scripts_in(text):
    return [local_path(match.removeprefix("./")) for match in _SCRIPT.findall(text)]


def expand_scripts(text):
    """The text followed by the code (comments dropped) of any docker/ scripts it runs."""
    parts = [text]
    for script in scripts_in(text):
        lines = script.read_text().splitlines()
        parts.extend(line for line in lines if not line.lstrip().startswith("#"))
    return "\n".join(parts)


def _dockerfile_instructions(text):
    """[(INSTRUCTION, arguments)] with line continuations joined and comments dropped."""
    instructions, current = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if current and line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        keyword, _, args = current.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        current = ""
    return instructions


def strings_in(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings_in(key)
            yield from strings_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings_in(value)


def ordered(text, first, then):
    return first in text and then in text and text.index(first) < text.index(then)


# --- compose: structure ----------------------------------------------------------------------


def test_compose_spec_form(compose):
    assert "version" not in compose, "the Compose spec has no top-level version key"
    assert {"db", "web"} <= set(compose["services"])


def test_compose_file_is_valid_against_the_compose_specification():
    executable = Path(sys.executable).parent / "check-jsonschema"
    assert executable.exists(), f"check-jsonschema not installed at {executable}"
    result = subprocess.run(
        [str(executable), "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_db_service(compose, services):
    db = services["db"]
    assert str(db["image"]).startswith("postgres:16")
    env = environment(db)
    assert env["POSTGRES_DB"] == "kinship"
    assert env["POSTGRES_USER"] == "kinship"
    assert interpolate(env["POSTGRES_PASSWORD"]), "POSTGRES_PASSWORD needs a default"

    mounts = {target: source for source, target in volume_mounts(db)}
    source = mounts.get("/var/lib/postgresql/data")
    assert source == "pgdata"
    assert source in (compose.get("volumes") or {}), "pgdata must be a declared named volume"

    healthcheck = db["healthcheck"]
    test = as_text(healthcheck["test"])
    assert "pg_isready" in test
    assert "-U kinship" in test and "-d kinship" in test
    assert {"interval", "timeout", "retries"} <= set(healthcheck)


def test_web_builds_from_the_project_and_waits_for_a_healthy_db(services):
    web = services["web"]
    build = web["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    assert context in (".", "./")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    assert dockerfile == "Dockerfile"

    depends_on = web["depends_on"]
    assert isinstance(depends_on, dict), "depends_on needs the long form to carry a condition"
    assert depends_on["db"]["condition"] == "service_healthy"
    # web scales (--scale web=3), so it publishes no host port: the proxy does.
    assert "ports" not in web
    assert [str(port) for port in web["expose"]] == ["8000"]


def test_web_environment(compose, services):
    web = services["web"]
    env = environment(web)
    assert env["DJANGO_SETTINGS_MODULE"] == "cms.settings.production"

    # Production settings refuse to start without these, so compose must provide them.
    assert env["SECRET_KEY"].startswith("${SECRET_KEY"), "SECRET_KEY must come from the host"
    assert "<required:SECRET_KEY>" in interpolate(env["SECRET_KEY"]), (
        "SECRET_KEY must have no default: ${SECRET_KEY:?...}"
    )
    assert interpolate(env["SECRET_KEY"], {"SECRET_KEY": "s3cret"}) == "s3cret"
    assert interpolate(env["ALLOWED_HOSTS"]).split(",") == ["localhost", "127.0.0.1"]

    assert env["SERVE_MEDIA"] == "1"
    assert env["MEDIA_ROOT"] == "/app/media"
    mounts = {target: source for source, target in volume_mounts(web)}
    assert mounts.get("/app/media") == "media"
    assert "media" in (compose.get("volumes") or {})


def test_web_and_worker_share_the_uploaded_wordpress_exports(compose, services):
    # The admin stores an upload (web) and the task worker reads it: one volume for both,
    # outside MEDIA_ROOT so it is never served.
    for name in ("web", "worker"):
        service = services[name]
        root = environment(service)["WORDPRESS_IMPORT_ROOT"]
        assert not root.startswith(environment(service)["MEDIA_ROOT"])
        mounts = {target: source for source, target in volume_mounts(service)}
        assert mounts.get(root) == "wordpress-imports"
    assert "wordpress-imports" in (compose.get("volumes") or {})
    assert "/app/var" in (PROJECT_ROOT / "Dockerfile").read_text()


def test_web_database_url_points_at_the_db_service(services):
    db_env = environment(services["db"])
    url = interpolate(environment(services["web"])["DATABASE_URL"])
    parsed = dj_database_url.parse(url)
    assert parsed["ENGINE"] == "django.db.backends.postgresql"
    assert parsed["HOST"] == "db"
    assert int(parsed["PORT"]) == 5432
    assert parsed["NAME"] == db_env["POSTGRES_DB"]
    assert parsed["USER"] == db_env["POSTGRES_USER"]
    assert parsed["PASSWORD"] == interpolate(db_env["POSTGRES_PASSWORD"])
    # The same variable must drive both sides, so changing it cannot break the login.
    changed = {"POSTGRES_PASSWORD": "changed"}
    web_url = interpolate(environment(services["web"])["DATABASE_URL"], changed)
    assert dj_database_url.parse(web_url)["PASSWORD"] == interpolate(
        db_env["POSTGRES_PASSWORD"], changed
    )


def test_web_runs_migrate_before_gunicorn(services):
    web = services["web"]
    text = expand_scripts(as_text(web.get("entrypoint")) + "\n" + as_text(web.get("command")))
    assert ordered(text, "manage.py migrate", "gunicorn cms.wsgi"), text
    assert "--noinput" in text
    assert "cms.wsgi" in text
    assert "0.0.0.0:" in text and "8000" in text
    assert re.search(r"(--workers|-w)\b", text), "set the gunicorn worker count explicitly"


def test_web_healthcheck(services):
    healthcheck = services["web"]["healthcheck"]
    text = expand_scripts(as_text(healthcheck["test"]))
    assert "127.0.0.1:8000" in text
    assert as_text(healthcheck["test"]).endswith("healthcheck.py /readyz")
    assert {"interval", "timeout", "retries"} <= set(healthcheck)


def test_services_are_proxy_web_worker_scheduler_redis_db_and_backup(services):
    assert set(services) == {"proxy", "db", "redis", "web", "scheduler", "worker", "backup"}


def test_proxy_is_in_front_of_web_and_receives_the_purges(compose, services):
    proxy = services["proxy"]
    assert proxy["build"] == "docker/proxy"
    assert (PROJECT_ROOT / "docker" / "proxy" / "Dockerfile").is_file()
    assert [str(port) for port in proxy["ports"]] == ["8000:80"]
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    assert {"interval", "timeout", "retries"} <= set(proxy["healthcheck"])
    network = (PROJECT_ROOT / "docker" / "proxy" / "network.conf").read_text()
    assert re.search(r"^\s*listen 80;", network, re.M)
    assert "web:8000" in network
    env = environment(services["web"])
    assert interpolate(env["FRONTEND_CACHE_URL"]) == "http://proxy"
    # web believes X-Forwarded-For from the compose subnet only, where the proxy is.
    subnet = compose["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert interpolate(env["TRUSTED_PROXIES"]) == subnet
    assert ipaddress.ip_network(subnet).is_private


def test_backup_runs_the_backup_script_against_db(compose, services):
    backup = services["backup"]
    assert str(backup["image"]).startswith("postgres:16")  # pg_dump of the server's version
    assert as_text(backup["entrypoint"]) == "bash /opt/kinship-backup/backup.sh"
    mounts = {target: source for source, target in volume_mounts(backup)}
    assert mounts["/opt/kinship-backup"] == "./docker/backup"
    assert (PROJECT_ROOT / "docker" / "backup" / "backup.sh").is_file()
    assert mounts["/backups"] == "backups" and "backups" in compose["volumes"]
    assert mounts["/media"] == "media"
    env = environment(backup)
    assert env["PGHOST"] == "db"
    assert env["PGDATABASE"] == environment(services["db"])["POSTGRES_DB"]
    assert interpolate(env["PGPASSWORD"]) == interpolate(
        environment(services["db"])["POSTGRES_PASSWORD"]
    )
    assert backup["depends_on"]["db"]["condition"] == "service_healthy"
    assert "backup.sh health" in as_text(backup["healthcheck"]["test"])


def test_redis_service(services):
    redis = services["redis"]
    assert str(redis["image"]).startswith("redis:7")
    assert redis.get("restart") == "unless-stopped"
    assert "ports" not in redis, "only the other services reach Redis, on the compose network"
    healthcheck = redis["healthcheck"]
    assert as_text(healthcheck["test"]).split()[-2:] == ["redis-cli", "ping"]
    assert {"interval", "timeout", "retries"} <= set(healthcheck)
    # A cache: no snapshots, no append-only file, and so no volume to keep.
    command = as_text(redis.get("command"))
    assert "--appendonly no" in command and "--save" in command
    assert not redis.get("volumes")


@pytest.mark.parametrize("name", ["web", "scheduler", "worker"])
def test_app_services_share_the_redis_cache(services, name):
    service = services[name]
    url = urlsplit(interpolate(environment(service)["REDIS_URL"]))
    assert (url.scheme, url.hostname, url.port, url.path) == ("redis", "redis", 6379, "/0")
    assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    # The proxy's subnet by default; an operator's own value replaces it.
    assert interpolate(environment(service)["TRUSTED_PROXIES"]) == "172.28.0.0/16"
    changed = {"TRUSTED_PROXIES": "10.0.0.0/8"}
    assert interpolate(environment(service)["TRUSTED_PROXIES"], changed) == "10.0.0.0/8"


def test_worker_runs_the_database_task_worker(services):
    web, worker = services["web"], services["worker"]
    assert worker["build"] == web["build"]
    assert environment(worker) == environment(web)
    assert set(volume_mounts(worker)) == set(volume_mounts(web))
    assert as_text(worker["command"]) == "python manage.py db_worker --backend background"
    assert worker.get("restart") == "unless-stopped"
    assert worker.get("stop_grace_period") == "30s"
    assert "ports" not in worker, "the worker serves nothing"
    depends_on = worker["depends_on"]
    assert {name: dep["condition"] for name, dep in depends_on.items()} == {
        "db": "service_healthy",
        "redis": "service_healthy",
        "web": "service_healthy",  # web applies the migrations first
    }


def test_scheduler_runs_the_same_image_with_the_same_environment(services):
    web, scheduler = services["web"], services["scheduler"]
    assert scheduler["build"] == web["build"]
    assert environment(scheduler) == environment(web)
    assert set(volume_mounts(scheduler)) == set(volume_mounts(web))
    assert scheduler.get("restart") == "unless-stopped"
    assert "ports" not in scheduler, "the scheduler serves nothing"
    # One shared definition (a YAML anchor), not a copy that can drift from web's.
    assert COMPOSE_FILE.read_text().count("DATABASE_URL:") == 1


def test_scheduler_runs_run_scheduler_after_db_and_web(services):
    scheduler = services["scheduler"]
    text = expand_scripts(
        as_text(scheduler.get("entrypoint")) + "\n" + as_text(scheduler.get("command"))
    )
    assert re.search(r"\bmanage\.py run_scheduler\b", text), text
    assert "--once" not in text, "the scheduler must keep running"
    assert (PROJECT_ROOT / "editorial" / "management" / "commands" / "run_scheduler.py").is_file()

    depends_on = scheduler["depends_on"]
    assert isinstance(depends_on, dict), "depends_on needs the long form to carry a condition"
    assert depends_on["db"]["condition"] == "service_healthy"
    # web applies the migrations; the scheduler must not query tables before they exist.
    assert depends_on["web"]["condition"] in ("service_started", "service_healthy")


def test_compose_references_only_existing_files(compose, services):
    for name, service in services.items():
        build = service.get("build")
        if build is not None:
            context = PROJECT_ROOT / (
                build if isinstance(build, str) else build.get("context", ".")
            )
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile")
            assert (context / (dockerfile or "Dockerfile")).is_file(), name
        env_files = service.get("env_file") or []
        for env_file in [env_files] if isinstance(env_files, str) else env_files:
            path = env_file if isinstance(env_file, str) else env_file["path"]
            required = isinstance(env_file, str) or env_file.get("required", True)
            assert not required or (PROJECT_ROOT / path).is_file(), f"{name}: {path}"

    scripts = {script for text in strings_in(compose) for script in scripts_in(text)}
    assert scripts, "expected the web command to run a script under docker/"
    for script in scripts:
        assert script.exists(), f"{script.relative_to(PROJECT_ROOT)} is referenced but missing"
        if script.suffix == ".sh":
            assert os.access(script, os.X_OK), (
                f"{script.relative_to(PROJECT_ROOT)} is not executable"
            )
    # Files run by path inside the container must be copied there: /app is the project root.
    instructions = DOCKERFILE.read_text()
    assert re.search(r"^WORKDIR\s+/app\s*$", instructions, re.M)


# --- Dockerfile ------------------------------------------------------------------------------


def test_dockerfile_base_image_and_python_env(dockerfile_instructions):
    froms = [args for keyword, args in dockerfile_instructions if keyword == "FROM"]
    assert froms and froms[0].startswith("python:3.11-slim")
    env_text = " ".join(args for keyword, args in dockerfile_instructions if keyword == "ENV")
    assert "PYTHONDONTWRITEBYTECODE=1" in env_text
    assert "PYTHONUNBUFFERED=1" in env_text
    assert "DJANGO_SETTINGS_MODULE=cms.settings.production" in env_text
    assert ("EXPOSE", "8000") in dockerfile_instructions


def test_dockerfile_runs_as_a_non_root_user(dockerfile_instructions):
    users = [args for keyword, args in dockerfile_instructions if keyword == "USER"]
    assert users, "the image must switch to a non-root USER"
    final = users[-1].split(":")[0]
    assert final not in ("root", "0")
    run_text = " ".join(args for keyword, args in dockerfile_instructions if keyword == "RUN")
    assert re.search(rf"useradd\b.*\b{re.escape(final)}\b", run_text), "user must be created"


def test_dockerfile_installs_runtime_requirements_only(dockerfile_instructions):
    run_text = " ".join(args for keyword, args in dockerfile_instructions if keyword == "RUN")
    assert re.search(r"pip install .*-r requirements\.txt", run_text)
    assert not any("requirements-test" in args for _, args in dockerfile_instructions)


def test_dockerfile_collects_static_with_placeholder_secrets(dockerfile_instructions):
    runs = [args for keyword, args in dockerfile_instructions if keyword == "RUN"]
    collect = [run for run in runs if "collectstatic" in run]
    assert collect, "static files must be collected at build time"
    assert "--noinput" in collect[0]
    assert "SECRET_KEY=" in collect[0] and "ALLOWED_HOSTS=" in collect[0]
    assert "KINSHIP_SINGLE_PROCESS=1" in collect[0]  # no Redis at build time
    # The placeholders live only for that step: no ENV bakes a SECRET_KEY into the image.
    env_text = " ".join(args for keyword, args in dockerfile_instructions if keyword == "ENV")
    assert "SECRET_KEY" not in env_text


def test_dockerfile_copies_existing_files_and_runs_migrate_then_gunicorn(
    dockerfile_instructions,
):
    for keyword, args in dockerfile_instructions:
        if keyword == "COPY" and not args.startswith("--from"):
            sources = [part for part in args.split() if not part.startswith("--")][:-1]
            for source in sources:
                assert (PROJECT_ROOT / source).exists(), f"COPY source {source} is missing"
    start = [args for keyword, args in dockerfile_instructions if keyword in ("CMD", "ENTRYPOINT")]
    text = expand_scripts(" ".join(start))
    for script in scripts_in(" ".join(start)):
        assert script.is_file()
    assert ordered(text, "manage.py migrate", "gunicorn cms.wsgi:application"), text


def test_dockerignore_keeps_local_state_out_of_the_image():
    patterns = {
        line.strip().rstrip("/")
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for required in (".venv", ".git", "media", "staticfiles", "db.sqlite3", ".env"):
        assert required in patterns, f".dockerignore should exclude {required}"
    assert {"**/__pycache__", ".pytest_cache", ".ruff_cache"} <= patterns
    # What the build needs must stay in the context.
    for needed in ("requirements.txt", "docker", "manage.py", "cms", "static", "templates"):
        assert needed not in patterns, f".dockerignore must not exclude {needed}"
    # Demo and benchmark content (cms.settings.dev and test only) stay out of the image.
    assert "demo" in patterns


@pytest.mark.slow
def test_build_time_collectstatic_succeeds_with_production_storage(tmp_path):
    """The Dockerfile's collectstatic step, run here with a throwaway STATIC_ROOT.

    CompressedManifestStaticFilesStorage fails the whole build when a stylesheet refers to a
    file that does not exist, so this catches it before `docker build` does.
    """
    # As the Dockerfile runs it: no REDIS_URL at build time, one process declared.
    script = (
        "import django\n"
        "from django.conf import settings\n"
        f"settings.STATIC_ROOT = {str(tmp_path / 'static')!r}\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
    )
    result = run_isolated(
        ["-c", script],
        "cms.settings.production",
        timeout=300,
        SECRET_KEY="collectstatic-build-placeholder",
        ALLOWED_HOSTS="localhost",
        KINSHIP_SINGLE_PROCESS="1",
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static" / "staticfiles.json").is_file()
