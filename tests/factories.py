"""Test data builders. Pages are created in the tree the way the admin would."""

import io
import itertools

import factory
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from blog.authors import Author
from blog.models import BlogIndexPage, BlogPage, BlogPageAuthor
from blog.taxonomy import BlogCategory
from editorial.models import ClinicalApproval
from home.models import HomePage


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    credentials = "LCSW, CADC"
    role = "Counsellor"
    bio = "Works with people in recovery."


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlogCategory

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


def make_image(title="Test image", size=(800, 450), color=(40, 110, 120)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.replace(' ', '-')}.png")
    )


def make_site():
    """Replace Wagtail's welcome page with a HomePage and add the blog index under it."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="kinship-home"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    blog_index = home.add_child(instance=BlogIndexPage(title="Blog", slug="blog"))
    return home, blog_index


def article_body(words=50):
    text = " ".join(["recovery"] * words)
    return [
        ("intro", f"<p>{text}</p>"),
        (
            "benefit_section",
            {
                "heading": "A sense of belonging",
                "body": "<p>Belonging matters.</p>",
                "icon": "people",
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Find a group",
                "text": "<p>Call us.</p>",
                "button_label": "Call the helpline",
                "phone": "1-800-662-4357",
            },
        ),
    ]


_post_numbers = itertools.count(1)


def make_post(parent, title="A post", authors=(), categories=(), tags=(), publish=True, **kwargs):
    slug = kwargs.pop("slug", None) or f"{slugify(title)}-{next(_post_numbers)}"
    kwargs.setdefault("live", False)  # created as a draft, as the admin does; published below
    post = BlogPage(
        title=title,
        slug=slug,
        summary=kwargs.pop("summary", f"Summary of {title}."),
        body=kwargs.pop("body", article_body()),
        **kwargs,
    )
    for order, author in enumerate(authors or [AuthorFactory()]):
        post.blog_authors.add(BlogPageAuthor(author=author, sort_order=order))
    post.categories = list(categories)
    parent.add_child(instance=post)
    if tags:
        post.tags.add(*tags)
    if publish:
        publish_approved(post)
    else:
        post.save_revision()
    return post


def publish_approved(page, user=None):
    """Save a revision, have a clinician approve exactly that content, and publish it."""
    revision = page.save_revision(user=user)
    ClinicalApproval.objects.record(revision, clinician())
    revision.publish(user=user)
    page.refresh_from_db()
    return revision


def user_in_group(username, group_name, **extra):
    """A user in one of the role groups (created by the roles migration)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", **extra}
    )
    if created:
        user.set_password("pw")
        user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user


SUPERUSER_ROLES = ("Administrators", "superuser")


def log_in_as(client, role):
    """Sign `client` in with a new user of `role` (a group name, or a superuser role); an
    "anonymous" role stays signed out. Returns the user (None when anonymous)."""
    from django.contrib.auth import get_user_model

    if role == "anonymous":
        return None
    if role in SUPERUSER_ROLES:
        user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    else:
        user = user_in_group(f"user-{role.split()[0].lower()}", role)
    client.force_login(user)
    return user


def clinician(username="test-clinician"):
    return user_in_group(username, "Clinical reviewers", first_name="Casey", last_name="Reviewer")


def admin_post_form_data(author, **overrides):
    """POST data for the Wagtail page editor creating a complete BlogPage."""
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    data = {
        "title": "The power of peer support",
        "slug": "power-of-peer-support",
        "summary": "Why sitting with people who understand helps.",
        "body": streamfield(
            [
                ("intro", rich_text("<p>Recovery can feel lonely.</p>")),
                (
                    "benefit_section",
                    {
                        "heading": "A sense of belonging",
                        "body": rich_text("<p>Belonging matters.</p>"),
                        "image": "",
                        "icon": "people",
                    },
                ),
                (
                    "call_to_action",
                    {
                        "heading": "Find a group",
                        "text": rich_text("<p>Talk to us.</p>"),
                        "button_label": "Call the helpline",
                        "page": "",
                        "url": "",
                        "phone": "1-800-662-4357",
                        "email": "",
                    },
                ),
            ]
        ),
        "blog_authors": inline_formset([{"author": str(author.pk)}], min=1),
        "tags": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def comment_form_data(client, url, **extra):
    """A valid comment POST for the article at `url`: its hidden fields plus a reader's answers."""
    import re

    html = client.get(url).content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    fields.pop("csrfmiddlewaretoken", None)
    fields.update({"name": "Sam", "email": "sam@example.org", "comment": "Thank you for this."})
    fields.update(extra)
    return fields
