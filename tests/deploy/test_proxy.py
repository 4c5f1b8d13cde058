"""The caching proxy in front of web (docker/proxy/): Debian's nginx with its cache-purge
module, run with the very nginx.conf the image uses, in front of Kinship under gunicorn.
Only network.conf (where it listens, where web is) is the test's own.

What reaches gunicorn is read from its access log, so "served from the proxy" means the
request never got to Kinship."""

import http.client
import http.server
import logging
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.factories import make_post, publish_approved
from tests.paths import PROJECT_ROOT
from tests.processes import Gunicorn, free_port

NGINX = Path("/usr/sbin/nginx")
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
PROXY = PROJECT_ROOT / "docker" / "proxy"
CONFIG = PROXY / "nginx.conf"
HOST = "localhost"  # the test site's hostname: the Host the purges carry
PASSWORD = "proxy-test-password"

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def require_nginx():
    missing = [str(path) for path in (NGINX, PURGE_MODULE) if not path.exists()]
    if missing:
        hint = (
            f"the caching proxy test needs {', '.join(missing)}: "
            "apt-get install nginx libnginx-mod-http-cache-purge"
        )
        if os.environ.get("KINSHIP_REQUIRE_BROWSER") == "1":
            pytest.fail(hint)
        pytest.skip(hint)


class Nginx:
    """docker/proxy/nginx.conf under Debian's nginx, in the foreground, with its own prefix
    (pid, temp and cache directories) in `tmp_path`, in front of `upstream` (host:port)."""

    def __init__(self, tmp_path, upstream, network=""):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.prefix = tmp_path / "proxy"
        conf = self.prefix / "conf"
        conf.mkdir(parents=True)
        shutil.copy(CONFIG, conf / "nginx.conf")
        (conf / "network.conf").write_text(
            f"listen 127.0.0.1:{self.port};\nset $web {upstream};\n{network}"
        )
        self.log = self.prefix / "nginx.log"  # its access log (stdout) and error log (stderr)
        directives = "daemon off;"
        if os.geteuid() == 0:
            # Workers would otherwise drop to `nobody`, who cannot write the test's directories.
            directives += " user root root;"
        self.output = self.log.open("w")
        self.process = subprocess.Popen(
            [NGINX, "-p", f"{self.prefix}/", "-c", conf / "nginx.conf", "-g", directives],
            stdout=self.output,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "nginx exited:\n" + self.log.read_text()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("nginx did not listen:\n" + self.log.read_text())

    def get(self, session, path):
        """GET `path` as a reader of the site would (its Host), through the proxy."""
        response = session.get(
            self.base + path, headers={"Host": HOST}, allow_redirects=False, timeout=20
        )
        assert response.status_code == 200, (path, response.status_code)
        return response

    def request_from(self, address, method, path, headers=()):
        """The status of `method path` sent from the source address `address`."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(address, 0)
        )
        try:
            connection.request(method, path, headers={"Host": HOST, **dict(headers)})
            return connection.getresponse().status
        finally:
            connection.close()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.output.close()


@pytest.fixture
def site_behind_proxy(blog_index, tmp_path, settings):
    """(proxy, gunicorn): Kinship served through the proxy; this process's purges go to it."""
    require_nginx()
    # No Redis: with none, the test settings leave Kinship's own page cache off, so every
    # request the proxy lets through is rendered, and all that matters here is the proxy.
    server = Gunicorn(tmp_path, "web", redis_url="", workers=2)
    proxy = Nginx(tmp_path, f"127.0.0.1:{server.port}")
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": proxy.base,
        }
    }
    try:
        proxy.wait_ready()
        server.wait_ready()
        yield proxy, server
    finally:
        proxy.stop()
        server.stop()


def reached_web(server, path, expected):
    """Whether gunicorn has answered `expected` GETs of `path`, no more and no fewer. It logs a
    request just after answering it, so a line may be a moment behind the response."""
    deadline = time.monotonic() + 5
    while True:
        count = sum(1 for line in server.access_lines() if line.split()[1:3] == ["GET", path])
        if count >= expected or time.monotonic() > deadline:
            return count == expected
        time.sleep(0.05)


def sign_in(proxy, username):
    """A session signed in to the admin through the proxy, as a browser would."""
    session = requests.Session()
    form = proxy.get(session, "/admin/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = session.post(
        proxy.base + "/admin/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Host": HOST},
        allow_redirects=False,
        timeout=20,
    )
    assert response.status_code == 302, response.text[:500]
    assert session.cookies.get("sessionid")
    return session


@pytest.mark.slow
@transactional
def test_an_article_is_served_from_the_proxy_until_a_publish_purges_it(
    site_behind_proxy, blog_index, caplog
):
    proxy, server = site_behind_proxy
    article = make_post(blog_index, title="Peer support at night", summary="Groups that meet late.")
    path = article.url
    reader = requests.Session()
    # Another reader, with cookies that mean nothing to Kinship's public pages: the same copy.
    other = requests.Session()
    other.cookies.update({"csrftoken": "left-from-a-visit-to-the-admin", "_pk_id": "analytics"})

    first = proxy.get(reader, path)
    assert first.headers["X-Cache"] == "MISS"
    second = proxy.get(reader, path)
    assert second.headers["X-Cache"] == "HIT"
    assert "Peer support at night" in second.text
    assert second.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    assert proxy.get(other, path).headers["X-Cache"] == "HIT"
    assert reached_web(server, path, 1), server.access_lines()

    # Someone on the open internet (here: any address but the host's own and the private
    # networks') may not empty the cache.
    assert proxy.request_from("127.0.0.2", "PURGE", path) == 403
    assert proxy.get(reader, path).headers["X-Cache"] == "HIT"

    article.title = "Peer support after dark"
    publish_approved(article)  # commits: the purge task runs at once (test settings)

    failed = [r for r in caplog.records if r.name.startswith("wagtail.frontendcache")]
    assert not [r for r in failed if r.levelno >= logging.WARNING], caplog.text
    fresh = proxy.get(reader, path)
    assert fresh.headers["X-Cache"] == "MISS"
    assert "Peer support after dark" in fresh.text
    assert "Peer support at night" not in fresh.text
    assert proxy.get(reader, path).headers["X-Cache"] == "HIT"
    again = proxy.get(other, path)
    assert again.headers["X-Cache"] == "HIT"
    assert "Peer support after dark" in again.text
    assert reached_web(server, path, 2), server.access_lines()


@pytest.mark.slow
@transactional
def test_the_admin_and_signed_in_users_always_reach_web(
    site_behind_proxy, blog_index, django_user_model
):
    proxy, server = site_behind_proxy
    django_user_model.objects.create_superuser("proxy-admin", "admin@example.org", PASSWORD)
    article = make_post(blog_index, title="Group therapy")

    for _ in range(2):
        login = proxy.get(requests.Session(), "/admin/login/")
        assert "X-Cache" not in login.headers
    assert reached_web(server, "/admin/login/", 2), server.access_lines()

    editor = sign_in(proxy, "proxy-admin")
    for _ in range(2):
        dashboard = proxy.get(editor, "/admin/")
        assert "X-Cache" not in dashboard.headers
    assert reached_web(server, "/admin/", 2), server.access_lines()

    # A signed-in reader's page (it carries a CSRF token of their own) is neither answered
    # from the cache nor kept for the readers who come after.
    for _ in range(2):
        own = proxy.get(editor, article.url)
        assert own.headers["X-Cache"] == "BYPASS"
        assert 'name="csrfmiddlewaretoken"' in own.text
    anonymous = proxy.get(requests.Session(), article.url)
    assert anonymous.headers["X-Cache"] == "MISS"
    assert 'name="csrfmiddlewaretoken"' not in anonymous.text
    assert proxy.get(requests.Session(), article.url).headers["X-Cache"] == "HIT"
    assert proxy.get(editor, article.url).headers["X-Cache"] == "BYPASS"
    assert reached_web(server, article.url, 4), server.access_lines()


class HeaderRecorder(http.server.ThreadingHTTPServer):
    """A stand-in for web that records the headers of each request it gets."""

    def __init__(self):
        self.seen = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                recorder.seen.append(self.headers)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


@pytest.fixture
def recorder():
    server = HeaderRecorder()
    yield server
    server.shutdown()
    server.server_close()


FORGED = {"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"}


def forwarded(proxy, recorder, address):
    assert proxy.request_from(address, "GET", "/admin/", FORGED) == 204
    headers = recorder.seen.pop()
    return headers["X-Forwarded-For"], headers["X-Forwarded-Proto"]


@pytest.mark.slow
@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2"])
def test_web_gets_the_address_and_scheme_the_proxy_saw_however_a_reader_forges_them(
    tmp_path, recorder, address
):
    require_nginx()
    proxy = Nginx(tmp_path, f"127.0.0.1:{recorder.server_port}")
    try:
        proxy.wait_ready()
        assert forwarded(proxy, recorder, address) == (address, "http")
    finally:
        proxy.stop()


@pytest.mark.slow
def test_behind_a_trusted_terminator_web_gets_the_readers_address_and_scheme(tmp_path, recorder):
    require_nginx()
    # The terminator is on 127.0.0.1 (network.conf names it); a reader on 127.0.0.2 is not it.
    proxy = Nginx(
        tmp_path, f"127.0.0.1:{recorder.server_port}", network="set_real_ip_from 127.0.0.1;\n"
    )
    try:
        proxy.wait_ready()
        assert forwarded(proxy, recorder, "127.0.0.1") == ("198.51.100.7", "https")
        assert forwarded(proxy, recorder, "127.0.0.2") == ("127.0.0.2", "http")
        # Nor may someone outside purge through the terminator.
        assert proxy.request_from("127.0.0.1", "PURGE", "/", FORGED) == 403
    finally:
        proxy.stop()


@pytest.mark.slow
def test_nginx_accepts_the_configuration_the_image_runs(tmp_path):
    """nginx.conf with the image's own network.conf, which the other tests replace."""
    require_nginx()
    conf = tmp_path / "conf"
    conf.mkdir()
    for name in ("nginx.conf", "network.conf"):
        shutil.copy(PROXY / name, conf / name)
    result = subprocess.run(
        [NGINX, "-t", "-p", f"{tmp_path}/", "-c", conf / "nginx.conf", "-g", "daemon off;"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
