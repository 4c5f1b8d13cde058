"""The home page: the hero, editors' picks (falling back to the newest posts), the latest
posts and the topics."""

import pytest

from home.models import HomePageFeaturedPost
from tests.factories import CategoryFactory, make_post
from tests.reading import count_cards, get_html, section


def test_home_page(client, home, blog_index):
    make_post(blog_index, title="Walking the same road")

    html = get_html(client, "/")

    assert "Recovery is better together" in html
    assert "Walking the same road" in html


@pytest.fixture
def four_posts(blog_index):
    return [
        make_post(blog_index, title=title)
        for title in ("Alpha story", "Bravo story", "Charlie story", "Delta story")
    ]


def featured_section(html):
    return section(html, 'id="featured-heading"', "</section>")


def test_home_shows_editors_picks_in_order(client, home, four_posts):
    alpha, _bravo, charlie, _delta = four_posts
    HomePageFeaturedPost.objects.create(page=home, post=charlie, sort_order=0)
    HomePageFeaturedPost.objects.create(page=home, post=alpha, sort_order=1)

    html = get_html(client, "/")

    featured = featured_section(html)
    assert "Charlie story" in featured
    assert "Alpha story" in featured
    assert featured.index("Charlie story") < featured.index("Alpha story")
    assert "Bravo story" not in featured
    assert "Delta story" not in featured
    latest = section(html, 'id="latest-heading"')
    assert "Bravo story" in latest
    assert "Delta story" in latest
    assert "Charlie story" not in latest


def test_home_falls_back_to_newest_posts(client, home, four_posts):
    html = get_html(client, "/")

    featured = featured_section(html)
    assert count_cards(featured) == 3
    positions = [featured.index(t) for t in ("Delta story", "Charlie story", "Bravo story")]
    assert positions == sorted(positions)
    assert "Alpha story" not in featured
    assert "Alpha story" in section(html, 'id="latest-heading"')


def test_home_skips_unpublished_picks(client, home, four_posts):
    alpha, bravo, _charlie, _delta = four_posts
    HomePageFeaturedPost.objects.create(page=home, post=bravo, sort_order=0)
    HomePageFeaturedPost.objects.create(page=home, post=alpha, sort_order=1)
    bravo.unpublish()

    html = get_html(client, "/")

    featured = featured_section(html)
    assert count_cards(featured) == 1
    assert "Alpha story" in featured
    assert "Bravo story" not in html


def test_home_falls_back_when_every_pick_is_unpublished(client, home, four_posts):
    alpha = four_posts[0]
    HomePageFeaturedPost.objects.create(page=home, post=alpha, sort_order=0)
    alpha.unpublish()

    featured = featured_section(get_html(client, "/"))

    assert count_cards(featured) == 3
    assert "Delta story" in featured
    assert "Alpha story" not in featured


def test_home_lists_categories_with_post_counts(client, home, blog_index):
    family = CategoryFactory(name="Family", slug="family")
    single = CategoryFactory(name="Single", slug="single")
    hidden = CategoryFactory(name="Hidden topic", slug="hidden-topic")
    make_post(blog_index, title="One", categories=[family, single])
    make_post(blog_index, title="Two", categories=[family])
    make_post(blog_index, title="Draft", categories=[hidden], publish=False, live=False)

    html = get_html(client, "/")

    topics = section(html, 'id="topics-heading"')
    assert (
        '<a href="/blog/category/family/">Family '
        '<span class="topic-list__count">(2 articles)</span></a>'
    ) in topics
    assert '<span class="topic-list__count">(1 article)</span>' in topics
    assert "Hidden topic" not in topics
