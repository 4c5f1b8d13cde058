"""`manage.py seed_bench`: generated posts for the benchmarks, written in bulk as live,
clinically approved posts that look to the admin, the search and the suite as if published
one by one.

Like tests/demo/test_content.py, these tests start from the tree `migrate` leaves behind: the
command builds the demo site first.
"""

import re
import statistics
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, ReferenceIndex, Revision
from wagtail.search import index
from wagtail.search.models import IndexEntry

from blog.models import BlogIndexPage, BlogPage
from demo import bench_content
from editorial.fingerprint import content_fingerprint
from editorial.models import ClinicalApproval
from search.models import Document, PageWords, Word

SEED = 3


def seed(posts, seed=SEED, stderr=None):
    out = StringIO()
    call_command("seed_bench", posts=posts, seed=seed, stdout=out, stderr=stderr or StringIO())
    return out.getvalue()


def generated(posts, seed=SEED):
    """The bench posts of `seed` in the database, in article order."""
    slugs = [article.slug for article in bench_content.articles(seed, posts)]
    found = {post.slug: post for post in BlogPage.objects.filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]


def index_entry(post):
    entry = IndexEntry.objects.get(
        content_type=ContentType.objects.get_for_model(BlogPage), object_id=str(post.pk)
    )
    return {
        field: getattr(entry, field)
        for field in ("title", "autocomplete", "body", "title_text", "body_text")
    }


def references(post):
    return sorted(
        ReferenceIndex.get_references_for_object(post).values_list(
            "to_content_type_id", "to_object_id", "model_path", "content_path"
        )
    )


# --- The generated articles --------------------------------------------------------------------


def words(article):
    texts = []
    for _block_type, value in article.body:
        texts.extend([value] if isinstance(value, str) else map(str, value.values()))
    return len(re.sub(r"<[^>]+>", " ", " ".join(texts)).split())


def test_articles_are_shaped_like_kinship_articles():
    articles = list(bench_content.articles(SEED, 300))

    for article in articles:
        kinds = [block_type for block_type, _ in article.body]
        assert kinds[0] == "intro" and kinds[-1] == "call_to_action"
        assert 4 <= kinds.count("benefit_section") <= 5
        assert 1 <= len(article.author_names) <= 2 and article.categories and article.tags
        assert len(article.summary) <= 300
    counts = [words(article) for article in articles]
    assert 600 <= statistics.median(counts) <= 1200
    assert min(counts) >= 450 and max(counts) <= 1400


def test_articles_are_varied_and_their_slugs_unique():
    articles = list(bench_content.articles(SEED, 2000))

    assert len({a.slug for a in articles}) == 2000
    assert len({a.title for a in articles}) > 1900
    # Each topic's words stay mostly in its own posts, as on a real site.
    naloxone = [a for a in articles if "naloxone" in a.title.lower()]
    assert 0.02 < len(naloxone) / len(articles) < 0.15


def test_articles_depend_only_on_the_seed_and_their_number():
    assert list(bench_content.articles(SEED, 20)) == list(bench_content.articles(SEED, 20))
    # Article n is the same in a short run as in a long one, so runs can be extended.
    assert list(bench_content.articles(SEED, 50))[:20] == list(bench_content.articles(SEED, 20))
    other = {a.slug for a in bench_content.articles(SEED + 1, 20)}
    assert other != {a.slug for a in bench_content.articles(SEED, 20)}


# --- Seeding -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_refuses_a_negative_number_of_posts():
    with pytest.raises(CommandError, match="--posts"):
        seed(-1)


@pytest.mark.django_db
def test_seeded_posts_are_live_approved_and_published_like_any_post():
    output = seed(5)

    assert "5 posts, 5 created and 0 already present" in output
    posts = generated(5)
    blog_index = BlogIndexPage.objects.get(slug="blog")
    assert [post.title for post in posts] == [a.title for a in bench_content.articles(SEED, 5)]
    for post in posts:
        assert post.get_parent().pk == blog_index.pk
        assert post.live and not post.has_unpublished_changes
        assert post.live_revision_id == post.latest_revision_id
        assert post.revisions.count() == 1
        # The publish rule held: the live content is what the clinician approved.
        approval = ClinicalApproval.objects.get(page=post)
        assert post.clinical_approval == approval == ClinicalApproval.objects.covering(post)
        assert approval.reviewer.username == "clinician"
        assert approval.revision_id == post.live_revision_id
        assert approval.approved_at < post.last_published_at < timezone.now()
        assert PageLogEntry.objects.filter(page=post, action="wagtail.publish").count() == 1
        assert post.blog_authors.exists() and post.categories.exists() and post.tags.exists()
        assert post.listing_image is not None and post.reading_minutes >= 3


@pytest.mark.django_db
def test_seeded_posts_reach_the_ranked_search_and_the_vocabulary_in_bulk(client):
    # Written in bulk, without a page_published per post: what its receivers would do for a
    # new post (search/signals.py) is done for the whole batch.
    seed(3)
    posts = generated(3)

    assert set(Document.objects.values_list("page_id", flat=True)) >= {p.pk for p in posts}
    ids = {p.pk for p in posts}
    assert set(PageWords.objects.filter(page_id__in=ids).values_list("page_id", flat=True)) == ids
    for word in posts[0].title.lower().split():
        if word.isalpha() and len(word) >= 3:
            assert Word.objects.filter(word=word, documents__gte=1).exists()
    assert posts[0].url in client.get("/search/", {"q": posts[0].title}).content.decode()


@pytest.mark.django_db
def test_progress_is_shown_on_stderr():
    stderr = StringIO()
    output = seed(3, stderr=stderr)

    assert "3/3 posts, 3 created" in stderr.getvalue()
    assert "posts/s" in output and "3/3" not in output


@pytest.mark.django_db
def test_seeded_posts_are_indexed_exactly_as_saving_them_would():
    seed(4)
    posts = generated(4)
    bulk = {post.pk: (index_entry(post), references(post)) for post in posts}

    for post in posts:
        index.insert_or_update_object(post)
        ReferenceIndex.create_or_update_for_object(post)
        assert (index_entry(post), references(post)) == bulk[post.pk]
        assert references(post)  # authors, categories, listing image...


@pytest.mark.django_db
def test_search_finds_seeded_posts_by_title_and_body(client):
    seed(4)
    post = generated(4)[0]

    assert post in list(BlogPage.objects.live().search(post.title))
    heading = next(b.value["heading"] for b in post.body if b.block_type == "benefit_section")
    assert post in list(BlogPage.objects.live().search(heading))
    response = client.get("/search/", {"q": post.title})
    assert response.status_code == 200
    assert post.url in response.content.decode()


@pytest.mark.django_db
def test_a_rerun_adds_only_the_missing_posts():
    seed(2)
    first = {post.pk for post in generated(2)}
    revisions = Revision.objects.count()

    assert "2 posts, 0 created and 2 already present" in seed(2)
    assert Revision.objects.count() == revisions

    assert "3 posts, 1 created and 2 already present" in seed(3)
    posts = generated(3)
    assert len(posts) == 3 and {post.pk for post in posts[:2]} == first


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_posts():
    seed(2, seed=7)
    before = snapshot(generated(2, seed=7))
    for post in generated(2, seed=7):
        post.delete()

    seed(2, seed=7)
    assert snapshot(generated(2, seed=7)) == before
    assert not generated(2, seed=8)


def snapshot(posts):
    # The fingerprint covers title, summary, body, authors, categories, tags and image.
    return [(p.slug, p.first_published_at.date(), content_fingerprint(p)) for p in posts]
