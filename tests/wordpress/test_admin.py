"""The "Import from WordPress" area of the admin, over HTTP: who may use it, the upload form,
the list of runs, a run's inspect page and progress, and confirming a checked run.

Most tests make ImportRun rows in the stage they are about, so that they test the admin and
not the importer; the end-to-end tests at the bottom upload a small export and let the
(immediate, in tests) task backend check and import it, and the last one hands it to the
real database task worker (`manage.py db_worker`)."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from blog.models import BlogPage
from tests.factories import user_in_group
from wordpress.models import ImportMessage, ImportRun
from wordpress.storage import storage

pytestmark = pytest.mark.django_db

INDEX_URL = "/admin/wordpress-imports/"
UPLOAD_URL = f"{INDEX_URL}upload/"
Stage = ImportRun.Stage

ALLOWED_ROLES = ["Editors", "Administrators"]
REFUSED_ROLES = ["Writers", "Clinical reviewers", "Moderators"]

TINY_WXR = b"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
    xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
    <title>Tiny Recovery Blog</title>
    <link>https://tiny.example.org</link>
    <wp:wxr_version>1.2</wp:wxr_version>
    <wp:base_site_url>https://tiny.example.org</wp:base_site_url>
    <wp:base_blog_url>https://tiny.example.org</wp:base_blog_url>
    <wp:author>
        <wp:author_id>1</wp:author_id>
        <wp:author_login><![CDATA[ash]]></wp:author_login>
        <wp:author_email><![CDATA[ash@tiny.example.org]]></wp:author_email>
        <wp:author_display_name><![CDATA[Ash Moreno]]></wp:author_display_name>
    </wp:author>
    <item>
        <title><![CDATA[Morning routines that steady a first year]]></title>
        <link>https://tiny.example.org/2024/02/morning-routines/</link>
        <pubDate>Thu, 01 Feb 2024 08:00:00 +0000</pubDate>
        <dc:creator><![CDATA[ash]]></dc:creator>
        <guid isPermaLink="false">https://tiny.example.org/?p=11</guid>
        <content:encoded><![CDATA[<p>A small plan for the first hour helps.</p>]]></content:encoded>
        <excerpt:encoded><![CDATA[A small plan for the first hour.]]></excerpt:encoded>
        <wp:post_id>11</wp:post_id>
        <wp:post_date><![CDATA[2024-02-01 08:00:00]]></wp:post_date>
        <wp:post_date_gmt><![CDATA[2024-02-01 08:00:00]]></wp:post_date_gmt>
        <wp:post_name><![CDATA[morning-routines]]></wp:post_name>
        <wp:status><![CDATA[publish]]></wp:status>
        <wp:post_parent>0</wp:post_parent>
        <wp:post_type><![CDATA[post]]></wp:post_type>
        <wp:comment>
            <wp:comment_id>21</wp:comment_id>
            <wp:comment_author><![CDATA[Lee]]></wp:comment_author>
            <wp:comment_author_email><![CDATA[lee@example.org]]></wp:comment_author_email>
            <wp:comment_author_IP><![CDATA[192.0.2.7]]></wp:comment_author_IP>
            <wp:comment_date_gmt><![CDATA[2024-02-02 09:00:00]]></wp:comment_date_gmt>
            <wp:comment_content><![CDATA[This worked for me too.]]></wp:comment_content>
            <wp:comment_approved><![CDATA[1]]></wp:comment_approved>
            <wp:comment_type><![CDATA[comment]]></wp:comment_type>
            <wp:comment_parent>0</wp:comment_parent>
        </wp:comment>
    </item>
    <item>
        <title><![CDATA[About us]]></title>
        <link>https://tiny.example.org/about/</link>
        <wp:post_id>12</wp:post_id>
        <wp:post_name><![CDATA[about]]></wp:post_name>
        <wp:status><![CDATA[publish]]></wp:status>
        <wp:post_type><![CDATA[page]]></wp:post_type>
        <content:encoded><![CDATA[<p>Who we are.</p>]]></content:encoded>
    </item>
</channel>
</rss>
"""


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    """Uploaded exports go to this test's own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "wordpress_imports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "wordpress-imports")},
        },
    }


def actor(role):
    if role == "Administrators":
        user = get_user_model().objects.filter(username="root").first()
        return user or get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    return user_in_group(f"user-{role.split()[0].lower()}", role)


def client_for(role, **kwargs):
    client = Client(**kwargs)
    client.force_login(actor(role))
    return client


@pytest.fixture
def editor():
    return user_in_group("ed", "Editors", first_name="Eden", last_name="Park")


@pytest.fixture
def as_editor(editor):
    client = Client()
    client.force_login(editor)
    return client


def make_run(stage=Stage.CHECKED, dry_run=True, stored=True, **fields):
    run = ImportRun.objects.create(
        file_name=fields.pop("file_name", "harbor-export.xml"),
        file_size=fields.pop("file_size", 18_864),
        stage=stage,
        dry_run=dry_run,
        source_site=fields.pop("source_site", "https://harbor.example.org"),
        **fields,
    )
    if stored:
        run.stored_file = storage().save("2026/12/export.xml", ContentFile(TINY_WXR))
        run.save(update_fields=["stored_file"])
    return run


def urls(run):
    base = f"{INDEX_URL}{run.pk}/"
    return {"inspect": base, "status": f"{base}status/", "confirm": f"{base}confirm/"}


def xml_upload(content=TINY_WXR, name="tiny-export.xml"):
    return SimpleUploadedFile(name, content, content_type="text/xml")


def fresh(run):
    return ImportRun.objects.get(pk=run.pk)


def shown_messages(response):
    return [str(message) for message in response.wsgi_request._messages]


# --- Who may use it ---------------------------------------------------------------------------


def test_editors_group_holds_the_import_permissions():
    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="wordpress")
        .values_list("codename", flat=True)
    )
    assert codenames == {"add_importrun", "view_importrun"}
    for role in REFUSED_ROLES:
        assert (
            not Group.objects.get(name=role)
            .permissions.filter(content_type__app_label="wordpress")
            .exists()
        )


def test_migration_gives_an_existing_database_the_permissions():
    """A database whose Editors lack the permissions (made before wordpress existed) gets them
    from the wordpress migration, which applies the roles again."""
    import importlib

    from django.apps import apps

    editors = Group.objects.get(name="Editors")
    editors.permissions.remove(*Permission.objects.filter(content_type__app_label="wordpress"))
    migration = importlib.import_module("wordpress.migrations.0002_editor_permissions")
    migration.grant_import_permissions(apps, None)
    assert editors.permissions.filter(codename="add_importrun").exists()
    assert editors.permissions.filter(codename="view_importrun").exists()


@pytest.mark.parametrize("role", ALLOWED_ROLES + REFUSED_ROLES)
def test_menu_item_only_for_editors_and_superusers(role):
    html = client_for(role).get("/admin/").content.decode()
    shown = "Import from WordPress" in html and f'"{INDEX_URL}"' in html
    assert shown == (role in ALLOWED_ROLES)


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_other_roles_are_refused_everywhere(role):
    run = make_run(Stage.CHECKED, file_name="secret-blog.xml")
    client = client_for(role)
    for url in (INDEX_URL, f"{INDEX_URL}results/", UPLOAD_URL, urls(run)["inspect"]):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/"
        assert b"secret-blog.xml" not in response.content
    # The progress poll is an XMLHttpRequest: refused with 403, not a redirect.
    response = client.get(urls(run)["status"], headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 403
    assert client.get(urls(run)["status"]).status_code == 302
    assert client.post(UPLOAD_URL, {"export": xml_upload()}).status_code == 302
    assert client.post(urls(run)["confirm"]).status_code == 302
    assert ImportRun.objects.count() == 1
    run_now = fresh(run)
    assert (run_now.stage, run_now.dry_run) == (Stage.CHECKED, True)


@pytest.mark.parametrize("role", ALLOWED_ROLES)
def test_editors_and_superusers_may_use_every_view(role, django_capture_on_commit_callbacks):
    run = make_run(Stage.CHECKED)
    client = client_for(role)
    assert client.get(INDEX_URL).status_code == 200
    assert client.get(UPLOAD_URL).status_code == 200
    assert client.get(urls(run)["inspect"]).status_code == 200
    assert client.get(urls(run)["status"]).status_code == 200
    with django_capture_on_commit_callbacks() as queued:
        assert client.post(urls(run)["confirm"]).status_code == 302
    assert len(queued) == 1
    assert (fresh(run).stage, fresh(run).dry_run) == (Stage.QUEUED, False)


def test_anonymous_is_sent_to_login():
    run = make_run()
    for url in (INDEX_URL, UPLOAD_URL, *urls(run).values()):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_editors_cannot_delete_runs(as_editor):
    run = make_run(Stage.FINISHED, dry_run=False)
    assert as_editor.post(f"{INDEX_URL}{run.pk}/delete/").status_code == 302
    assert ImportRun.objects.filter(pk=run.pk).exists()


# --- The list ---------------------------------------------------------------------------------


def listed_names(response):
    return re.findall(r">\s*([\w.-]+\.xml)\s*<", response.content.decode())


def test_list_shows_runs_newest_first_with_their_counts(as_editor, editor):
    older = make_run(Stage.FINISHED, dry_run=False, file_name="older.xml", started_by=editor)
    older.counts = {"posts": {"created": 4, "updated": 2}, "comments": {"created": 37}}
    older.save()
    make_run(Stage.CHECKING, file_name="newer.xml", started_by=editor)
    response = as_editor.get(INDEX_URL)
    html = response.content.decode()
    assert listed_names(response) == ["newer.xml", "older.xml"]
    assert "Checking the file" in html and "Finished" in html
    assert "Dry run" in html and "Import" in html
    assert "Eden Park" in html
    assert re.search(r"<td[^>]*>\s*4 / 2\s*</td>", html)
    assert re.search(r"<td[^>]*>\s*37\s*</td>", html)
    assert f'href="{urls(older)["inspect"]}"' in html
    assert "/edit/" not in html  # there is no edit view
    assert f'href="{UPLOAD_URL}"' in html


def test_list_queries_do_not_grow_with_runs(as_editor, editor, django_assert_max_num_queries):
    make_run(Stage.FINISHED, dry_run=False, started_by=editor)
    as_editor.get(INDEX_URL)
    with CaptureQueriesContext(connection) as few:
        as_editor.get(INDEX_URL)
    for n in range(20):
        other = user_in_group(f"editor-{n}", "Editors")
        make_run(Stage.FINISHED, dry_run=False, stored=False, started_by=other)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert as_editor.get(INDEX_URL).status_code == 200


def test_list_filters_and_search(as_editor, editor):
    other = user_in_group("other-editor", "Editors")
    make_run(Stage.FINISHED, dry_run=False, file_name="a-import.xml", started_by=editor)
    make_run(Stage.CHECKED, file_name="b-check.xml", started_by=other)
    make_run(
        Stage.FAILED,
        file_name="c-failed.xml",
        started_by=editor,
        source_site="https://meadow.example.net",
    )

    def names(query):
        return sorted(listed_names(as_editor.get(f"{INDEX_URL}results/?{query}")))

    assert names("stage=failed") == ["c-failed.xml"]
    assert names("dry_run=false") == ["a-import.xml"]
    assert names("dry_run=true") == ["b-check.xml", "c-failed.xml"]
    assert names(f"started_by={other.pk}") == ["b-check.xml"]
    assert names("q=b-check") == ["b-check.xml"]
    assert names("q=meadow") == ["c-failed.xml"]


# --- Uploading --------------------------------------------------------------------------------


def test_upload_form_says_the_limit_and_that_nothing_changes_yet(as_editor, settings):
    settings.WORDPRESS_IMPORT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024
    html = as_editor.get(UPLOAD_URL).content.decode()
    assert 'type="file"' in html and 'accept=".xml' in html
    assert "512.0\xa0MB" in html or "512.0 MB" in html
    assert "nothing on this site changes until you confirm" in html


def test_upload_stores_the_file_queues_the_check_and_shows_the_run(
    as_editor, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = as_editor.post(UPLOAD_URL, {"export": xml_upload()})
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == urls(run)["inspect"]
    assert len(queued) == 1  # the dry run, handed to the worker once the upload commits
    assert (run.stage, run.dry_run, run.started_by) == (Stage.QUEUED, True, editor)
    assert run.file_name == "tiny-export.xml" and run.file_size == len(TINY_WXR)
    with storage().open(run.stored_file, "rb") as stored:
        assert stored.read() == TINY_WXR
    assert any("Nothing on the site changes" in text for text in shown_messages(response))


@pytest.mark.parametrize(
    "upload, error",
    [
        (None, "This field is required"),
        (xml_upload(b""), "The submitted file is empty"),
        (SimpleUploadedFile("export.txt", TINY_WXR), "Choose the .xml file WordPress exported"),
        (SimpleUploadedFile("export.xml.zip", b"PK\x03\x04"), "Choose the .xml file"),
    ],
    ids=["no file", "empty", "not xml", "zip"],
)
def test_bad_uploads_get_a_form_error(as_editor, upload, error):
    data = {"export": upload} if upload is not None else {}
    response = as_editor.post(UPLOAD_URL, data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not ImportRun.objects.exists()


def test_too_big_upload_is_refused_with_the_limit(as_editor, settings):
    settings.WORDPRESS_IMPORT_MAX_UPLOAD_BYTES = 1000
    response = as_editor.post(UPLOAD_URL, {"export": xml_upload(b"<rss>" + b" " * 1200)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "the limit here is 1000\xa0bytes" in html or "the limit here is 1000 bytes" in html
    assert "manage.py import_wordpress" in html
    assert not ImportRun.objects.exists()


def test_upload_without_csrf_token_is_forbidden(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(UPLOAD_URL, {"export": xml_upload()}).status_code == 403
    assert not ImportRun.objects.exists()


# --- A run's page -----------------------------------------------------------------------------


def test_inspect_shows_the_facts_of_the_run(as_editor, editor):
    run = make_run(
        Stage.CHECKED,
        started_by=editor,
        source_title="Harbor Recovery Blog",
        wxr_version="1.2",
        file_size=2 * 1024 * 1024,
    )
    html = as_editor.get(urls(run)["inspect"]).content.decode()
    for fact in (
        "harbor-export.xml",
        "2.0\xa0MB",
        "Harbor Recovery Blog",
        "https://harbor.example.org",
        "1.2",
        "Eden Park",
        "Checked: ready to import",
        "nothing was written",
    ):
        assert fact in html, fact
    # Where the export waits for the worker is not shown, nor offered as a link.
    assert run.stored_file not in html


@pytest.mark.parametrize("stage", [Stage.QUEUED, Stage.CHECKING, Stage.IMPORTING])
def test_active_run_shows_a_live_progress_bar(as_editor, stage):
    run = make_run(stage, dry_run=stage != Stage.IMPORTING, file_size=1000, bytes_read=250)
    run.items_seen = 3
    run.save()
    html = as_editor.get(urls(run)["inspect"]).content.decode()
    assert re.search(r'<progress max="100" value="25"', html)
    assert 'aria-live="polite"' in html
    assert f'data-status-url="{urls(run)["status"]}"' in html
    assert f"{run.get_stage_display()}: 25% (3 items read)" in html
    assert '<script src="/static/js/wordpress-import-progress.js" defer></script>' in html
    assert "Import these posts" not in html


def test_finished_run_has_no_progress_bar(as_editor):
    run = make_run(Stage.FINISHED, dry_run=False)
    html = as_editor.get(urls(run)["inspect"]).content.decode()
    assert "<progress" not in html and "wordpress-import-progress.js" not in html


def test_progress_script_is_a_static_file_of_our_own():
    path = finders.find("js/wordpress-import-progress.js")
    assert path is not None
    with open(path, encoding="utf-8") as file:
        script = file.read()
    assert "data-status-url" in script and "fetch(" in script


def test_status_json_follows_the_run(as_editor):
    run = make_run(Stage.CHECKING, file_size=2000, bytes_read=500, items_seen=7)
    response = as_editor.get(urls(run)["status"])
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["stage"] == "checking" and data["active"] is True
    assert data["percent"] == 25 and data["items_seen"] == 7
    assert data["text"] == "Checking the file: 25% (7 items read)"
    ImportRun.objects.filter(pk=run.pk).update(stage=Stage.CHECKED)
    data = json.loads(as_editor.get(urls(run)["status"]).content)
    assert (data["stage"], data["active"], data["percent"]) == ("checked", False, 100)


def counts_of(html):
    """The counts table as {kind: [numbers…]} and its headings."""
    table = re.search(r'<h2 id="run-counts".*?</table>', html, re.S).group(0)
    headings = re.findall(r'<th scope="col">([^<]+)</th>', table)
    rows = {}
    for kind, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S):
        rows[kind] = [int(n) for n in re.findall(r"<td>(\d+)</td>", cells)]
    return headings, rows


def test_dry_run_counts_say_would_be(as_editor):
    run = make_run(Stage.CHECKED)
    run.counts = {
        "posts": {"created": 3, "updated": 1, "unchanged": 2, "skipped": 1},
        "comments": {"created": 12, "failed": 1},
    }
    run.skipped = {"pages": 2, "spam comments": 1}
    run.save()
    html = as_editor.get(urls(run)["inspect"]).content.decode()
    headings, rows = counts_of(html)
    assert headings == [
        "Kind",
        "Would be created",
        "Would be updated",
        "Unchanged",
        "Would be skipped",
        "Would fail",
    ]
    assert rows["Posts"] == [3, 1, 2, 1, 0]
    assert rows["Comments"] == [12, 0, 0, 0, 1]
    assert list(rows) == [
        "Authors",
        "Categories",
        "Tags",
        "Posts",
        "Comments",
        "Images",
        "Redirects",
    ]
    assert "What the check found" in html
    skipped = re.search(r'<h2 id="run-skipped".*?</table>', html, re.S).group(0)
    assert "Pages" in skipped and "Spam comments" in skipped


def test_import_counts_say_what_happened(as_editor):
    run = make_run(Stage.FINISHED, dry_run=False, stored=False)
    run.counts = {"posts": {"created": 3}}
    run.save()
    html = as_editor.get(urls(run)["inspect"]).content.decode()
    headings, rows = counts_of(html)
    assert headings[1:3] == ["Created", "Updated"]
    assert rows["Posts"][0] == 3
    assert "What the import did" in html


def test_failed_run_shows_its_error(as_editor):
    run = make_run(
        Stage.FAILED,
        stored=False,
        error="Line 14: this file declares entities, which an export never does.",
    )
    html = as_editor.get(urls(run)["inspect"]).content.decode()
    assert "Why it stopped" in html
    assert "Line 14: this file declares entities" in html
    assert "Import these posts" not in html


def add_messages(run, count, level=ImportMessage.Level.INFO, kind="post"):
    ImportMessage.objects.bulk_create(
        ImportMessage(
            run=run,
            level=level,
            kind=kind,
            wp_id=str(n),
            title=f"Post {n}",
            text=f"Message number {n}",
            line=n * 10,
        )
        for n in range(count)
    )


def message_rows(html):
    return re.findall(r'<tr data-message-level="(\w+)">', html)


def test_messages_are_shown_escaped_with_their_details(as_editor):
    run = make_run(Stage.CHECKED)
    ImportMessage.objects.create(
        run=run,
        level=ImportMessage.Level.WARNING,
        kind="image",
        wp_id="101",
        title="<script>alert(1)</script>",
        text="Image not found in the uploads folder: 2023/05/missing.png",
        line=42,
    )
    html = as_editor.get(urls(run)["inspect"]).content.decode()
    assert message_rows(html) == ["warning"]
    assert "Needs a look" in html and "image" in html and "101" in html
    assert "2023/05/missing.png" in html and "<td>42</td>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_messages_are_paginated_and_filtered_by_level(as_editor):
    run = make_run(Stage.FINISHED, dry_run=False)
    add_messages(run, 230)
    add_messages(run, 5, level=ImportMessage.Level.ERROR)
    inspect = urls(run)["inspect"]
    html = as_editor.get(inspect).content.decode()
    assert len(message_rows(html)) == 100
    assert "Messages (235)" in html
    assert "Failed (5)" in html and "Note (230)" in html
    last = as_editor.get(f"{inspect}?p=3").content.decode()
    assert len(message_rows(last)) == 35
    errors = as_editor.get(f"{inspect}?level=error").content.decode()
    assert message_rows(errors) == ["error"] * 5
    # A page number or level from a hand-made address never fails the page.
    assert as_editor.get(f"{inspect}?p=999&level=nonsense").status_code == 200


def test_inspect_queries_do_not_grow_with_messages(
    as_editor, editor, django_assert_max_num_queries
):
    run = make_run(Stage.CHECKED, started_by=editor)
    add_messages(run, 3)
    as_editor.get(urls(run)["inspect"])  # warm caches (site, content types)
    with CaptureQueriesContext(connection) as few:
        assert as_editor.get(urls(run)["inspect"]).status_code == 200
    add_messages(run, 600, level=ImportMessage.Level.WARNING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert as_editor.get(urls(run)["inspect"]).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert as_editor.get(f"{urls(run)['inspect']}?level=warning&p=4").status_code == 200


def test_forged_run_ids_are_not_found(as_editor):
    run = make_run()
    missing = run.pk + 1000
    assert as_editor.get(f"{INDEX_URL}{missing}/").status_code == 404
    assert as_editor.get(f"{INDEX_URL}{missing}/status/").status_code == 404
    assert as_editor.post(f"{INDEX_URL}{missing}/confirm/").status_code == 404
    assert as_editor.get(f"{INDEX_URL}nonsense/").status_code == 404


# --- Confirming -------------------------------------------------------------------------------


def test_checked_run_offers_the_import_button(as_editor):
    run = make_run(Stage.CHECKED)
    html = as_editor.get(urls(run)["inspect"]).content.decode()
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', html, re.S)
    assert form.group(1) == urls(run)["confirm"]
    assert 'name="csrfmiddlewaretoken"' in form.group(2)
    assert "Import these posts" in form.group(2)
    assert "drafts in clinical review" in html


def test_confirm_queues_the_import_and_says_where_posts_arrive(
    as_editor, editor, django_capture_on_commit_callbacks
):
    run = make_run(Stage.CHECKED)
    with django_capture_on_commit_callbacks() as queued:
        response = as_editor.post(urls(run)["confirm"])
    assert response.status_code == 302 and response["Location"] == urls(run)["inspect"]
    assert len(queued) == 1
    run = fresh(run)
    assert (run.stage, run.dry_run, run.started_by) == (Stage.QUEUED, False, editor)
    assert any("drafts in clinical review" in text for text in shown_messages(response))


@pytest.mark.parametrize(
    "stage, dry_run, stored, reason",
    [
        (Stage.QUEUED, True, True, "has not been checked yet"),
        (Stage.CHECKING, True, True, "still being checked"),
        (Stage.IMPORTING, False, True, "being imported already"),
        (Stage.FINISHED, False, False, "imported already"),
        (Stage.FAILED, True, False, "check of this file failed"),
        (Stage.CHECKED, True, False, "upload the export again"),
    ],
)
def test_confirm_of_a_run_that_is_not_ready_changes_nothing(
    as_editor, django_capture_on_commit_callbacks, stage, dry_run, stored, reason
):
    run = make_run(stage, dry_run=dry_run, stored=stored)
    with django_capture_on_commit_callbacks() as queued:
        response = as_editor.post(urls(run)["confirm"], follow=True)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not queued
    after = fresh(run)
    assert (after.stage, after.dry_run) == (stage, dry_run)


def test_confirm_needs_post_and_csrf(editor):
    run = make_run(Stage.CHECKED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(urls(run)["confirm"]).status_code == 405
    assert client.post(urls(run)["confirm"]).status_code == 403
    assert (fresh(run).stage, fresh(run).dry_run) == (Stage.CHECKED, True)


# --- Deleting (superusers) --------------------------------------------------------------------


def test_superuser_deletes_a_run_its_messages_and_its_file():
    run = make_run(Stage.CHECKED)
    add_messages(run, 2)
    stored = run.stored_file
    client = client_for("Administrators")
    assert client.get(f"{INDEX_URL}{run.pk}/delete/").status_code == 200
    assert client.post(f"{INDEX_URL}{run.pk}/delete/").status_code == 302
    assert not ImportRun.objects.exists() and not ImportMessage.objects.exists()
    assert not storage().exists(stored)


def test_a_running_run_cannot_be_deleted():
    run = make_run(Stage.IMPORTING, dry_run=False)
    client = client_for("Administrators")
    delete_url = f"{INDEX_URL}{run.pk}/delete/"
    assert delete_url not in client.get(INDEX_URL).content.decode()
    assert delete_url not in client.get(urls(run)["inspect"]).content.decode()
    response = client.post(f"{INDEX_URL}{run.pk}/delete/", follow=True)
    assert "still running" in response.content.decode()
    assert ImportRun.objects.filter(pk=run.pk).exists()


# --- End to end (the importer, run at once by the test task backend) ---------------------------


def test_upload_check_confirm_import(as_editor, site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_editor.post(UPLOAD_URL, {"export": xml_upload()})
    run = ImportRun.objects.get()
    assert response["Location"] == urls(run)["inspect"]
    assert (run.stage, run.dry_run) == (Stage.CHECKED, True), run.error
    assert run.count("posts", "created") == 1
    assert not BlogPage.objects.filter(slug="morning-routines").exists()  # only checked

    html = as_editor.get(urls(run)["inspect"]).content.decode()
    assert "Import these posts" in html and "Tiny Recovery Blog" in html
    assert counts_of(html)[1]["Posts"][0] == 1

    with django_capture_on_commit_callbacks(execute=True):
        as_editor.post(urls(run)["confirm"])
    run = fresh(run)
    assert (run.stage, run.dry_run) == (Stage.FINISHED, False), run.error
    assert run.count("posts", "created") == 1 and run.count("comments", "created") == 1
    assert run.skipped.get("pages") == 1
    assert run.stored_file == ""  # the export (with commenters' addresses) is gone
    page = BlogPage.objects.get(slug="morning-routines")
    assert not page.live
    html = as_editor.get(urls(run)["inspect"]).content.decode()
    assert "What the import did" in html and "Import these posts" not in html


def test_a_file_that_is_not_an_export_fails_its_check_visibly(
    as_editor, site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_editor.post(UPLOAD_URL, {"export": xml_upload(b"<html><body>Hi</body></html>")})
    run = ImportRun.objects.get()
    assert run.stage == Stage.FAILED
    html = as_editor.get(urls(run)["inspect"]).content.decode()
    assert "Why it stopped" in html and "Import these posts" not in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_real_task_worker_checks_and_imports_an_upload(settings, site_tree):
    # The request only stores the file and queues a task; `manage.py db_worker` does the rest.
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    client = Client()
    client.force_login(user_in_group("ed", "Editors"))

    client.post(UPLOAD_URL, {"export": xml_upload()})
    run = ImportRun.objects.get()
    assert run.stage == Stage.QUEUED
    task = DBTaskResult.objects.get(task_path="wordpress.tasks.check_export")
    assert task.status == "READY"

    run_worker()
    run = fresh(run)
    assert (run.stage, run.count("posts", "created")) == (Stage.CHECKED, 1), run.error
    assert not BlogPage.objects.filter(slug="morning-routines").exists()

    client.post(urls(run)["confirm"])
    assert fresh(run).stage == Stage.QUEUED
    run_worker()
    run = fresh(run)
    assert run.stage == Stage.FINISHED, run.error
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    assert not BlogPage.objects.get(slug="morning-routines").live


def run_worker():
    """The real worker, in this process: every task that is due, then exit."""
    worker = ["db_worker", "--backend", "background", "--batch", "--no-startup-delay"]
    call_command(*worker, stdout=io.StringIO())
