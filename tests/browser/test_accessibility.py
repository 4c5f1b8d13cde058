"""axe-core on the pages readers see: no serious or critical violations.

axe-playwright-python ships axe-core's script in its wheel, so nothing is fetched. One test
visits every page on one demo site (loading the demo content is the slow part) and reports
all the violations together.
"""

from axe_playwright_python.sync_playwright import Axe
from django_comments_xtd.models import XtdComment
from playwright.sync_api import expect

from comments.signing import make_token

BLOCKING_IMPACTS = {"serious", "critical"}


def reader_pages():
    """(name, path, expected h1 text) for every page the issue lists."""
    comment = XtdComment.norel_objects.order_by("pk").first()
    return [
        ("home", "/", None),
        ("blog index", "/blog/", None),
        ("article", "/blog/power-of-peer-support/", "Peer Support"),
        ("author", "/authors/maya-castillo/", "Maya Castillo"),
        ("search results", "/search/?q=peer", None),
        # After posting, readers land on "posted"; the link in the email leads to "confirmed".
        (
            "comment posted",
            "/comments/posted/?c=" + make_token("posted", comment.pk),
            "awaiting moderation",
        ),
        ("comment confirmed", f"/comments/confirm/{make_token('confirm', comment.pk)}/", None),
        ("404", "/no-such-page/", None),
    ]


def blocking_violations(page):
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(name, violation):
    nodes = "\n".join(
        f"      {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
        for node in violation["nodes"]
    )
    return f"  {name}: {violation['id']} ({violation['impact']}) {violation['help']}\n{nodes}"


def test_reader_pages_have_no_serious_axe_violations(page, demo_site):
    found = []
    for name, path, heading in reader_pages():
        response = page.goto(demo_site + path)
        assert response.status == (404 if name == "404" else 200), f"{name}: {path}"
        if heading:
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        found += [describe(name, violation) for violation in blocking_violations(page)]
    assert not found, "Serious or critical axe violations:\n" + "\n".join(found)


def test_the_axe_check_reports_serious_violations(page):
    # Guards the check itself: an unlabelled field and an image without alt text must be caught.
    page.set_content(
        '<html lang="en"><title>t</title><main><img src="data:,"><input type=text></main></html>'
    )
    assert {v["id"] for v in blocking_violations(page)} >= {"image-alt", "label"}
