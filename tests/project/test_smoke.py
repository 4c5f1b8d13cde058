from tests.factories import make_post


def test_article_renders(client, blog_index):
    post = make_post(blog_index, title="The Power of Peer Support", slug="peer-support")
    response = client.get(post.url)
    assert response.status_code == 200
