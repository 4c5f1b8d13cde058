"""How comments show on the article and in listings: public only, threaded, private details
kept out of the page, counts that match what readers can see."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site as DjangoSite
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment
from wagtail.models import Page, Site

from blog.models import BlogPage
from comments.models import CommentPolicy
from tests.comments.helpers import top_level_ids
from tests.factories import AuthorFactory, comment_form_data, make_comment, make_post

POST_URL = "/comments/post/"


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def comment_item(page, comment):
    return page.find("li", id=f"c{comment.pk}")


# What shows -----------------------------------------------------------------------------------


def test_only_public_comments_show(client, post):
    make_comment(post, "Approved and visible")
    make_comment(post, "Waiting for a moderator", public=False)
    make_comment(post, "Removed by a moderator", removed=True)
    html = client.get(post.url).content.decode()
    assert "Approved and visible" in html
    assert "Waiting for a moderator" not in html
    assert "Removed by a moderator" not in html
    assert "1 comment<" in html


def test_comments_on_another_post_do_not_show(client, blog_index, post):
    other = make_post(blog_index, title="Other")
    make_comment(other, "On the other article")
    html = client.get(post.url).content.decode()
    assert "On the other article" not in html
    assert "0 comments" in html


def test_replies_nest_under_their_parent(client, post):
    top = make_comment(post, "Top level")
    reply = make_comment(post, "A reply", parent=top)
    deeper = make_comment(post, "A reply to the reply", parent=reply)
    other_top = make_comment(post, "Another thread")
    page = soup(client, post.url)

    assert top_level_ids(page) == [top.pk, other_top.pk]
    reply_item = comment_item(page, reply)
    assert reply_item.find_parent("li", class_="comment")["id"] == f"c{top.pk}"
    assert "comment-list--replies" in reply_item.parent["class"]
    deeper_item = comment_item(page, deeper)
    assert deeper_item.find_parent("li", class_="comment")["id"] == f"c{reply.pk}"
    assert page.find(id="comments-heading").text.strip() == "4 comments"


def test_threads_stop_at_three_levels(client, post):
    top = make_comment(post, "Level 0")
    middle = make_comment(post, "Level 1", parent=top)
    deepest = make_comment(post, "Level 2", parent=middle)
    page = soup(client, post.url)
    # Readers can reply to the first two levels, never to the third.
    assert comment_item(page, top).find("a", href=f"?reply_to={top.pk}#comment-form")
    assert comment_item(page, middle).find("a", href=f"?reply_to={middle.pk}#comment-form")
    assert not comment_item(page, deepest).find("a", href=re.compile("reply_to"))
    assert len(comment_item(page, deepest).find_parents("ol", class_="comment-list")) == 3


def test_reply_link_prefills_the_form(client, post):
    top = make_comment(post, "Level 0", name="Alex")
    page = soup(client, f"{post.url}?reply_to={top.pk}")
    form = page.find(id="comment-form")
    assert "Reply to Alex" in form.find("h3").text
    assert form.find("input", attrs={"name": "reply_to"})["value"] == str(top.pk)


@pytest.mark.parametrize("hidden", ["removed", "unpublished"])
def test_reply_under_hidden_parent_is_hidden(client, post, hidden):
    parent = make_comment(post, "The parent")
    make_comment(post, "An orphaned reply", parent=parent)
    make_comment(post, "Another thread")
    if hidden == "removed":
        XtdComment.norel_objects.filter(pk=parent.pk).update(is_removed=True)
    else:
        XtdComment.norel_objects.filter(pk=parent.pk).update(is_public=False)
    html = client.get(post.url).content.decode()
    assert "The parent" not in html
    assert "An orphaned reply" not in html
    assert "Another thread" in html
    assert "1 comment<" in html


def test_oldest_first_by_default_and_newest_first_on_request(client, post):
    first = make_comment(post, "First")
    first_reply = make_comment(post, "Reply to first", parent=first)
    second = make_comment(post, "Second")
    third = make_comment(post, "Third")

    page = soup(client, post.url)
    assert top_level_ids(page) == [first.pk, second.pk, third.pk]
    order = page.find("nav", class_="comments__order")
    assert order.find("a", href="?comments=newest#comments")
    assert order.find(attrs={"aria-current": "true"}).text.strip() == "Oldest first"

    page = soup(client, f"{post.url}?comments=newest")
    assert top_level_ids(page) == [third.pk, second.pk, first.pk]
    # Replies stay under their parent, in the order they were written.
    assert comment_item(page, first_reply).find_parent("li")["id"] == f"c{first.pk}"
    order = page.find("nav", class_="comments__order")
    assert order.find("a", href="?comments=oldest#comments")
    assert order.find(attrs={"aria-current": "true"}).text.strip() == "Newest first"


def test_permalink_anchor(client, post):
    comment = make_comment(post, "Link to me")
    page = soup(client, post.url)
    item = page.find(id=f"c{comment.pk}")
    assert item is not None and item.name == "li"
    assert item.find("a", href=f"#c{comment.pk}")
    assert post.get_absolute_url() == post.url


def test_team_replies_are_marked(client, post):
    reader = make_comment(post, "A reader's question")
    team = make_comment(post, "From the team", parent=reader, from_team=True, name="Kinship")
    page = soup(client, post.url)
    team_item = comment_item(page, team)
    assert "comment--team" in team_item["class"]
    assert "Kinship team" in team_item.find(class_="comment__badge").text
    reader_item = comment_item(page, reader)
    assert "comment--team" not in reader_item["class"]
    assert not reader_item.find("article").find(class_="comment__badge")


def test_email_and_ip_never_appear_in_page_source(client, post):
    parent = make_comment(post, "Visible comment", email="secret.reader@example.org")
    make_comment(post, "Visible reply", parent=parent, email="other.secret@example.net")
    for url in (post.url, f"{post.url}?reply_to={parent.pk}", f"{post.url}?comments=newest"):
        html = client.get(url).content.decode()
        assert "Visible reply" in html
        assert "secret.reader" not in html and "other.secret" not in html
        assert "192.0.2.10" not in html
        assert "gravatar" not in html.lower()


def test_email_never_appears_after_posting(client, post):
    fields = comment_form_data(client, post.url, email="hidden.sam@example.org", comment="Hello")
    response = client.post(POST_URL, fields, follow=True)
    assert response.status_code == 200
    assert b"hidden.sam" not in response.content
    XtdComment.norel_objects.update(is_public=True)
    assert b"hidden.sam" not in client.get(post.url).content


def test_line_breaks_are_kept(client, post):
    comment = make_comment(post, "Line one\nline two\n\nA new paragraph <b>bold?</b>")
    body = soup(client, post.url).find(id=f"c{comment.pk}").find(class_="comment__body")
    paragraphs = body.find_all("p")
    assert len(paragraphs) == 2
    assert paragraphs[0].find("br") is not None
    assert paragraphs[0].get_text() == "Line oneline two"
    assert paragraphs[1].get_text() == "A new paragraph <b>bold?</b>"  # shown, not rendered
    assert body.find("b") is None


# The form ------------------------------------------------------------------------------------


def test_form_meets_reader_expectations(client, post):
    page = soup(client, post.url)
    form = page.find(id="comment-form")
    text = " ".join(form.get_text().split())
    assert "Your email address will not be published." in text
    assert "Required fields are marked *" in text
    assert "Name or pseudonym" in text
    assert "health details" in text
    assert form.find("input", attrs={"name": "url"}) is None  # no link on the name


def test_form_fields_have_described_help_text(client, post):
    form = soup(client, post.url).find(id="comment-form")
    for name in ("name", "email", "comment"):
        field = form.find(attrs={"name": name})
        label = form.find("label", attrs={"for": field["id"]})
        assert label is not None
        described = field.get("aria-describedby", "").split()
        assert described, name
        for element_id in described:
            assert form.find(id=element_id) is not None, (name, element_id)
        assert field.has_attr("required")


def test_form_errors_are_announced_and_linked(client, post):
    fields = comment_form_data(client, post.url, name="", email="not-an-email", comment="Hello")
    page = BeautifulSoup(client.post(POST_URL, fields).content, "html.parser")
    summary = page.find(id="comment-form-errors")
    assert summary["role"] == "alert"
    assert summary.find("a", href="#id_name") and summary.find("a", href="#id_email")
    email = page.find("input", attrs={"name": "email"})
    assert email["aria-invalid"] == "true"
    assert "id_email_error" in email["aria-describedby"].split()
    assert page.find(id="id_email_error") is not None
    assert email["value"] == "not-an-email"


def test_guidelines_link_shows_when_set(client, home, post):
    policy = CommentPolicy.for_site(Site.objects.get(is_default_site=True))
    assert "community guidelines" not in client.get(post.url).content.decode()
    guidelines = home.add_child(instance=Page(title="Community guidelines", slug="guidelines"))
    policy.guidelines_page = guidelines
    policy.save()
    form = soup(client, post.url).find(id="comment-form")
    link = form.find("a", string="community guidelines")
    assert link is not None and link["href"] == guidelines.url


def test_guidelines_link_shows_on_the_error_page_too(client, home, post):
    guidelines = home.add_child(instance=Page(title="Community guidelines", slug="guidelines"))
    policy = CommentPolicy.for_site(Site.objects.get(is_default_site=True))
    policy.guidelines_page = guidelines
    policy.save()
    fields = comment_form_data(client, post.url, comment="x" * 3001)
    page = BeautifulSoup(client.post(POST_URL, fields).content, "html.parser")
    assert page.find("a", string="community guidelines")["href"] == guidelines.url


def test_closed_post_shows_no_form(client, post):
    make_comment(post, "Still visible")
    BlogPage.objects.filter(pk=post.pk).update(comments_open=False)
    page = soup(client, post.url)
    assert page.find(id="comment-form") is None
    assert "Comments are closed" in page.find(id="comments").text
    assert "Still visible" in page.find(id="comments").text
    assert not page.find("a", href=re.compile("reply_to"))


# Counts --------------------------------------------------------------------------------------


def card_for(page, post):
    for card in page.find_all("article", class_="post-card"):
        # Search results mark the query's words inside the title, so compare the link's text.
        if any(link.get_text() == post.title for link in card.find_all("a")):
            return card
    raise AssertionError(f"no card for {post.title}")


def card_count_text(page, post):
    return card_for(page, post).find(class_="post-card__comments").get_text(strip=True)


def test_listings_count_public_comments_only(client, home, blog_index, post):
    author = post.authors[0]
    quiet = make_post(blog_index, title="Quiet article", authors=[author])
    one = make_post(blog_index, title="Single comment article", authors=[author])
    top = make_comment(post, "Public")
    make_comment(post, "Public reply", parent=top)
    make_comment(post, "Pending", public=False)
    make_comment(post, "Removed", removed=True)
    make_comment(one, "Only one")
    make_comment(one, "Pending on one", public=False)

    urls = [home.url, blog_index.url, author.get_absolute_url(), "/search/?q=article"]
    for url in urls:
        page = soup(client, url)
        if url.startswith("/search/"):
            assert card_count_text(page, quiet) == "0 comments"
            assert card_count_text(page, one) == "1 comment"
            continue
        assert card_count_text(page, post) == "2 comments", url
        assert card_count_text(page, quiet) == "0 comments", url
        assert card_count_text(page, one) == "1 comment", url

    page = soup(client, "/search/?q=peer")
    assert card_count_text(page, post) == "2 comments"
    # The article's own heading agrees with the listing.
    assert soup(client, post.url).find(id="comments-heading").get_text(strip=True) == "2 comments"


def test_listing_count_ignores_other_sites_and_content_types(client, blog_index, post):
    make_comment(post, "Counted")
    other = make_comment(post, "Other site")
    other_site = DjangoSite.objects.create(domain="other.example", name="Other")
    XtdComment.norel_objects.filter(pk=other.pk).update(site=other_site)
    generic = make_comment(post, "On the generic page")
    XtdComment.norel_objects.filter(pk=generic.pk).update(
        content_type=ContentType.objects.get_for_model(Page)
    )
    page = soup(client, blog_index.url)
    assert card_count_text(page, post) == "1 comment"


def test_listing_count_costs_no_query_per_post(client, blog_index):
    posts = [make_post(blog_index, title=f"Post {i}") for i in range(2)]
    make_comment(posts[0])
    client.get(blog_index.url)
    with CaptureQueriesContext(connection) as baseline:
        client.get(blog_index.url)

    posts += [make_post(blog_index, title=f"More {i}", authors=[AuthorFactory()]) for i in range(6)]
    for p in posts:
        for _ in range(3):
            make_comment(p)
    client.get(blog_index.url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(blog_index.url)
    assert len(ctx.captured_queries) <= len(baseline.captured_queries)
    assert response.content.decode().count("4 comments") == 1
    assert response.content.decode().count("3 comments") == 7
    # The count is part of the listing query itself (plus the paginator's count query).
    touching = [q["sql"] for q in ctx.captured_queries if "django_comments" in q["sql"]]
    assert len(touching) <= 2
