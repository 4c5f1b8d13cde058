"""The clinician's Review page (editorial/review.py): who may open it, what it shows (the
changes since the last clinical approval, the preview, the decision) and what deciding does."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.rich_text import RichText

from blog.authors import Author
from editorial.models import ClinicalApproval
from tests.factories import make_post, user_in_group

pytestmark = pytest.mark.django_db

BELONGING = "<p>Belonging matters.</p>"  # the benefit section's text in article_body()
EDITED = "<p>Belonging matters to people in early recovery.</p>"


@pytest.fixture
def writer(db):
    return user_in_group("wren", "Writers", first_name="Wren", last_name="Writer")


@pytest.fixture
def reviewer(db):
    user = user_in_group("maya", "Clinical reviewers", first_name="Maya")
    Author.objects.create(name="Maya Castillo", credentials="LCSW, CADC", user=user)
    return user


def submit(post, writer):
    post.get_workflow().start(post, writer)
    return post.current_workflow_task_state


def new_post(blog_index, writer, title="A new post"):
    """A post never clinically approved, submitted by `writer`."""
    post = make_post(blog_index, title=title, publish=False, owner=writer)
    submit(post, writer)
    return post


def edited_post(blog_index, writer, title="Peer support"):
    """A post approved and published once; then `writer` edits the benefit section's text
    and resubmits it."""
    post = make_post(blog_index, title=title, owner=writer)
    # The publish commits before the later approval, as it would outside a test (the
    # publish-rule trigger runs at commit; a test's transaction never commits).
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    draft = post.get_latest_revision_as_object()
    benefit = next(block for block in draft.body if block.block_type == "benefit_section")
    benefit.value["body"] = RichText(EDITED)
    draft.save_revision(user=writer)
    submit(post, writer)
    return post


def review(client, post):
    return client.get(reverse("editorial_review", args=[post.pk]))


def decide(client, post, decision, comment=""):
    url = reverse("editorial_review", args=[post.pk])
    return client.post(url, {"decision": decision, "comment": comment}, follow=True)


def status_of(post):
    return TaskState.objects.filter(workflow_state__object_id=str(post.pk)).latest("pk").status


def message_texts(response):
    return [re.sub(r"\s+", " ", str(m.message)).strip() for m in response.context["messages"]]


# Who may open it


@pytest.mark.parametrize("role", ["Writers", "Editors", "Moderators"])
def test_other_roles_are_refused(client, blog_index, writer, role):
    post = new_post(blog_index, writer)
    client.force_login(user_in_group("someone", role))
    response = review(client, post)
    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert "Your decision" not in client.get(response["Location"]).text


def test_the_writer_of_the_post_is_refused(client, blog_index, writer):
    post = new_post(blog_index, writer)
    client.force_login(writer)
    assert review(client, post).status_code == 302


def test_anonymous_people_are_sent_to_sign_in(client, blog_index, writer):
    post = new_post(blog_index, writer)
    response = review(client, post)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_superuser_outside_the_reviewers_group_is_refused(client, blog_index, writer):
    # Clinical approval is a professional judgement: the task gives superusers no actions
    # unless they are in the reviewers' group, and the Review page follows the task.
    post = new_post(blog_index, writer)
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw"))
    assert review(client, post).status_code == 302


def test_a_clinician_opens_it(client, blog_index, writer, reviewer):
    post = new_post(blog_index, writer)
    client.force_login(reviewer)
    response = review(client, post)
    assert response.status_code == 200
    assert "Your decision" in response.text


def test_an_editor_who_is_also_a_clinical_reviewer_opens_it(client, blog_index, writer):
    post = new_post(blog_index, writer)
    editor = user_in_group("eddie", "Editors")
    user_in_group("eddie", "Clinical reviewers")
    client.force_login(editor)
    assert review(client, post).status_code == 200


def test_an_unknown_page_is_not_found(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("editorial_review", args=[987654])).status_code == 404


def test_a_page_not_in_review_shows_a_message(client, blog_index, reviewer):
    post = make_post(blog_index, title="Already live")
    client.force_login(reviewer)
    response = review(client, post)
    assert response.status_code == 200
    assert "“Already live” is not waiting for clinical review" in response.text
    assert "Your decision" not in response.text
    # Nor can anything be decided on it.
    assert decide(client, post, "approve").status_code == 200
    assert ClinicalApproval.objects.filter(page=post).count() == 1


def test_a_page_gone_on_to_the_editors_says_where_it_is(client, blog_index, writer, reviewer):
    post = new_post(blog_index, writer)
    client.force_login(reviewer)
    decide(client, post, "approve")
    response = review(client, post)
    assert response.status_code == 200
    assert "it is now at the “Editorial approval” step" in response.text


def test_a_page_not_in_review_is_still_refused_to_other_roles(client, blog_index):
    post = make_post(blog_index, title="Already live")
    client.force_login(user_in_group("someone", "Writers"))
    assert review(client, post).status_code == 302


# What it shows


def test_it_shows_the_words_changed_since_the_last_approval(client, blog_index, writer, reviewer):
    post = edited_post(blog_index, writer)
    client.force_login(reviewer)
    response = review(client, post)
    assert response.status_code == 200
    assert "Compared with the version Casey Reviewer approved on" in response.text
    changes = response.context["comparison"]
    assert [change.field_label() for change in changes] == ["Body"]
    diff = str(changes[0].htmldiff())
    assert '<span class="addition"> to people in early recovery.</span>' in diff
    assert '<span class="deletion">.</span>' in diff
    # The unchanged intro and call to action are shown, and not marked as changed.
    assert re.search(r"<span class=\"(addition|deletion)\">[^<]*recovery recovery", diff) is None
    assert "Find a group" in diff
    assert "First clinical review" not in response.text


def test_a_first_review_says_so_and_shows_everything_as_new(client, blog_index, writer, reviewer):
    post = new_post(blog_index, writer, title="Brand new")
    client.force_login(reviewer)
    response = review(client, post)
    assert "First clinical review — no earlier approved version" in response.text
    labels = [change.field_label() for change in response.context["comparison"]]
    assert "Title" in labels and "Body" in labels
    assert '<span class="addition">Brand new</span>' in response.text


def test_the_diff_is_against_the_latest_approval(client, blog_index, writer, reviewer):
    # The clinician approved a draft; the writer then withdrew it, changed the title and
    # resubmitted: only the title is new to clinical review.
    post = new_post(blog_index, writer)
    client.force_login(reviewer)
    decide(client, post, "approve")
    post.current_workflow_state.cancel(user=writer)
    draft = post.get_latest_revision_as_object()
    draft.title = "A new post, retitled"
    draft.save_revision(user=writer)
    submit(post, writer)
    response = review(client, post)
    assert [change.field_label() for change in response.context["comparison"]] == ["Title"]
    assert "Maya Castillo, LCSW, CADC approved on" in response.text


def test_it_frames_wagtails_preview_of_the_revision_under_review(
    client, blog_index, writer, reviewer
):
    post = edited_post(blog_index, writer)
    client.force_login(reviewer)
    response = review(client, post)
    preview_url = response.context["preview_url"]
    assert '<iframe class="kinship-review-preview" title="Preview of “Peer support”' in (
        response.text
    )
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "to people in early recovery" in preview.text  # the revision, not the live page


def test_the_preview_is_refused_to_other_roles(client, blog_index, writer, reviewer):
    post = new_post(blog_index, writer)
    client.force_login(reviewer)
    preview_url = review(client, post).context["preview_url"]
    client.force_login(user_in_group("someone", "Moderators"))
    assert client.get(preview_url).status_code == 302


def test_it_offers_the_three_decisions(client, blog_index, writer, reviewer):
    post = new_post(blog_index, writer)
    client.force_login(reviewer)
    text = review(client, post).text
    buttons = re.findall(r'name="decision" value="([a-z-]+)"', text)
    assert buttons == ["approve", "approve-with-comment", "request-changes"]


# Deciding


def test_approving_records_the_approval_and_says_so(client, blog_index, writer, reviewer):
    post = edited_post(blog_index, writer)
    revision = post.current_workflow_task_state.revision
    client.force_login(reviewer)
    response = decide(client, post, "approve")
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    approval = ClinicalApproval.objects.latest_for(post)
    assert approval.revision == revision and approval.reviewer == reviewer
    assert message_texts(response) == [
        "Approved “Peer support” — clinically reviewed by Maya Castillo, LCSW, CADC. "
        "It now waits for editorial approval."
    ]
    assert "Next in your queue" not in response.text


def test_approving_links_to_the_next_post_in_the_queue(client, blog_index, writer, reviewer):
    post = edited_post(blog_index, writer)
    waiting_longest = new_post(blog_index, writer, title="Waiting longest")
    new_post(blog_index, writer, title="Waiting less")
    client.force_login(reviewer)
    response = decide(client, post, "approve")
    next_url = reverse("editorial_review", args=[waiting_longest.pk])
    assert re.search(
        rf'<a href="{next_url}"[^>]*>\s*Next in your queue: Waiting longest', (response.text)
    )


def test_approving_with_a_comment_keeps_the_comment(client, blog_index, writer, reviewer):
    post = new_post(blog_index, writer)
    client.force_login(reviewer)
    decide(client, post, "approve-with-comment", "Accurate; cite the 2023 guidance next time.")
    approval = ClinicalApproval.objects.latest_for(post)
    assert approval.comment == "Accurate; cite the 2023 guidance next time."


def test_approve_with_comment_needs_the_comment(client, blog_index, writer, reviewer):
    post = new_post(blog_index, writer)
    client.force_login(reviewer)
    response = decide(client, post, "approve-with-comment", "  ")
    assert response.status_code == 200
    assert "Write your comment, or choose Approve." in response.text
    assert status_of(post) == "in_progress"
    assert not ClinicalApproval.objects.filter(page=post).exists()


def test_requesting_changes_needs_a_comment(client, blog_index, writer, reviewer):
    post = new_post(blog_index, writer)
    client.force_login(reviewer)
    response = decide(client, post, "request-changes", "")
    assert response.status_code == 200
    assert "Say what needs to change: the writer reads this." in response.text
    assert "Your decision" in response.text
    assert status_of(post) == "in_progress"


def test_requesting_changes_tells_the_clinician_who_was_told(client, blog_index, writer, reviewer):
    post = new_post(blog_index, writer, title="Needs work")
    client.force_login(reviewer)
    response = decide(client, post, "request-changes", "Please cite your sources.")
    assert status_of(post) == "rejected"
    assert TaskState.objects.get(workflow_state__object_id=str(post.pk)).comment == (
        "Please cite your sources."
    )
    assert message_texts(response) == [
        "Changes requested on “Needs work”; Wren Writer has been told."
    ]


def test_an_unknown_decision_is_refused(client, blog_index, writer, reviewer):
    post = new_post(blog_index, writer)
    client.force_login(reviewer)
    response = client.post(reverse("editorial_review", args=[post.pk]), {"decision": "publish"})
    assert response.status_code == 302
    assert status_of(post) == "in_progress"


def test_other_roles_cannot_decide(client, blog_index, writer):
    post = new_post(blog_index, writer)
    client.force_login(user_in_group("eddie", "Editors"))
    decide(client, post, "approve")
    assert status_of(post) == "in_progress"
    assert not ClinicalApproval.objects.filter(page=post).exists()


# Queries


def test_the_page_costs_the_same_however_many_posts_wait(
    client, blog_index, writer, reviewer, django_assert_max_num_queries
):
    post = edited_post(blog_index, writer)
    client.force_login(reviewer)
    review(client, post)  # warm the caches a first request fills
    with CaptureQueriesContext(connection) as one_waiting:
        assert review(client, post).status_code == 200
    for n in range(4):
        new_post(blog_index, writer, title=f"Also waiting {n}")
    with django_assert_max_num_queries(len(one_waiting)):
        assert review(client, post).status_code == 200
