"""Loading the demo stages an editorial history (a post submitted for clinical review, posts
approved and published) that nobody is to be emailed about: `make run` prints no email at
start-up."""

import io

from django.core.management import call_command


def test_loading_the_demo_emails_nobody(
    db, django_capture_on_commit_callbacks, mailoutbox, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # Email is queued to run after the commit (the worker sends it): run what was queued.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("load_demo_content", stdout=io.StringIO())
    assert callbacks  # the load did queue its after-commit work (purges, ranking)
    assert [message.subject for message in mailoutbox] == []
