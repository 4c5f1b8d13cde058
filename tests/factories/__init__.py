"""Test data builders, one home for each: pages (the site tree, posts, images, publishing),
people (users by role, the clinician, authors) and comments (stored comments, the comment form).

Import them from here: `from tests.factories import make_post, make_comment`.
"""

from .comments import (
    COMMENT_POST_URL,
    comment_form_data,
    hidden_fields,
    make_comment,
    post_comment,
)
from .pages import (
    CategoryFactory,
    admin_post_form_data,
    article_body,
    make_full_article,
    make_hidden_posts,
    make_image,
    make_post,
    make_site,
    pass_expiry,
    publish_approved,
)
from .people import SUPERUSER_ROLES, AuthorFactory, clinician, log_in_as, user_in_group

__all__ = [
    "COMMENT_POST_URL",
    "SUPERUSER_ROLES",
    "AuthorFactory",
    "CategoryFactory",
    "admin_post_form_data",
    "article_body",
    "clinician",
    "comment_form_data",
    "hidden_fields",
    "log_in_as",
    "make_comment",
    "make_full_article",
    "make_hidden_posts",
    "make_image",
    "make_post",
    "make_site",
    "pass_expiry",
    "post_comment",
    "publish_approved",
    "user_in_group",
]
