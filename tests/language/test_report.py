"""Reports › Language check, `manage.py check_language`, the guide's admin rights, and the
findings kept current when posts are published and the guide changes."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from language.models import LanguageTerm, PageLanguageCheck
from tests.factories import make_post, user_in_group

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/language-check/"
GUIDE = "/admin/snippets/language/languageterm/"


def body(words):
    return [
        {"type": "intro", "value": f"<p>{words}</p>"},
        {"type": "quote", "value": {"quote": "An addict, an alcoholic.", "attribution": ""}},
    ]


@pytest.fixture
def posts(blog_index, django_capture_on_commit_callbacks):
    # Published as the admin would: the findings are kept by the task that publishing queues.
    with django_capture_on_commit_callbacks(execute=True):
        one = make_post(blog_index, title="One flag", body=body("He was an addict."))
        three = make_post(
            blog_index, title="Three flags", body=body("An addict, a junkie, an alcoholic.")
        )
        make_post(blog_index, title="No flag", body=body("Everyone is welcome."))
    return one, three


def as_role(group):
    client = Client()
    client.force_login(user_in_group(f"u-{group[:4].lower()}", group))
    return client


def titles(html):
    return re.findall(
        r'<tr data-page-id="\d+">\s*<td class="title">\s*<div class="title-wrapper">\s*'
        r'(?:<a href="[^"]*">)?([^<]+)',
        html,
    )


def test_the_report_lists_live_posts_with_flags_most_first(posts):
    html = as_role("Editors").get(REPORT).content.decode()
    assert titles(html) == ["Three flags", "One flag"]
    assert "“junkie” × 1 → person who uses drugs" in html


@pytest.mark.parametrize("group", ["Editors", "Clinical reviewers"])
def test_editors_and_clinicians_see_the_report(posts, group):
    client = as_role(group)
    assert client.get(REPORT).status_code == 200
    # The Reports menu (the sidebar's JSON) offers it.
    assert '"/admin/reports/language-check/"' in client.get("/admin/").content.decode()


@pytest.mark.parametrize("group", ["Writers", "Moderators"])
def test_other_roles_are_refused_the_report(posts, group):
    response = as_role(group).get(REPORT)
    assert response.status_code in (302, 403)
    assert "Three flags" not in response.content.decode()


def test_the_report_exports_csv_and_xlsx(posts):
    client = as_role("Editors")
    exported = client.get(REPORT, {"export": "csv"})
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Title", "Flagged words", "Terms", "Reading grade", "Checked"]
    assert [row[:2] for row in rows[1:]] == [["Three flags", "3"], ["One flag", "1"]]
    xlsx = b"".join(client.get(REPORT, {"export": "xlsx"}).streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    sheet = book.active
    assert [cell.value for cell in sheet[2]][:2] == ["Three flags", 3]


def test_the_report_queries_do_not_grow_with_posts(
    blog_index, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client = as_role("Editors")
    with django_capture_on_commit_callbacks(execute=True):
        make_post(blog_index, title="First", body=body("An addict."))
    client.get(REPORT)
    with CaptureQueriesContext(connection) as one:
        client.get(REPORT)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(12):
            make_post(blog_index, title=f"Post {number}", body=body("Junkies and addicts."))
    with django_assert_max_num_queries(len(one)):
        client.get(REPORT)


def test_changing_the_guide_rechecks_the_live_posts(posts, django_capture_on_commit_callbacks):
    one, _three = posts
    assert PageLanguageCheck.objects.get(page=one).findings_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        LanguageTerm.objects.filter(term="addict").get().delete()
    assert not PageLanguageCheck.objects.get(page=one).findings_count
    with django_capture_on_commit_callbacks(execute=True):
        LanguageTerm.objects.create(term="welcome", suggestion="glad", reason="A test.")
    html = as_role("Editors").get(REPORT).content.decode()
    assert "No flag" in titles(html)


# The guide's rights


def test_a_clinician_edits_the_guide(posts):
    client = as_role("Clinical reviewers")
    term = LanguageTerm.objects.get(term="addict")
    response = client.post(
        f"{GUIDE}edit/{term.pk}/",
        {
            "term": "addict",
            "forms": "addicts",
            "suggestion": "person with an addiction",
            "reason": "Person-first.",
            "exceptions": "",
        },
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.suggestion == "person with an addiction"


@pytest.mark.parametrize("group", ["Editors", "Clinical reviewers"])
def test_editors_and_clinicians_add_terms(group):
    client = as_role(group)
    response = client.post(
        f"{GUIDE}add/", {"term": "fiend", "suggestion": "person", "reason": "A slur."}
    )
    assert response.status_code == 302
    assert LanguageTerm.objects.filter(term="fiend").exists()


@pytest.mark.parametrize("group", ["Writers", "Moderators"])
def test_writers_and_moderators_cannot_change_the_guide(group):
    client = as_role(group)
    term = LanguageTerm.objects.get(term="addict")
    client.post(f"{GUIDE}edit/{term.pk}/", {"term": "x", "suggestion": "y", "reason": "z"})
    client.post(f"{GUIDE}add/", {"term": "fiend", "suggestion": "person", "reason": "A slur."})
    client.post(f"{GUIDE}delete/{term.pk}/")
    term.refresh_from_db()
    assert term.term == "addict" and not LanguageTerm.objects.filter(term="fiend").exists()


def test_a_writer_may_read_the_guide():
    assert as_role("Writers").get(GUIDE).status_code == 200


# manage.py check_language


def run(*args):
    out = io.StringIO()
    try:
        call_command("check_language", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_the_command_lists_the_site_most_findings_first_and_exits_1(posts):
    code, output = run()
    assert code == 1
    lines = output.splitlines()
    assert lines[0].startswith("Three flags (")
    assert "“junkie” → person who uses drugs" in output
    assert output.index("Three flags") < output.index("One flag")
    assert "No flag" not in output


def test_the_command_checks_text_and_html_files_with_their_lines(tmp_path):
    text = tmp_path / "draft.txt"
    text.write_text("First line.\nShe stayed clean for a year.\n", encoding="utf-8")
    html = tmp_path / "draft.html"
    html.write_text(
        '<p>Welcome.</p>\n<p><a href="/addict/">a link</a></p>\n'
        "<blockquote>\nI was an addict.\n</blockquote>\n<p>An alcoholic.</p>\n",
        encoding="utf-8",
    )
    code, output = run(str(text), str(html))
    assert code == 1
    assert f"{text}:2: “stayed clean” → testing negative" in output
    assert f"{html}:6: “alcoholic” → person with an alcohol use disorder" in output
    assert "addict”" not in output  # neither the link's address nor the quote


def test_the_command_exits_0_for_a_clean_file(tmp_path):
    clean = tmp_path / "ok.txt"
    clean.write_text("A person in recovery.", encoding="utf-8")
    assert run(str(clean)) == (0, "No word from the language guide.\n")
