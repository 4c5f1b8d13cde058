"""The demo site's page tree: home page, default Site, blog index, categories and posts."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from blog.models import BlogIndexPage, BlogPage, BlogPageAuthor
from blog.taxonomy import BlogCategory
from demo import content
from demo.images import ensure_illustration
from demo.people import WRITER
from demo.workflow import STAGES
from home.models import HomePage, HomePageFeaturedPost


def ensure_home(tally):
    # HomePage.max_count is 1, so the first one is the one.
    home = HomePage.objects.first()
    if home:
        tally.found("home page")
        return home
    spec = content.HOME
    home = HomePage(
        title=spec["title"],
        slug=spec["slug"],
        hero_heading=spec["hero_heading"],
        hero_text=spec["hero_text"],
        hero_cta_label=spec["hero_cta_label"],
        # Published by publish_home() once the blog index and posts it links to exist.
        live=False,
    )
    Page.get_first_root_node().add_child(instance=home)
    tally.created("home page")
    return home


def ensure_site(tally, home):
    """Point the default Site (kept, so its id and hostname survive) at the home page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=content.SITE_NAME,
        )
        tally.created("site")
        return
    if site.root_page_id != home.pk or site.site_name != content.SITE_NAME:
        site.root_page = home
        site.site_name = content.SITE_NAME
        site.save()
        tally.add("site", "updated")
    else:
        tally.found("site")


def remove_welcome_page(tally):
    """Delete Wagtail's "Welcome to your new Wagtail site!" page that `migrate` creates.

    Only a plain, childless Page at the top of the tree matches, so nothing an editor built
    can be deleted. Runs after ensure_site(): a Site is deleted with its root page.
    """
    welcome = Page.objects.filter(
        depth=2,
        slug="home",
        numchild=0,
        content_type=ContentType.objects.get_for_model(Page),
        sites_rooted_here__isnull=True,
    )
    for page in welcome:
        page.delete()
        tally.add("welcome page", "removed")


def ensure_blog_index(tally, home):
    spec = content.BLOG_INDEX
    blog_index = BlogIndexPage.objects.child_of(home).filter(slug=spec["slug"]).first()
    if blog_index:
        tally.found("blog index")
        return blog_index
    blog_index = BlogIndexPage(
        title=spec["title"], slug=spec["slug"], introduction=spec["introduction"], live=False
    )
    home.add_child(instance=blog_index)
    blog_index.save_revision().publish()
    tally.created("blog index")
    return blog_index


def publish_home(home, blog_index, posts):
    """Link the hero button and featured posts, then publish the home page (once)."""
    home.refresh_from_db()
    if home.live and home.hero_cta_page_id:
        return
    home.hero_cta_page = home.hero_cta_page or blog_index
    if not home.featured_posts.exists():
        for order, slug in enumerate(content.FEATURED_POSTS):
            home.featured_posts.add(HomePageFeaturedPost(post=posts[slug], sort_order=order))
    home.save_revision().publish()


def ensure_categories(tally):
    categories = {}
    for spec in content.CATEGORIES:
        category, created = BlogCategory.objects.get_or_create(
            slug=spec["slug"],
            defaults={"name": spec["name"], "description": spec["description"]},
        )
        tally.record("categories", created)
        categories[category.slug] = category
    return categories


def ensure_post(tally, blog_index, spec, authors, categories, users):
    """The post with `spec.slug`, created in the workflow stage `spec.stage` if missing."""
    post = BlogPage.objects.child_of(blog_index).filter(slug=spec.slug).first()
    if post:
        tally.found("posts")
        return post
    post = add_draft(
        blog_index,
        spec,
        listing_image=ensure_illustration(tally, spec.listing_image),
        body=build_body(tally, spec),
        # The writer drafted every demo post, so they can edit it as its owner.
        owner=users[WRITER],
        authors=[authors[slug] for slug in spec.authors],
        categories=[categories[slug] for slug in spec.categories],
    )
    STAGES[spec.stage](tally, post, spec, users)
    tally.created("posts")
    return post


def add_draft(blog_index, spec, listing_image, body, owner, authors, categories):
    """A new, never published post under `blog_index`, with no revision yet."""
    post = BlogPage(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        listing_image=listing_image,
        body=body,
        owner=owner,
        live=False,
    )
    for order, author in enumerate(authors):
        post.blog_authors.add(BlogPageAuthor(author=author, sort_order=order))
    post.categories = categories
    post.tags.add(*spec.tags)
    blog_index.add_child(instance=post)
    return post


def build_body(tally, spec):
    """The post's StreamField value, with illustrations turned into images, validated.

    Validating here means the demo holds the same rules as the editor (one intro, first;
    one call-to-action target) and a mistake in demo/content.py fails loudly.
    """
    raw = []
    for block_type, value in spec.body:
        if block_type == "image":
            value = {**value, "image": ensure_illustration(tally, value["image"])}
        raw.append((block_type, value))
    stream_block = BlogPage._meta.get_field("body").stream_block
    stream = stream_block.normalize(raw)
    stream_block.clean(stream)
    return stream
