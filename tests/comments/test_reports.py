"""Readers report comments: no login, CSRF protected, rate limited per IP,
only public comments on live public articles, and the reporter never shown publicly."""

from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from cms.settings.base import redis_cache
from comments import ratelimit
from comments.models import CommentReport
from tests.factories import make_comment, make_post
from tests.processes import free_port

# The comments here are published without signals (signals=False): no follow-up emails are
# involved in reporting.


def url(comment):
    return f"/comments/report/{comment.pk}/"


def test_the_article_links_each_public_comment_to_its_report_form(client, post):
    comment = make_comment(post, signals=False)
    page = client.get(post.url).content.decode()
    assert f'href="{url(comment)}"' in page


def test_a_reader_reports_a_comment(client, post):
    comment = make_comment(post, text="Nasty <script>alert(1)</script> words", signals=False)
    form = client.get(url(comment))
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="reason"' in html and "csrfmiddlewaretoken" not in html
    assert not form.cookies  # a reader's page sets no cookie (comments/csrf.py)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert comment.user_email not in html

    response = client.post(
        url(comment),
        {"reason": "This is unkind.", "name": "Rita Reporter", "email": "rita@example.org"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    report = CommentReport.objects.get()
    assert report.comment == comment and report.reason == "This is unkind."
    assert report.reporter_name == "Rita Reporter" and report.reporter_email == "rita@example.org"
    assert report.reporter_ip == "192.0.2.7" and not report.resolved

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert b"Thank you for your report" in thanks.content
    assert f'href="{post.url}#comments"'.encode() in thanks.content
    assert b"Rita" not in thanks.content

    # The reporter is never shown publicly: not on the article, not on the report form.
    for page in (client.get(post.url), client.get(url(comment))):
        assert b"Rita" not in page.content and b"rita@example.org" not in page.content
        assert b"This is unkind." not in page.content


def test_a_reason_is_required_and_at_most_500_characters(client, post):
    comment = make_comment(post, signals=False)
    for reason in ("", "   ", "x" * 501):
        response = client.post(url(comment), {"reason": reason})
        assert response.status_code == 200
        assert b'class="error"' in response.content
    response = client.post(url(comment), {"reason": "ok", "email": "not an address"})
    assert response.status_code == 200
    assert CommentReport.objects.count() == 0
    assert client.post(url(comment), {"reason": "x" * 500}).status_code == 302
    assert CommentReport.objects.count() == 1


def test_a_signed_in_report_without_a_csrf_token_is_refused(post, django_user_model):
    comment = make_comment(post, signals=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("member", password="pw"))
    assert client.post(url(comment), {"reason": "Spam."}).status_code == 403
    assert CommentReport.objects.count() == 0

    # With the token from the form, it works.
    client.get(url(comment))
    token = client.cookies["csrftoken"].value
    response = client.post(url(comment), {"reason": "Spam.", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_reports_are_rate_limited_per_ip_address(client, post):
    comment = make_comment(post, signals=False)
    allowed, _window = ratelimit.REPORT_LIMIT
    for _ in range(allowed):
        response = client.post(url(comment), {"reason": "Spam."}, REMOTE_ADDR="198.51.100.1")
        assert response.status_code == 302
    response = client.post(url(comment), {"reason": "Spam."}, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert b"Too many reports" in response.content
    assert CommentReport.objects.count() == allowed
    # Another reader is not affected.
    response = client.post(url(comment), {"reason": "Spam."}, REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 302


def test_with_the_cache_down_a_report_is_refused_with_its_words_back(client, post, settings):
    comment = make_comment(post, signals=False)
    working = settings.CACHES
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}
    data = {"reason": "This reads like a sales pitch.", "name": "Rita"}
    response = client.post(url(comment), data)
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "We can’t take reports for a few minutes. Your report was not sent" in page
    assert "This reads like a sales pitch.</textarea>" in page
    assert not CommentReport.objects.exists()
    # The cache is back: the same report goes through.
    settings.CACHES = working
    assert client.post(url(comment), data).status_code == 302
    assert CommentReport.objects.get().reason == "This reads like a sales pitch."


def test_only_public_comments_on_live_public_articles_can_be_reported(client, blog_index):
    live = make_post(blog_index, title="Live")
    pending = make_comment(live, public=False, signals=False)
    removed = make_comment(live, removed=True, signals=False)

    draft = make_post(blog_index, title="Unpublished later")
    on_unpublished = make_comment(draft, signals=False)
    draft.unpublish()

    private = make_post(blog_index, title="Members only")
    on_private = make_comment(private, signals=False)
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Moderators")])

    for comment in (pending, removed, on_unpublished, on_private):
        assert client.get(url(comment)).status_code == 404
        assert client.post(url(comment), {"reason": "Spam."}).status_code == 404
        assert client.get(f"{url(comment)}thanks/").status_code == 404
    assert client.get("/comments/report/999999/").status_code == 404
    assert CommentReport.objects.count() == 0


def test_a_get_request_writes_nothing(client, post):
    comment = make_comment(post, signals=False)
    client.get(url(comment) + "?reason=spam")
    assert CommentReport.objects.count() == 0
