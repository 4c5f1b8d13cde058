"""The `make run` path: SQLite, migrations, demo content and a real server, in subprocesses.

The rest of the suite runs on PostgreSQL; this proves the zero-setup default still works.
"""

import http.cookiejar
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from demo.content import PEER_SUPPORT_HEADINGS
from tests.factories import hidden_fields
from tests.paths import PROJECT_ROOT
from tests.processes import free_port, make_recipe, manage, sqlite_dev_env


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def post_comment(article_url):
    """Post the article's comment form as a browser would (its cookie, its hidden fields)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    html = opener.open(article_url, timeout=20).read().decode()
    fields = hidden_fields(html)
    fields.update({"name": "Reader", "email": "reader@example.org", "comment": "Thank you."})
    request = urllib.request.Request(
        article_url.split("/blog/")[0] + "/comments/post/",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Referer": article_url},
    )
    return opener.open(request, timeout=20).read().decode()


@pytest.fixture(scope="module")
def sqlite_env(tmp_path_factory):
    """A SQLite database migrated and loaded as `make run` does it, shared by this module."""
    env = sqlite_dev_env(tmp_path_factory.mktemp("sqlite-run"))
    migrated = manage(env, "migrate_summary").stdout
    loaded = manage(env, "load_demo_content").stdout
    env["KINSHIP_TEST_FIRST_RUN"] = migrated + loaded
    return env


@pytest.mark.slow
def test_make_run_says_one_line_per_step(sqlite_env):
    migrated, loaded = sqlite_env["KINSHIP_TEST_FIRST_RUN"].splitlines()
    assert re.fullmatch(r"Database \S+db\.sqlite3: \d{3} migrations applied\.", migrated)
    assert loaded.startswith("Demo content is ready (") and " created" in loaded
    assert manage(sqlite_env, "migrate_summary").stdout.endswith("db.sqlite3: up to date.\n")
    again = manage(sqlite_env, "load_demo_content").stdout
    assert again == "Demo content is ready (nothing to change; -v 2 lists each kind).\n"
    listed = manage(sqlite_env, "load_demo_content", "-v", "2").stdout
    assert "  posts: " in listed and "already present" in listed


@pytest.mark.slow
def test_sqlite_migrate_demo_content_and_serve(sqlite_env):
    counts_script = (
        "from wagtail.models import Page, Revision; from blog.models import BlogPage;"
        "from wagtail.images.models import Image;"
        "print(Page.objects.count(), Revision.objects.count(), Image.objects.count(),"
        " BlogPage.objects.live().count())"
    )
    before = manage(sqlite_env, "shell", "--no-imports", "-c", counts_script).stdout.split()
    manage(sqlite_env, "load_demo_content")  # a second `make run` duplicates nothing
    after = manage(sqlite_env, "shell", "--no-imports", "-c", counts_script).stdout.split()
    assert before == after
    assert int(after[3]) >= 8
    rebuilt = manage(sqlite_env, "rebuild_search_index").stdout
    assert "Ranked documents and did-you-mean vocabulary: skipped (PostgreSQL only)." in rebuilt

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=PROJECT_ROOT,
        env=sqlite_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)

        status, home = fetch(base + "/")
        assert status == 200 and "Featured articles" in home

        status, index = fetch(base + "/blog/")
        assert status == 200 and "power-of-peer-support" in index

        status, article = fetch(base + "/blog/power-of-peer-support/")
        assert status == 200
        assert "The Power of Peer Support" in article
        assert 'class="block-intro"' in article
        # Headings follow an icon span, so look for each heading text in order.
        positions = [article.find(h) for h in PEER_SUPPORT_HEADINGS]
        assert -1 not in positions and positions == sorted(positions)
        assert 'class="cta"' in article

        author_url = re.search(r'href="(/authors/[^"]+/)"', article).group(1)
        status, author = fetch(base + author_url)
        assert status == 200 and "The Power of Peer Support" in author

        status, results = fetch(base + "/search/?q=belonging")
        assert status == 200 and "/blog/power-of-peer-support/" in results
        # Search on SQLite (FTS5): topic filters and phrases work; did-you-mean does nothing.
        topic = re.search(r'href="\?q=belonging&amp;(category=[-\w]+)"', results).group(1)
        status, results = fetch(base + f"/search/?q=%22peer+support%22+belonging&{topic}")
        assert status == 200 and "/blog/power-of-peer-support/" in results
        status, results = fetch(base + "/search/?q=belnging+%3C%21%3E")
        assert status == 200 and "No articles matched" in results
        assert "Did you mean" not in results
        status, titles = fetch(base + "/search/autocomplete/?q=power+of+pe")
        assert status == 200 and "/blog/power-of-peer-support/" in titles

        status, login = fetch(base + "/admin/login/")
        assert status == 200 and "Sign in" in login

        status, css = fetch(base + "/static/css/kinship.css")
        assert status == 200 and "--brand" in css

        # A reader's comment is answered at once; its email waits for the worker.
        answer = post_comment(base + "/blog/power-of-peer-support/")
        assert "awaiting moderation" in answer
        worker = ["db_worker", "--backend", "background", "--batch", "--no-startup-delay"]
        sent = manage(sqlite_env, *worker).stdout  # the console email backend prints it
        assert "Subject: Please confirm your comment" in sent and "reader@example.org" in sent
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_make_run_starts_the_scheduler_and_the_task_worker():
    recipe = make_recipe("run")
    assert "manage.py run_scheduler &" in recipe
    assert "manage.py db_worker --backend background --no-startup-delay &" in recipe
    assert "kill -TERM $server $scheduler $worker" in recipe  # all stop with the server


@pytest.mark.slow
def test_port_sets_the_links_in_email(sqlite_env):
    env = {**sqlite_env, "PORT": "8123"}
    env.pop("WAGTAILADMIN_BASE_URL", None)
    # The moderators' digest, printed by the console email backend as `make run` prints it.
    manage(env, "comments_digest")
    worker = ["db_worker", "--backend", "background", "--batch", "--no-startup-delay"]
    digest = manage(env, *worker).stdout
    assert "Subject: Comments awaiting moderation" in digest
    assert "http://127.0.0.1:8123/admin/comments/" in digest
    assert "127.0.0.1:8000" not in digest


# Writes a new draft revision of a post in a loop, as the editor's autosave does (Wagtail saves
# it in one transaction that reads the page first), and prints how many it saved.
AUTOSAVE_SCRIPT = """
import time
from django.contrib.auth import get_user_model
from django.db import transaction
from blog.models import BlogPage
writer = get_user_model().objects.get(username="writer")
pk = BlogPage.objects.filter(live=False).values_list("pk", flat=True).first()
saved, end = 0, time.monotonic() + {seconds}
while time.monotonic() < end:
    with transaction.atomic():
        page = BlogPage.objects.get(pk=pk).get_latest_revision_as_object()
        page.summary = f"Autosaved draft {{saved}}"
        page.save_revision(user=writer, log_action=True)
    saved += 1
print(saved)
"""


@pytest.mark.slow
def test_the_scheduler_and_an_autosaving_writer_share_sqlite(sqlite_env):
    seconds = 8
    scheduler = subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler", "--interval", "0.05", "-v", "2"],
        cwd=PROJECT_ROOT,
        env=sqlite_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert scheduler.stdout.readline().startswith("Scheduler started")
        writer = manage(
            sqlite_env,
            *("shell", "--no-imports", "-c", AUTOSAVE_SCRIPT.format(seconds=seconds)),
            check=False,
        )
    finally:
        scheduler.terminate()
        out, err = scheduler.communicate(timeout=60)
    assert "database is locked" not in writer.stderr, writer.stderr[-2000:]
    assert writer.returncode == 0, writer.stderr[-2000:]
    assert "database is locked" not in err, err[-2000:]
    assert "failed; the scheduler carries on" not in err, err[-2000:]
    assert int(writer.stdout.split()[-1]) > 10  # the writer was not starved either
    assert out.count("Cleared the IP address") > 10  # nor was the scheduler
