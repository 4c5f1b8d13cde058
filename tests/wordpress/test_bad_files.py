"""Files an import refuses: each with a clear reason and its line, and nothing written."""

import pytest
from django.core.management import CommandError
from django_comments_xtd.models import XtdComment

from blog.authors import Author
from blog.models import BlogPage
from blog.taxonomy import BlogCategory
from tests.wordpress.conftest import wxr_path
from wordpress.models import ImportRun

pytestmark = pytest.mark.django_db


def assert_nothing_imported():
    assert not BlogPage.objects.exists()
    assert not Author.objects.exists()
    assert not BlogCategory.objects.exists()
    assert not XtdComment.objects.exists()


def refused(import_wxr, name, match):
    with pytest.raises(CommandError, match=match) as raised:
        import_wxr(name)
    run = ImportRun.objects.latest("pk")
    assert run.stage == ImportRun.Stage.FAILED
    assert run.error == str(raised.value)
    assert_nothing_imported()
    return run


@pytest.mark.parametrize(
    "name, reason, line",
    [
        ("billion-laughs.xml", "declares XML entities", 3),
        ("xxe.xml", "refers to an external entity", 3),
        ("external-dtd.xml", "refers to an external entity", 2),
        ("plain-rss.xml", "not a WordPress export", 6),
    ],
)
def test_unsafe_or_foreign_files_are_refused_with_their_line(import_wxr, name, reason, line):
    run = refused(import_wxr, name, reason)
    assert f"(line {line})" in run.error


def test_an_entity_is_never_expanded(import_wxr):
    refused(import_wxr, "xxe.xml", "external entity")
    assert "root:" not in "".join(ImportRun.objects.values_list("source_title", flat=True))


def test_a_truncated_file_imports_nothing(import_wxr, tmp_path):
    # Cut inside the second post: the first is complete, and still nothing is imported.
    text = wxr_path("harbor.xml").read_text()
    cut = text.index("Building a Morning Routine")
    path = tmp_path / "cut.xml"
    path.write_text(text[:cut])

    run = refused(import_wxr, str(path), "ends too early")
    assert f"(line {text[:cut].count(chr(10)) + 1})" in run.error


def test_an_unknown_version_is_refused(import_wxr, tmp_path):
    path = tmp_path / "future.xml"
    path.write_text(
        wxr_path("harbor.xml").read_text().replace("<wp:wxr_version>1.2<", "<wp:wxr_version>2.0<")
    )

    run = refused(import_wxr, str(path), "WXR version 2.0 is not supported")
    assert "(line 17)" in run.error


def test_a_file_that_is_not_xml_is_refused(import_wxr, tmp_path):
    path = tmp_path / "export.xml"
    path.write_text("<rss><channel><title>Broken & wrong</title></channel></rss>")

    refused(import_wxr, str(path), "not well-formed XML")


def test_an_html_page_saved_as_xml_is_refused(import_wxr, tmp_path):
    path = tmp_path / "page.xml"
    path.write_text("<html><body><p>Saved page</p></body></html>")

    refused(import_wxr, str(path), "it starts with <html>")
