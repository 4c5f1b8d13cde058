"""Nothing private is ever served from the page cache: drafts, previews, pending comments,
signed-in users' pages."""

import pytest
from django.test import Client

from pagecache.middleware import HEADER
from tests.factories import admin_post_form_data, log_in_as, make_post
from tests.pagecache.helpers import served, warm

pytestmark = pytest.mark.django_db


def test_a_saved_draft_of_a_live_article_is_not_served(client, page_cache, committed, post):
    warm(client, post.url)
    post.title = "Unreviewed draft title"
    committed(post.save_revision)
    for _ in range(3):
        assert "Unreviewed draft title" not in served(client, post.url)[1]


def test_an_unpublished_draft_is_not_found_and_not_stored(client, page_cache, blog_index):
    draft = make_post(blog_index, title="Only a draft", publish=False)
    for _ in range(3):
        response = client.get(f"{blog_index.url}{draft.slug}/")
        assert response.status_code == 404
        assert "public" not in response.get("Cache-Control", "")


def test_a_preview_never_reaches_readers(page_cache, post):
    editor = Client()
    log_in_as(editor, "Editors")
    author = post.blog_authors.first().author
    data = admin_post_form_data(author, title="Previewed title", slug=post.slug)
    preview_url = f"/admin/pages/{post.pk}/edit/preview/"
    assert editor.post(preview_url, data).json()["is_valid"]
    assert "Previewed title" in editor.get(preview_url).content.decode()
    reader = Client()
    for _ in range(3):
        assert "Previewed title" not in served(reader, post.url)[1]


def test_a_signed_in_users_page_is_never_served_to_readers(page_cache, post, django_user_model):
    member = Client()
    member.force_login(
        django_user_model.objects.create_user("jo-member", password="pw", first_name="Jo")
    )
    for _ in range(3):
        assert member.get(post.url)[HEADER] == "bypass"
    reader = Client()
    response = warm(reader, post.url)
    assert "jo-member" not in response.content.decode()
    # ...and the reader's cached copy is not what the member gets.
    assert member.get(post.url)[HEADER] == "bypass"
