"""`manage.py set_site_hostname` and load_demo_content tell the Site where readers reach it, so
canonical, OpenGraph, feed and sitemap URLs say the real host instead of http://localhost/."""

import io
import json
import re
import subprocess

import pytest
import yaml
from defusedxml import ElementTree
from django.contrib.sites.models import Site as DjangoSite
from django.core.management import CommandError, call_command
from wagtail.models import Site

from tests.blog.test_metadata import get_head
from tests.factories import make_post
from tests.paths import PROJECT_ROOT
from tests.project.test_docker_compose import COMPOSE_FILE, environment, interpolate

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def set_hostname(*args):
    out = io.StringIO()
    call_command("set_site_hostname", *args, stdout=out)
    return out.getvalue()


def default_site():
    return Site.objects.get(is_default_site=True)


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_the_command_sets_hostname_and_port(site_tree):
    assert default_site().root_url == "http://localhost"

    out = set_hostname("www.example.org", "--port", "443")

    site = default_site()
    assert (site.hostname, site.port) == ("www.example.org", 443)
    assert site.root_url == "https://www.example.org"
    assert "The site is now at https://www.example.org/ (it was http://localhost/)." in out
    # django.contrib.sites (SITE_ID, for django-comments-xtd) follows.
    assert DjangoSite.objects.get_current().domain == "www.example.org"
    assert "already at https://www.example.org/" in set_hostname("WWW.Example.org.", "--port=443")


def test_port_defaults_to_80_and_any_other_port_is_in_the_url(site_tree):
    set_hostname("kinship.example.org")
    assert default_site().root_url == "http://kinship.example.org"
    set_hostname("127.0.0.1", "--port", "8000")
    assert default_site().root_url == "http://127.0.0.1:8000"
    assert DjangoSite.objects.get_current().domain == "127.0.0.1:8000"


def test_article_canonical_opengraph_and_json_ld_use_the_site_hostname(client, post):
    set_hostname("www.example.org", "--port", "443")
    url = f"https://www.example.org/blog/{post.slug}/"

    head = get_head(client, post.url)

    assert head.canonical == url
    assert head.one("og:url") == url
    data = json_ld(head.html)
    assert data["url"] == url
    assert data["publisher"]["url"] == "https://www.example.org/"


def test_feed_links_use_the_site_hostname(client, blog_index):
    post = make_post(blog_index, title="Walking together")
    set_hostname("www.example.org", "--port", "443")

    channel = ElementTree.fromstring(client.get("/blog/feed/").content).find("channel")

    assert channel.findtext("link") == "https://www.example.org/blog/"
    links = [item.findtext("link") for item in channel.findall("item")]
    assert links == [f"https://www.example.org/blog/{post.slug}/"]


def test_sitemap_urls_use_the_site_hostname(client, post):
    set_hostname("kinship.example.org", "--port", "8080")

    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)

    locations = [url.findtext(f"{SITEMAP}loc") for url in sitemap.findall(f"{SITEMAP}url")]
    assert f"http://kinship.example.org:8080/blog/{post.slug}/" in locations
    assert all(loc.startswith("http://kinship.example.org:8080/") for loc in locations)


@pytest.mark.parametrize(
    "args, message",
    [
        (["https://www.example.org"], "without http:// or a path"),
        (["www.example.org/blog"], "without http:// or a path"),
        (["www.example.org:8443"], "--port"),
        (["exa mple.org"], "not a valid host name"),
        (["bad-.example.org"], "not a valid host name"),
        (["under_score.example.org"], "not a valid host name"),
        ([""], "not a valid host name"),
        (["www.example.org", "--port", "0"], "out of range"),
        (["www.example.org", "--port", "65536"], "out of range"),
        (["www.example.org", "--port", "https"], "invalid int value"),
    ],
)
def test_bad_input_is_a_command_error_and_changes_nothing(site_tree, args, message):
    with pytest.raises(CommandError, match=message):
        set_hostname(*args)
    site = default_site()
    assert (site.hostname, site.port) == ("localhost", 80)


def test_another_sites_address_is_refused(site_tree):
    home, _ = site_tree
    Site.objects.create(hostname="other.example.org", port=80, root_page=home)
    with pytest.raises(CommandError, match="already at other.example.org:80"):
        set_hostname("other.example.org")
    assert default_site().hostname == "localhost"


def test_without_a_default_site_it_says_to_migrate(db):
    Site.objects.all().delete()
    with pytest.raises(CommandError, match="migrate"):
        set_hostname("www.example.org")


# --- load_demo_content: the address `make run` serves (runserver 127.0.0.1:$PORT) -----------


def load_demo():
    out = io.StringIO()
    call_command("load_demo_content", verbosity=2, stdout=out)
    return out.getvalue()


def test_demo_content_points_the_site_at_make_run(db, monkeypatch, client):
    monkeypatch.delenv("PORT", raising=False)
    load_demo()
    assert default_site().root_url == "http://127.0.0.1:8000"
    assert get_head(client, "/").canonical == "http://127.0.0.1:8000/"
    assert "site address: 1 already present" in load_demo()

    monkeypatch.setenv("PORT", "9001")  # `make run PORT=9001` the next time
    assert "site address: 1 updated" in load_demo()
    assert default_site().root_url == "http://127.0.0.1:9001"

    # A host name somebody chose survives every later `make run`.
    set_hostname("www.example.org", "--port", "443")
    load_demo()
    assert default_site().root_url == "https://www.example.org"


# --- docker compose: web sets the address on every start ------------------------------------


def run_start_script(tmp_path, **env):
    """docker/start-web.sh with `python` and `gunicorn` replaced by stubs that log their
    arguments: what the web container would run, in order."""
    log = tmp_path / "ran.log"
    for name in ("python", "gunicorn"):
        stub = tmp_path / name
        stub.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n')
        stub.chmod(0o755)
    result = subprocess.run(
        ["sh", str(PROJECT_ROOT / "docker" / "start-web.sh")],
        cwd=PROJECT_ROOT,
        env={"PATH": f"{tmp_path}:/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return log.read_text().splitlines()


def test_web_start_sets_the_site_hostname_after_migrate(tmp_path):
    ran = run_start_script(tmp_path, KINSHIP_SITE_HOSTNAME="www.example.org")
    assert ran[0] == "python manage.py migrate --noinput"
    assert ran[1] == "python manage.py set_site_hostname www.example.org --port 443"
    assert ran[2].startswith("gunicorn cms.wsgi:application")

    (tmp_path / "ran.log").unlink()
    ran = run_start_script(tmp_path, KINSHIP_SITE_HOSTNAME="", KINSHIP_SITE_PORT="8000")
    assert [line.split()[:3] for line in ran] == [
        ["python", "manage.py", "migrate"],
        ["gunicorn", "cms.wsgi:application", "--bind"],
    ]


def test_compose_gives_web_the_address_it_serves():
    env = environment(yaml.safe_load(COMPOSE_FILE.read_text())["services"]["web"])
    assert interpolate(env["KINSHIP_SITE_HOSTNAME"]) == "localhost"
    assert interpolate(env["KINSHIP_SITE_PORT"]) == "8000"
    chosen = {"KINSHIP_SITE_HOSTNAME": "www.example.org", "KINSHIP_SITE_PORT": "443"}
    assert interpolate(env["KINSHIP_SITE_HOSTNAME"], chosen) == "www.example.org"
    assert interpolate(env["KINSHIP_SITE_PORT"], chosen) == "443"
    # Empty turns it off, so the Site can be managed in the admin instead.
    assert interpolate(env["KINSHIP_SITE_HOSTNAME"], {"KINSHIP_SITE_HOSTNAME": ""}) == ""
