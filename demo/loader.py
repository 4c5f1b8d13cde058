"""Builds Kinship's demo site from demo/content.py, in the order its parts depend on each other.

Run by `make run`, so it must be safe to run on every start: every object is looked up by a
stable key (username, slug, image title, or a comment's post and text) and only created when
missing. Objects that already exist are left exactly as they are, so edits made in the admin
survive a restart.
"""

import os

from django.test import override_settings
from wagtail.models import Site

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
from editorial.notifications import workflow_email_muted
from home.site_hostname import set_site_hostname

# Where `make run` serves the site (runserver 127.0.0.1:$(PORT)), so absolute URLs point there.
SERVED_AT = "127.0.0.1"
# Host names a Site has before anyone chose one: migrate's, and the demo's own.
UNCHOSEN_HOSTNAMES = ("localhost", SERVED_AT)


def load(tally, password):
    with override_settings(EMAIL_BACKEND=QUIET_EMAIL_BACKEND), workflow_email_muted():
        users = ensure_users(tally, password)
        categories = ensure_categories(tally)
        authors = ensure_authors(tally, users)
        home = ensure_home(tally)
        ensure_site(tally, home)
        ensure_site_address(tally)
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


def ensure_site_address(tally):
    """Point the Site at `make run`'s address (PORT, default 8000), unless somebody has given
    it a host name of their own (set_site_hostname, or Settings > Sites)."""
    site = Site.objects.get(is_default_site=True)
    port = int(os.environ.get("PORT") or 8000)
    if site.hostname not in UNCHOSEN_HOSTNAMES or (site.hostname, site.port) == (SERVED_AT, port):
        tally.found("site address")
        return
    set_site_hostname(SERVED_AT, port)
    tally.add("site address", "updated")
