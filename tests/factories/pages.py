"""Pages, made in the tree the way the admin would make them: the site, posts and their bodies,
images, categories, clinically approved publishing, and posts readers must not find."""

import io
import itertools
from datetime import timedelta

import factory
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from blog.models import BlogIndexPage, BlogPage, BlogPageAuthor
from blog.taxonomy import BlogCategory
from editorial.models import ClinicalApproval
from home.models import HomePage

from .comments import make_comment
from .people import AuthorFactory, clinician


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


# --- Posts readers must not find (for the feed, sitemap, listing and search tests) ------------


def pass_expiry(post, minutes=10):
    """Move a published post's expiry time into the past, as if that time had come."""
    past = timezone.now() - timedelta(minutes=minutes)
    for revision in post.revisions.all():
        revision.content["expire_at"] = past.isoformat()
        revision.save(update_fields=["content"])
    BlogPage.objects.filter(pk=post.pk).update(expire_at=past)


def make_hidden_posts(blog_index, **kwargs):
    """One post in each state a post can be hidden in, made the way the site makes them, keyed
    by the state. `kwargs` go to every make_post."""
    draft = make_post(blog_index, title="Hidden draft", publish=False, **kwargs)

    unpublished = make_post(blog_index, title="Hidden unpublished", **kwargs)
    unpublished.unpublish()

    private = make_post(blog_index, title="Hidden private", **kwargs)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    # Expired by the scheduler: published with an expiry time that has since passed.
    expired = make_post(
        blog_index,
        title="Hidden expired",
        expire_at=timezone.now() + timedelta(days=1),
        **kwargs,
    )
    pass_expiry(expired)
    call_command("publish_scheduled", stdout=io.StringIO())
    expired.refresh_from_db()
    assert expired.expired and not expired.live

    # Past its expiry time, and the scheduler has not run since: still marked live.
    expiring = make_post(
        blog_index,
        title="Hidden past expiry",
        expire_at=timezone.now() + timedelta(days=1),
        **kwargs,
    )
    pass_expiry(expiring)
    expiring.refresh_from_db()
    assert expiring.live

    return {
        "draft": draft,
        "unpublished": unpublished,
        "private": private,
        "expired": expired,
        "past expiry": expiring,
    }


def make_full_article(blog_index, prefix, n_authors, n_tags, n_threads=0):
    """A live article with `n_authors` authors (with photos), `n_tags` tags, a listing image,
    three related posts sharing its category, and `n_threads` comment threads three levels
    deep: for checking that its page costs the same however much it holds."""
    category = CategoryFactory()
    authors = [AuthorFactory(photo=make_image(f"{prefix} photo {i}")) for i in range(n_authors)]
    tags = [f"{prefix}-tag-{i}" for i in range(n_tags)]
    post = make_post(
        blog_index,
        title=f"{prefix} article",
        authors=authors,
        categories=[category],
        tags=tags,
        listing_image=make_image(f"{prefix} listing"),
    )
    for i in range(3):
        make_post(
            blog_index,
            title=f"{prefix} related {i}",
            categories=[category],
            authors=authors[:2],
            tags=tags[:3],
            listing_image=make_image(f"{prefix} related {i}"),
        )
    for i in range(n_threads):
        top = make_comment(post, f"Thread {i}", signals=False)
        reply = make_comment(post, f"Reply {i}", parent=top, signals=False)
        make_comment(post, f"Reply to reply {i}", parent=reply, signals=False)
    return post
