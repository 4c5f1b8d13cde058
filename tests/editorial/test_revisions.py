"""History, compare and revert for posts, and where each role's page rights apply."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupPagePermission, WorkflowPage

from blog.models import BlogIndexPage
from tests.factories import make_post, publish_approved, user_in_group


def test_history_and_a_readable_streamfield_comparison(client, blog_index):
    post = make_post(blog_index, title="Groups help")
    first = post.live_revision
    later = type(post).objects.get(pk=post.pk)
    later.body = [
        *[(child.block_type, child.value) for child in later.body],
        ("paragraph", "<p>Newly added words about sponsors.</p>"),
    ]
    publish_approved(later)
    second = type(post).objects.get(pk=post.pk).live_revision

    client.force_login(user_in_group("an-editor", "Editors"))
    assert client.get(reverse("wagtailadmin_pages:history", args=[post.pk])).status_code == 200
    response = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[post.pk, first.pk, second.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The added paragraph appears as readable text, not as JSON.
    assert "Newly added words about sponsors." in html
    assert '"type": "paragraph"' not in html


def test_page_rights_are_given_on_the_blog_section_only(blog_index, home):
    for name in ("Writers", "Editors"):
        pages = set(
            GroupPagePermission.objects.filter(group__name=name).values_list("page_id", flat=True)
        )
        assert pages == {blog_index.pk}, name
    for name in ("Clinical reviewers", "Moderators"):
        assert not GroupPagePermission.objects.filter(group__name=name).exists()
    writers = set(
        GroupPagePermission.objects.filter(group__name="Writers").values_list(
            "permission__codename", flat=True
        )
    )
    # `add`: their own pages only; never publish.
    assert writers == {"add_page"}


def test_a_new_blog_index_gets_the_workflow_and_the_rights(home):
    index = home.add_child(instance=BlogIndexPage(title="Stories", slug="stories"))
    assert WorkflowPage.objects.get(page=index).workflow.name == (
        "Clinical review and editorial approval"
    )
    assert GroupPagePermission.objects.filter(
        group=Group.objects.get(name="Editors"), page=index, permission__codename="publish_page"
    ).exists()


@pytest.mark.usefixtures("emails_at_commit")  # workflow email is queued on commit
def test_superusers_are_not_copied_on_workflow_email(blog_index):
    get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    reviewer = user_in_group("reviewer", "Clinical reviewers")
    writer = user_in_group("a-writer", "Writers")
    post = make_post(blog_index, title="Submitted", publish=False)
    post.save_revision(user=writer)
    mail.outbox.clear()
    post.get_workflow().start(post, writer)
    recipients = {address for message in mail.outbox for address in message.to}
    assert reviewer.email in recipients
    assert "boss@example.org" not in recipients


def test_wagtails_default_workflow_is_reshaped_not_duplicated(blog_index):
    from wagtail.models import Workflow

    [workflow] = Workflow.objects.all()
    assert workflow.name == "Clinical review and editorial approval"
    tasks = [task.specific for task in workflow.tasks.order_by("workflow_tasks__sort_order")]
    assert [type(t).__name__ for t in tasks] == ["ClinicalReviewTask", "EditorialApprovalTask"]
    assert [list(t.groups.values_list("name", flat=True)) for t in tasks] == [
        ["Clinical reviewers"],
        ["Editors"],
    ]
    assigned = set(WorkflowPage.objects.values_list("page_id", flat=True))
    assert assigned == {blog_index.pk}  # the blog section, not the whole site


def test_editorial_approval_says_whether_it_publishes_now_or_schedules(blog_index):
    from datetime import timedelta

    from django.utils import timezone

    from editorial.models import EditorialApprovalTask

    editor = user_in_group("labels-editor", "Editors")
    task = EditorialApprovalTask.objects.get()
    post = make_post(blog_index, title="Labelled", publish=False)
    labels = [label for name, label, modal in task.get_actions(post, editor) if not modal]
    assert "Approve and publish now" in labels

    post.go_live_at = timezone.now() + timedelta(days=2)
    post.save_revision()
    labels = [label for name, label, modal in task.get_actions(post, editor) if not modal]
    assert any(label.startswith("Approve and schedule for ") for label in labels)
    assert not task.get_actions(post, user_in_group("labels-writer", "Writers"))
