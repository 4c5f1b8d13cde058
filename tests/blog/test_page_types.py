"""Where each page type may live, and that editors can create them through the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from blog.models import RESERVED_SLUGS, BlogIndexPage, BlogPage
from home.models import HomePage
from tests.factories import AuthorFactory, admin_post_form_data, make_post, make_site


class PageTreeRulesTests(WagtailPageTestCase):
    def setUp(self):
        self.home, self.blog_index = make_site()

    def test_home_page_only_under_the_tree_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_blog_index_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})

    def test_blog_index_only_holds_posts(self):
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPage})

    def test_posts_only_under_a_blog_index(self):
        self.assertAllowedParentPageTypes(BlogPage, {BlogIndexPage})

    def test_posts_have_no_children(self):
        self.assertAllowedSubpageTypes(BlogPage, set())

    def test_page_types_cannot_be_created_in_the_wrong_places(self):
        wrong_places = [
            (Page, BlogPage),
            (HomePage, BlogPage),
            (BlogPage, BlogPage),
            (Page, BlogIndexPage),
            (BlogIndexPage, BlogIndexPage),
            (BlogPage, BlogIndexPage),
            (HomePage, HomePage),
            (BlogIndexPage, HomePage),
            (BlogPage, HomePage),
        ]
        for parent_model, child_model in wrong_places:
            with self.subTest(parent=parent_model.__name__, child=child_model.__name__):
                self.assertCanNotCreateAt(parent_model, child_model)

    def test_the_right_places_are_allowed(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanCreateAt(HomePage, BlogIndexPage)
        self.assertCanCreateAt(BlogIndexPage, BlogPage)

    def test_only_one_home_page(self):
        root = Page.get_first_root_node()
        self.assertEqual(HomePage.objects.count(), 1)
        self.assertFalse(HomePage.can_create_at(root))

        self.login()
        add_url = reverse("wagtailadmin_pages:add", args=["home", "homepage", root.pk])
        response = self.client.post(
            add_url,
            nested_form_data({"title": "Second home", "slug": "second-home"}),
        )
        # Wagtail's admin turns PermissionDenied into a redirect with an error message.
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.url, reverse("wagtailadmin_home"))
        self.assertEqual(HomePage.objects.count(), 1)


class AdminCreationTests(WagtailPageTestCase):
    def setUp(self):
        self.home, self.blog_index = make_site()
        self.author = AuthorFactory(name="Dana Rivers", credentials="LCSW")
        self.login()

    def post_data(self, **overrides):
        return admin_post_form_data(self.author, **overrides)

    def test_editor_can_create_a_post(self):
        self.assertCanCreate(self.blog_index, BlogPage, self.post_data(), publish=False)

        post = BlogPage.objects.get(slug="power-of-peer-support")
        self.assertFalse(post.live)  # a new post is a draft until it passes clinical review
        self.assertEqual(post.get_parent().pk, self.blog_index.pk)
        self.assertEqual(
            [block.block_type for block in post.body],
            ["intro", "benefit_section", "call_to_action"],
        )
        self.assertEqual(post.body[2].value.href, "tel:18006624357")
        self.assertEqual(post.authors, [self.author])

    def test_editor_can_create_a_blog_index_under_the_home_page(self):
        self.assertCanCreate(
            self.home,
            BlogIndexPage,
            nested_form_data(
                {
                    "title": "Stories",
                    "slug": "stories",
                    "introduction": rich_text("<p>Stories of recovery.</p>"),
                }
            ),
        )
        self.assertTrue(BlogIndexPage.objects.child_of(self.home).filter(slug="stories").exists())

    def test_admin_refuses_a_reserved_slug(self):
        add_url = reverse("wagtailadmin_pages:add", args=["blog", "blogpage", self.blog_index.pk])
        data = self.post_data(slug="feed")
        data["action-publish"] = "action-publish"
        response = self.client.post(add_url, data)

        self.assertEqual(response.status_code, 200)
        self.assertFalse(BlogPage.objects.filter(slug="feed").exists())
        slug_errors = response.context["form"].errors["slug"]
        self.assertIn("“feed” is used by the blog's own pages", " ".join(slug_errors))


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_reserved_slug_is_refused_on_the_slug_field(blog_index, slug):
    assert {"category", "tag", "feed"} <= RESERVED_SLUGS
    post = make_post(blog_index, title="Slug test")
    post.slug = slug

    with pytest.raises(ValidationError) as excinfo:
        post.full_clean()

    messages = excinfo.value.message_dict["slug"]
    assert any(
        f"“{slug}” is used by the blog's own pages. Choose another slug." in m for m in messages
    )


@pytest.mark.django_db
def test_ordinary_slug_passes_clean(blog_index):
    post = make_post(blog_index, title="Slug test")
    post.slug = "categories-of-support"
    post.full_clean()
