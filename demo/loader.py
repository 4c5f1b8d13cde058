"""Builds Kinship's demo site from demo/content.py, in the order its parts depend on each other.

Run by `make run`, so it must be safe to run on every start: every object is looked up by a
stable key (username, slug, image title, or a comment's post and text) and only created when
missing. Objects that already exist are left exactly as they are, so edits made in the admin
survive a restart.
"""

from django.test import override_settings

from blog.related import refresh_related
from demo import content
from demo.pages import (
    ensure_blog_index,
    ensure_categories,
    ensure_home,
    ensure_post,
    ensure_site,
    publish_home,
    remove_welcome_page,
)
from demo.people import ensure_authors, ensure_users
from demo.reader_comments import ensure_comments
from demo.workflow import QUIET_EMAIL_BACKEND


def load(tally, password):
    with override_settings(EMAIL_BACKEND=QUIET_EMAIL_BACKEND):
        users = ensure_users(tally, password)
        categories = ensure_categories(tally)
        authors = ensure_authors(tally, users)
        home = ensure_home(tally)
        ensure_site(tally, home)
        remove_welcome_page(tally)
        blog_index = ensure_blog_index(tally, home)
        posts = {
            spec.slug: ensure_post(tally, blog_index, spec, authors, categories, users)
            for spec in content.POSTS
        }
        # Each post's related posts were ranked when it was published, before its dates were
        # backdated (demo/workflow.py): rank the demo's again with their final dates.
        for post in posts.values():
            refresh_related(post)
        publish_home(home, blog_index, posts)
        ensure_comments(tally, posts, users)
