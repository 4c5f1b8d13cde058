import pytest
from django.core import mail
from django_comments_xtd.models import XtdComment

from tests.factories import comment_form_data as form_data

pytestmark = pytest.mark.usefixtures("emails_at_commit")


def test_post_is_held_and_confirmation_sent(client, post):
    response = client.post("/comments/post/", form_data(client, post.url))
    assert response.status_code == 302, response.content[:500]
    comment = XtdComment.objects.get()
    assert not comment.is_public
    page = client.get(response["Location"])
    assert b"awaiting moderation" in page.content
    assert len(mail.outbox) == 1
    assert b"Thank you for this." not in client.get(post.url).content


def test_crisis_comment_shows_help(client, post):
    response = client.post(
        "/comments/post/", form_data(client, post.url, comment="I want to end my life"), follow=True
    )
    assert b"988" in response.content and b"741741" in response.content
    assert XtdComment.objects.get().moderation.urgent
