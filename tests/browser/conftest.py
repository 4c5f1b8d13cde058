"""Browser tests: Playwright drives Debian's Chromium against a live Kinship server on
PostgreSQL, loaded with the demo content.

Playwright's bundled browsers cannot be downloaded here, so the tests launch
/usr/bin/chromium (`apt-get install -y chromium`; `.ci/run` installs it). Where it is missing
the tests are skipped with that instruction, unless KINSHIP_REQUIRE_BROWSER=1 (set by CI),
which turns the skip into a failure so CI can never pass without running them.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections

from demo.content import DEFAULT_PASSWORD

CHROMIUM = Path(os.environ.get("KINSHIP_CHROMIUM", "/usr/bin/chromium"))
INSTALL_HINT = (
    f"Chromium not found at {CHROMIUM}: install it with `sudo apt-get install -y chromium` "
    "(or set KINSHIP_CHROMIUM to its path) to run the browser tests"
)
# Without the background-networking flags Chromium keeps trying to reach the internet.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Every browser test talks to the live server, so it needs committed data (transaction=True).
# Its flush at teardown also drops what data migrations made (the groups, Wagtail's root page);
# serialized rollback restores that for the next test. As a marker, not a fixture argument, so
# it is in place before pytest-django's autouse live-server fixture sets up the database.
BROWSER_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    browser_items = [
        item for item in items if "tests/browser/" in str(item.fspath).replace(os.sep, "/")
    ]
    # Browser tests run last. Once Playwright's event loop runs (for the rest of the session),
    # Django's serialized rollback no longer finds its data (see migration_data), so a
    # transactional test after them would start from an empty database.
    items[:] = [item for item in items if item not in browser_items] + browser_items
    for item in browser_items:
        item.add_marker(BROWSER_DB)
    if CHROMIUM.exists() or shutil.which(str(CHROMIUM)):
        return
    if os.environ.get("KINSHIP_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(INSTALL_HINT)
    marker = pytest.mark.skip(reason=INSTALL_HINT)
    for item in browser_items:
        item.add_marker(marker)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session", autouse=True)
def migration_data(django_db_setup, django_db_blocker):
    """The database as migrations left it, serialized before Playwright starts.

    Serialized rollback restores it through `connections[...]`, which asgiref keeps per
    context: once Playwright's event loop runs, Django sees a fresh connection object without
    the serialized data, and a previous test's flush would leave no groups or root page.
    """
    # Restoring a Wagtail task row builds the task first, and a task without its id asks
    # ContentType for its type: with a cold cache that inserts the row the restore is about to
    # insert. Earlier tests warm the cache in a full run; a browser file run alone needs this.
    with django_db_blocker.unblock():
        ContentType.objects.get_for_models(*apps.get_models())
    return connections[DEFAULT_DB_ALIAS]._test_serialized_contents


@pytest.fixture
def demo_site(live_server, migration_data):
    """The demo content, served by the live server; returns its base URL."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not Group.objects.exists():
        # A flush outside Django's reach re-created content types and permissions only:
        # empty the tables again, then restore what migrations made.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(migration_data)
        # flush reset the id sequences; move them past the restored rows.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)
    # So that Django's own serialized rollback works for the tests after this one.
    connection._test_serialized_contents = migration_data
    # Content types were deleted and restored under their migration ids; ids cached by
    # earlier tests (made while a flush had re-created the rows under new ids) are stale.
    # Warm the cache again from the restored rows (the next restore needs it warm, see
    # migration_data).
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models())
    call_command("load_demo_content", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def page(page):
    # A broken page should fail fast, not after Playwright's 30 s default.
    page.set_default_timeout(10_000)
    return page


def sign_in(page, base_url, username, password=DEFAULT_PASSWORD):
    """Sign in to the Wagtail admin as one of the demo users."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")
