"""`manage.py load_demo_content`: build Kinship's demo site from blog/demo_content.py.

Run by `make run`, so it must be safe to run on every start: every object is looked up by a
stable key (username, slug, image title, or a comment's post and text) and only created when
missing. Objects that already
exist are left exactly as they are, so edits made in the admin survive a restart.
"""

import hashlib
import io
import math
import os
import random
from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.text import slugify
from django_comments_xtd.models import XtdComment
from PIL import Image as PILImage
from PIL import ImageColor, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Site

from blog import demo_content as content
from blog.authors import Author
from blog.comments.models import CommentModeration
from blog.comments.posting import blog_page_content_type
from blog.comments.triage import screen
from blog.models import BlogIndexPage, BlogPage, BlogPageAuthor
from blog.taxonomy import BlogCategory
from blog.workflow import record_clinical_approval
from home.models import HomePage, HomePageFeaturedPost

LISTING_IMAGE_SIZE = (1200, 675)
PORTRAIT_SIZE = (400, 400)
QUIET_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# Demo accounts that play the editorial roles (content.USERS).
WRITER, CLINICIAN, EDITOR, MODERATOR = "writer", "clinician", "editor", "moderator"


class Tally:
    """Counts what a run did, per kind of object: created, already present, updated, removed."""

    def __init__(self):
        self.counts = defaultdict(Counter)

    def add(self, kind, action):
        self.counts[kind][action] += 1

    def created(self, kind):
        self.add(kind, "created")

    def found(self, kind):
        self.add(kind, "already present")

    def record(self, kind, created):
        self.add(kind, "created" if created else "already present")

    def summary(self):
        lines = [
            f"  {kind}: " + ", ".join(f"{number} {action}" for action, number in actions.items())
            for kind, actions in self.counts.items()
        ]
        return "\n".join(["Demo content is ready.", *lines])


class Command(BaseCommand):
    help = "Create Kinship's demo site, authors, articles and one user per role (idempotent)."

    def handle(self, *args, **options):
        # Demo accounts have a well-known password: never let them reach production.
        if not getattr(settings, "KINSHIP_DEMO_CONTENT_ALLOWED", False):
            raise CommandError(
                "Demo content is disabled in these settings (KINSHIP_DEMO_CONTENT_ALLOWED is not "
                "True). It creates users with a known password, so it only runs with the dev "
                "or test settings."
            )
        password = os.environ.get("DEMO_PASSWORD") or content.DEFAULT_PASSWORD
        tally = Tally()
        # All or nothing: a half-built site would be found, not rebuilt, by the next run.
        # The demo's editorial history is staged, so nobody is emailed about it (the post
        # submitted for review would otherwise notify the clinical reviewers).
        with transaction.atomic(), override_settings(EMAIL_BACKEND=QUIET_EMAIL_BACKEND):
            load(tally, password)
        self.stdout.write(tally.summary())


def load(tally, password):
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
    publish_home(home, blog_index, posts)
    ensure_comments(tally, posts, users)


# --- Users -------------------------------------------------------------------------------------


def ensure_users(tally, password):
    User = get_user_model()
    users = {}
    for spec in content.USERS:
        superuser = spec.get("superuser", False)
        user, created = User.objects.get_or_create(
            username=spec["username"],
            defaults={
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "email": f"{spec['username']}@example.org",
                "is_superuser": superuser,
                # Wagtail admin access comes from the group's access_admin permission; only
                # the superuser also needs the Django admin.
                "is_staff": superuser,
            },
        )
        if created:
            # Only new accounts get the demo password: a rerun must not undo a changed one.
            user.set_password(password)
            user.save(update_fields=["password"])
        if superuser and not (user.is_superuser and user.is_staff):
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        if spec.get("group"):
            user.groups.add(get_group(spec["group"]))
        tally.record("users", created)
        users[user.username] = user
    return users


def get_group(name):
    try:
        return Group.objects.get(name=name)
    except Group.DoesNotExist:
        raise CommandError(
            f"The “{name}” group does not exist. Run `manage.py migrate` first."
        ) from None


# --- Taxonomy and authors ----------------------------------------------------------------------


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


def ensure_authors(tally, users):
    authors = {}
    for spec in content.AUTHORS:
        author = Author.objects.filter(slug=spec.slug).first()
        if author:
            tally.found("authors")
        else:
            author = Author.objects.create(
                slug=spec.slug,
                name=spec.name,
                credentials=spec.credentials,
                role=spec.role,
                bio=spec.bio,
                photo=ensure_image(
                    tally,
                    title=f"Demo portrait: {spec.name}",
                    description=f"Portrait placeholder showing the initials of {spec.name}.",
                    render=lambda spec=spec: render_portrait(spec.initials, spec.colour),
                ),
                user=profile_owner(users.get(spec.user)),
            )
            tally.created("authors")
        authors[spec.slug] = author
    return authors


def profile_owner(user):
    """The user to link to a new Author, unless they already have a profile (it is one-to-one)."""
    if user is None or Author.objects.filter(user=user).exists():
        return None
    return user


# --- Images ------------------------------------------------------------------------------------


def ensure_image(tally, title, description, render):
    """The image titled `title`, created from `render()` (JPEG bytes) if it does not exist."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image:
        tally.found("images")
        return image
    data = render()
    image = Image(
        title=title,
        description=description,
        file=ImageFile(io.BytesIO(data), name=f"{slugify(title)}.jpg"),
        # The admin's upload form fills these in; Wagtail uses the hash to spot duplicates.
        file_size=len(data),
        file_hash=hashlib.sha1(data).hexdigest(),
    )
    image.save()
    tally.created("images")
    return image


def ensure_illustration(tally, illustration):
    return ensure_image(
        tally,
        title=illustration.title,
        description=illustration.description,
        render=lambda: render_illustration(illustration),
    )


def to_jpeg(picture):
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="JPEG", quality=88, optimize=True)
    return buffer.getvalue()


def render_portrait(initials, colour):
    """A coloured square with white initials: a friendly placeholder, not a stock photo."""
    picture = PILImage.new("RGB", PORTRAIT_SIZE, colour)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=PORTRAIT_SIZE[1] * 2 // 5)
    centre = (PORTRAIT_SIZE[0] / 2, PORTRAIT_SIZE[1] / 2)
    draw.text(centre, initials, font=font, fill="white", anchor="mm")
    return to_jpeg(picture)


def render_illustration(illustration, size=LISTING_IMAGE_SIZE):
    """A vertical gradient with translucent shapes on top, in the illustration's palette."""
    # Drawn at twice the size and scaled down, which gives smooth, anti-aliased edges.
    canvas = (size[0] * 2, size[1] * 2)
    top = PILImage.new("RGB", canvas, illustration.top)
    bottom = PILImage.new("RGB", canvas, illustration.bottom)
    mask = PILImage.linear_gradient("L").resize(canvas)
    picture = PILImage.composite(bottom, top, mask)
    # Seeded by the title, so the same illustration always looks the same.
    rng = random.Random(illustration.title)
    # "RGBA" drawing mode blends each translucent shape into the picture as it is drawn.
    MOTIFS[illustration.motif](ImageDraw.Draw(picture, "RGBA"), canvas, illustration.accents, rng)
    return to_jpeg(picture.resize(size, PILImage.Resampling.LANCZOS))


def rgba(colour, alpha):
    return (*ImageColor.getrgb(colour), alpha)


def draw_circles(draw, size, accents, rng):
    """Overlapping circles gathered in a loose ring: people sitting together."""
    width, height = size
    cx, cy = width / 2, height / 2
    for index in range(9):
        radius = rng.uniform(0.12, 0.22) * height
        x = cx + rng.uniform(-0.3, 0.3) * width
        y = cy + rng.uniform(-0.25, 0.25) * height
        colour = rgba(accents[index % len(accents)], rng.randint(90, 160))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)


def draw_hills(draw, size, accents, rng):
    """A low sun behind layered, rolling hills."""
    width, height = size
    sun_r = height * 0.16
    sun_x, sun_y = width * rng.uniform(0.55, 0.75), height * 0.42
    draw.ellipse(
        (sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r), fill=rgba(accents[0], 220)
    )
    for layer, colour in enumerate(accents[1:]):
        base = height * (0.62 + 0.13 * layer)
        draw.polygon(wave_outline(size, base, height * 0.07, rng), fill=rgba(colour, 200))


def draw_waves(draw, size, accents, rng):
    """Gentle bands of water, stacked towards the bottom."""
    height = size[1]
    for layer in range(5):
        colour = accents[layer % len(accents)]
        base = height * (0.45 + 0.11 * layer)
        draw.polygon(wave_outline(size, base, height * 0.035, rng), fill=rgba(colour, 120))


def wave_outline(size, base, amplitude, rng, steps=60):
    """The outline of the area under a smooth random wave, as polygon points."""
    width, height = size
    phase, wavelength = rng.uniform(0, math.tau), rng.uniform(0.6, 1.2) * width
    points = [
        (
            width * i / steps,
            base + amplitude * math.sin(math.tau * width * i / steps / wavelength + phase),
        )
        for i in range(steps + 1)
    ]
    return [*points, (width, height), (0, height)]


MOTIFS = {"circles": draw_circles, "hills": draw_hills, "waves": draw_waves}


# --- Site and pages ----------------------------------------------------------------------------


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


# --- Posts -------------------------------------------------------------------------------------


def ensure_post(tally, blog_index, spec, authors, categories, users):
    """The post with `spec.slug`, created in the workflow stage `spec.stage` if missing."""
    post = BlogPage.objects.child_of(blog_index).filter(slug=spec.slug).first()
    if post:
        tally.found("posts")
        return post
    post = BlogPage(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        listing_image=ensure_illustration(tally, spec.listing_image),
        body=build_body(tally, spec),
        # The writer drafted every demo post, so they can edit it as its owner.
        owner=users[WRITER],
        live=False,
    )
    for order, slug in enumerate(spec.authors):
        post.blog_authors.add(BlogPageAuthor(author=authors[slug], sort_order=order))
    post.categories = [categories[slug] for slug in spec.categories]
    post.tags.add(*spec.tags)
    blog_index.add_child(instance=post)
    STAGES[spec.stage](tally, post, spec, users)
    tally.created("posts")
    return post


# Each stage goes through the revision and workflow APIs, as the admin does, so history, the
# live revision, the clinical approval and the workflow state are the real thing.


def publish_live(tally, post, spec, users):
    """Drafted by the writer, approved by the clinician, published by the editor."""
    dates = PublishingDates.for_spec(spec)
    revision = post.save_revision(user=users[WRITER])
    record_clinical_approval(revision, users[CLINICIAN], approved_at=dates.reviewed)
    tally.created("clinical approvals")
    # The publish rule (blog/workflow.py) checks that the approval covers this content.
    revision.publish(user=users[EDITOR])
    backdate(post, dates)


def submit_for_clinical_review(tally, post, spec, users):
    """Drafted and submitted by the writer: waiting in the clinicians' review task."""
    writer = users[WRITER]
    post.save_revision(user=writer)
    workflow = post.get_workflow()
    if workflow is None:
        raise CommandError(
            f"No workflow is assigned to “{post.get_parent().title}”. Run `manage.py migrate` "
            "first."
        )
    workflow.start(post, writer)
    tally.created("posts in clinical review")


def schedule(tally, post, spec, users):
    """Approved by the clinician, then scheduled by the editor to go live in a few days."""
    editor = users[EDITOR]
    post.go_live_at = timezone.localtime().replace(
        hour=9, minute=0, second=0, microsecond=0
    ) + timedelta(days=spec.go_live_in_days)
    revision = post.save_revision(user=editor)
    record_clinical_approval(revision, users[CLINICIAN])
    tally.created("clinical approvals")
    # go_live_at is in the future, so Wagtail schedules the revision instead of publishing it.
    revision.publish(user=editor)
    tally.created("scheduled posts")


STAGES = {
    content.LIVE: publish_live,
    content.IN_CLINICAL_REVIEW: submit_for_clinical_review,
    content.SCHEDULED: schedule,
}


def build_body(tally, spec):
    """The post's StreamField value, with illustrations turned into images, validated.

    Validating here means the demo holds the same rules as the editor (one intro, first;
    one call-to-action target) and a mistake in demo_content.py fails loudly.
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


class PublishingDates:
    """A live post's past: drafted, clinically reviewed the afternoon before it went live,
    first published, and (for revised posts) when its current version was published."""

    DRAFT_BEFORE_REVIEW = timedelta(days=3)
    REVIEW_BEFORE_PUBLISHING = timedelta(hours=18)

    def __init__(self, first_published, last_published):
        self.first_published = first_published
        self.last_published = last_published
        # The live content is the last published version: that is what was reviewed.
        self.reviewed = last_published - self.REVIEW_BEFORE_PUBLISHING
        self.drafted = self.reviewed - self.DRAFT_BEFORE_REVIEW

    @classmethod
    def for_spec(cls, spec):
        now = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
        first = now - timedelta(days=spec.published_days_ago)
        last = now - timedelta(days=spec.updated_days_ago or spec.published_days_ago)
        return cls(first, last)


def backdate(post, dates):
    """Spread publication dates over past months, so listings and "Last updated" look real.

    Updates bypass save(), so publishing signals and search indexing are not repeated. The
    clinical approval was recorded with its date already in the past.
    """
    Page.objects.filter(pk=post.pk).update(
        first_published_at=dates.first_published,
        last_published_at=dates.last_published,
        latest_revision_created_at=dates.drafted,
    )
    post.revisions.update(created_at=dates.drafted)
    PageLogEntry.objects.filter(page=post).update(timestamp=dates.last_published)


# --- Reader comments ---------------------------------------------------------------------------


def ensure_comments(tally, posts, users):
    """Threaded reader comments on live posts: approved, pending and one urgent.

    A comment is found again by its post and its text (content.COMMENTS), so reruns add
    nothing; one a moderator has since approved, removed or edited stays as it is.
    """
    for slug, specs in content.COMMENTS.items():
        post = posts[slug]
        post.refresh_from_db(fields=["live", "first_published_at"])  # backdate() moved it
        if not post.live:
            raise CommandError(f"Demo comments are for live posts; “{slug}” is not live.")
        for spec in specs:
            ensure_comment(tally, post, spec, users, parent=None)


def ensure_comment(tally, post, spec, users, parent):
    content_type = blog_page_content_type()
    comment = XtdComment.norel_objects.filter(
        content_type=content_type, object_pk=str(post.pk), comment=spec.text
    ).first()
    if comment:
        tally.found("comments")
    else:
        comment = create_comment(post, spec, users, parent, content_type)
        tally.created("comments")
        if spec.status == content.URGENT:
            tally.created("urgent comments")
    for reply in spec.replies:
        ensure_comment(tally, post, reply, users, parent=comment)


def create_comment(post, spec, users, parent, content_type):
    """Stored as a reader's post is (blog/comments/posting.py), dated after the post."""
    if parent is not None and parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
        raise CommandError(f"Demo comment by {spec.name} is nested too deep.")
    triage = screen(spec.text)
    if (spec.status == content.URGENT) != triage.urgent:
        raise CommandError(
            f"Demo comment by {spec.name}: status {spec.status!r} does not match the crisis "
            f"screening ({triage.reasons or 'no crisis language'})."
        )
    written = min(
        post.first_published_at + timedelta(hours=spec.hours_after),
        timezone.now() - timedelta(minutes=30),
    )
    team = users[MODERATOR] if spec.from_team else None
    comment = XtdComment(
        content_type=content_type,
        object_pk=str(post.pk),
        site_id=settings.SITE_ID,
        user=team,
        user_name=spec.name,
        user_email=team.email if team else spec.email,
        user_url="",
        comment=spec.text,
        submit_date=written,
        ip_address=None,  # nobody's address: the demo has no real readers
        is_public=spec.status == content.APPROVED,
        is_removed=False,
        parent_id=parent.pk if parent else 0,
        followup=False,
    )
    comment.save()  # xtd threads it: thread_id, level, order
    CommentModeration.objects.create(
        comment=comment,
        urgent=triage.urgent,
        hold_reasons=[] if team else triage.reasons,
        from_team=spec.from_team,
        # Every demo reader confirmed their address, so moderators see their comments.
        confirmed_at=written + timedelta(minutes=0 if team else 4),
        created_at=written,
    )
    return comment
