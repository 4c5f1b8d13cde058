"""Readers and machines see the clinical review: the review line and schema.org JSON-LD."""

import json
import re
from datetime import UTC, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogPage, BlogPageAuthor
from editorial.models import ClinicalApproval
from tests.factories import AuthorFactory, clinician, make_image, make_post
from tests.reading import get_html

JSON_LD_RE = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.S)
REVIEW_LINE_RE = re.compile(r'<p class="review-badge">.*?</p>', re.S)


def json_ld(html):
    scripts = JSON_LD_RE.findall(html)
    assert len(scripts) == 1, scripts
    return json.loads(scripts[0])


def review_line(html):
    match = REVIEW_LINE_RE.search(html)
    return match and re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group())).strip()


def reviewer(username, name, credentials):
    """A clinical reviewer whose Author profile gives their name and credentials."""
    user = clinician(username)
    profile = AuthorFactory(name=name, credentials=credentials, user=user)
    return user, profile


def publish_reviewed(post, user, approved_at):
    """Clinically approve the post's latest content, then publish it."""
    revision = post.save_revision()
    ClinicalApproval.objects.record(revision, user, approved_at=approved_at)
    revision.publish()
    post.refresh_from_db()
    return post


def reviewed_post(blog_index, **kwargs):
    user, profile = reviewer("dr-chen", "Maya Chen", "MD, FASAM")
    post = make_post(blog_index, publish=False, **kwargs)
    # make_post leaves sort_order unset (so author order is undefined); number the authors in
    # the order given, as the editor's inline panel does.
    for position, pk in enumerate(post.blog_authors.order_by("pk").values_list("pk", flat=True)):
        BlogPageAuthor.objects.filter(pk=pk).update(sort_order=position)
    publish_reviewed(post, user, approved_at=datetime(2025, 3, 4, 15, 30, tzinfo=UTC))
    return post, profile


def test_article_shows_who_reviewed_it_and_when(client, blog_index):
    post, profile = reviewed_post(blog_index, title="Peer support")

    html = get_html(client, post.url)

    assert review_line(html) == "Clinically reviewed by Maya Chen, MD, FASAM on 4 March 2025"
    line = REVIEW_LINE_RE.search(html).group()
    assert '<time datetime="2025-03-04">4 March 2025</time>' in line
    assert f'<a href="/authors/{profile.slug}/">Maya Chen, MD, FASAM</a>' in line
    assert re.search(r'<svg class="review-badge__icon" aria-hidden="true" focusable="false"', line)
    # The line sits in the article header, beside the byline and publication dates.
    start = html.index('<header class="article__header')
    header = html[start : html.index("</header>", start)]
    assert line in header
    assert post.clinical_approval.reviewer_name == "Maya Chen, MD, FASAM"


def test_reviewer_without_author_profile_is_named_without_a_link(client, blog_index):
    post = make_post(blog_index, title="Reviewed by an account")  # reviewer has no profile

    html = get_html(client, post.url)

    assert review_line(html).startswith("Clinically reviewed by Casey Reviewer on ")
    assert "<a" not in REVIEW_LINE_RE.search(html).group()
    assert "url" not in json_ld(html)["reviewedBy"]


def test_no_review_line_or_review_data_without_an_approval(client, blog_index):
    post = make_post(blog_index, title="Legacy post")
    # Published with its approval (the database's publish rule checks that at commit, and at
    # the end of the test); then the approval is lost, as on a post from before reviews.
    connection.check_constraints()
    BlogPage.objects.filter(pk=post.pk).update(clinical_approval=None)

    html = get_html(client, post.url)

    assert "Clinically reviewed" not in html
    assert 'class="review-badge"' not in html
    data = json_ld(html)
    assert "reviewedBy" not in data
    assert "lastReviewed" not in data
    assert data["headline"] == "Legacy post"


def test_json_ld_describes_the_article(client, blog_index):
    dana = AuthorFactory(name="Dana Rivers", credentials="LCSW", role="Clinical Director")
    sam = AuthorFactory(name="Sam Ortiz", credentials="", role="Peer Specialist")
    post, profile = reviewed_post(
        blog_index,
        title="The power of peer support",
        summary="Why sitting with people who understand helps.",
        authors=[sam, dana],
        listing_image=make_image("Hero"),
    )

    html = get_html(client, post.url)
    data = json_ld(html)

    head = html[: html.index("</head>")]
    assert JSON_LD_RE.search(head), "the JSON-LD belongs in the head"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["headline"] == "The power of peer support"
    assert data["description"] == "Why sitting with people who understand helps."
    assert data["url"] == post.full_url
    assert data["url"].startswith("http")
    assert [a["name"] for a in data["author"]] == ["Sam Ortiz", "Dana Rivers"]
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Sam Ortiz",
        "jobTitle": "Peer Specialist",
        "url": f"http://localhost/authors/{sam.slug}/",
    }
    assert data["author"][1]["honorificSuffix"] == "LCSW"
    assert data["author"][1]["jobTitle"] == "Clinical Director"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Maya Chen, MD, FASAM",
        "url": f"http://localhost/authors/{profile.slug}/",
    }
    assert data["lastReviewed"] == "2025-03-04"
    published = datetime.fromisoformat(data["datePublished"])
    modified = datetime.fromisoformat(data["dateModified"])
    assert published == post.first_published_at.replace(microsecond=0)
    assert modified == post.last_published_at.replace(microsecond=0)
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Kinship",
        "url": "http://localhost/",
    }
    # The image is the hero the article shows, as an absolute URL.
    hero_src = re.search(r'<figure class="article__hero[^"]*">\s*<img src="([^"]+)"', html)[1]
    assert data["image"] == f"http://localhost{hero_src}"


def test_json_ld_publisher_is_the_sites_name(client, blog_index):
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(site_name="Harbor Recovery")
    post = make_post(blog_index, title="Named site")

    data = json_ld(get_html(client, post.url))

    assert data["publisher"]["name"] == "Harbor Recovery"
    assert "image" not in data  # no listing image, no image


def test_json_ld_cannot_break_out_of_its_script_element(client, blog_index):
    title = "</script><script>alert(1)</script> & <!-- more"
    post = make_post(blog_index, title=title, summary="Fish & chips <b>bold</b>")

    html = get_html(client, post.url)

    assert "<script>alert(1)" not in html
    assert "</script><script>" not in html
    assert html.count("<script") == html.count("</script>")
    script = JSON_LD_RE.search(html).group(1)
    assert "<" not in script and ">" not in script and "&" not in script
    assert "\\u003C/script\\u003E" in script
    data = json_ld(html)
    assert data["headline"] == title
    assert data["description"] == "Fish & chips <b>bold</b>"


def test_new_approval_and_republish_show_the_new_review(client, blog_index):
    post, _ = reviewed_post(blog_index, title="Revised post")
    first = json_ld(get_html(client, post.url))
    assert first["reviewedBy"]["name"] == "Maya Chen, MD, FASAM"

    # An edit needs a new approval; a different clinician gives it.
    new_reviewer, _ = reviewer("dr-okafor", "Ade Okafor", "PsyD")
    post.summary = "Updated with new guidance."
    publish_reviewed(post, new_reviewer, approved_at=datetime(2026, 1, 20, 9, 0, tzinfo=UTC))

    html = get_html(client, post.url)
    data = json_ld(html)

    assert review_line(html) == "Clinically reviewed by Ade Okafor, PsyD on 20 January 2026"
    assert "Maya Chen" not in html
    assert data["reviewedBy"]["name"] == "Ade Okafor, PsyD"
    assert data["lastReviewed"] == "2026-01-20"
    assert data["description"] == "Updated with new guidance."
    assert datetime.fromisoformat(data["dateModified"]) == post.last_published_at.replace(
        microsecond=0
    )
    assert data["datePublished"] == first["datePublished"]


def test_last_updated_is_kept_beside_the_review_line(client, blog_index):
    post, _ = reviewed_post(blog_index, title="Older post")
    BlogPage.objects.filter(pk=post.pk).update(
        first_published_at=datetime(2024, 3, 1, 8, 0, tzinfo=UTC),
        last_published_at=datetime(2025, 3, 5, 9, 0, tzinfo=UTC),
    )

    html = get_html(client, post.url)

    assert "<dt>Last updated</dt>" in html
    assert '<time datetime="2025-03-05T09:00:00+00:00">5 March 2025</time>' in html
    assert "Clinically reviewed by Maya Chen, MD, FASAM" in review_line(html)
    data = json_ld(html)
    assert data["datePublished"] == "2024-03-01T08:00:00+00:00"
    assert data["dateModified"] == "2025-03-05T09:00:00+00:00"


def test_preview_shows_the_review_only_when_it_covers_the_previewed_content(blog_index):
    post, _ = reviewed_post(blog_index, title="Previewed post")

    html = post.make_preview_request().render().content.decode()
    assert "Clinically reviewed by Maya Chen, MD, FASAM" in review_line(html)

    post.summary = "An unreviewed edit."
    post.save_revision()
    draft = post.get_latest_revision_as_object()
    html = draft.make_preview_request().render().content.decode()
    assert "Clinically reviewed" not in html
    assert "reviewedBy" not in json_ld(html)


def test_review_and_json_ld_cost_constant_queries(client, blog_index):
    """The review line and JSON-LD add one query (the approval), whatever the author count,
    and the JSON-LD's image reuses the hero rendition the article renders."""

    def queries(post):
        client.get(post.url)  # warm up: renditions are generated on first view
        with CaptureQueriesContext(connection) as ctx:
            html = get_html(client, post.url)
        return [q["sql"] for q in ctx.captured_queries], html

    one = make_post(blog_index, title="One author", listing_image=make_image("one"))
    many = make_post(
        blog_index,
        title="Many authors",
        authors=[AuthorFactory() for _ in range(5)],
        listing_image=make_image("many"),
    )
    client.get(
        one.url
    )  # the first article creates the site settings (then kept: pagecache/kept.py)
    one_queries, _ = queries(one)
    many_queries, html = queries(many)

    assert len(many_queries) == len(one_queries)
    assert len(json_ld(html)["author"]) == 5
    assert sum('"editorial_clinicalapproval"' in sql for sql in many_queries) == 1
    hero_lookups = [sql for sql in many_queries if 'FROM "wagtailimages_rendition"' in sql]
    assert len(hero_lookups) <= 1
