"""Comment rate limits that hold across processes and behind proxies.

- client_ip (comments/client.py): X-Forwarded-For is believed only from TRUSTED_PROXIES.
- allow_comment (comments/ratelimit.py): one count per post against the reader's address
  and their normalised email; with the cache down the limit fails closed: the post is refused
  (503) with the reader's words given back, and the crisis help still shown.
- The acceptance test starts gunicorn with three workers on a shared Redis database
  (KINSHIP_TEST_REDIS_URL, default redis://127.0.0.1:6379/9, flushed before and after; `.ci/run`
  starts Redis) and posts over real HTTP: 5 per address and per mailbox per 10 minutes, whichever
  worker answers.
"""

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pytest
import requests
from django.test import RequestFactory
from django_comments_xtd.models import XtdComment

from cms.settings.base import redis_cache
from comments import ratelimit
from comments.client import client_ip
from tests import processes
from tests.factories import comment_form_data, make_post
from tests.processes import free_port

POST_URL = "/comments/post/"
ALLOWED, _WINDOW = ratelimit.POST_LIMIT


def request_from(remote_addr, forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post(POST_URL, **extra)


# --- client_ip -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        # Proxies append: client, then each trusted hop; the rightmost untrusted is the client.
        ("203.0.113.7, 10.0.0.5", "203.0.113.7"),
        ("203.0.113.7,10.1.2.3 , 10.0.0.5", "203.0.113.7"),
        # Whatever the client wrote before that is not believed.
        ("198.51.100.66, 203.0.113.7, 10.0.0.5", "203.0.113.7"),
        # Only trusted hops: the request started inside, at the leftmost.
        ("10.9.9.9, 10.0.0.5", "10.9.9.9"),
        # No header from a proxy: the proxy itself.
        (None, "10.0.0.2"),
        ("", "10.0.0.2"),
    ],
)
def test_client_ip_behind_a_trusted_proxy(settings, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("10.0.0.2", forwarded)) == expected


@pytest.mark.parametrize(
    "forwarded",
    ["not-an-address", "203.0.113.7, bogus", "203.0.113.7,, 10.0.0.5", "203.0.113.7:443", "1.2.3"],
)
def test_a_malformed_forwarded_chain_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("10.0.0.2", forwarded)) == "10.0.0.2"


def test_forwarded_for_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("192.0.2.44", "203.0.113.7")) == "192.0.2.44"
    assert client_ip(request_from("192.0.2.44", "10.0.0.1")) == "192.0.2.44"


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("127.0.0.1", "203.0.113.7")) == "127.0.0.1"
    assert client_ip(request_from("10.0.0.2", "203.0.113.7")) == "10.0.0.2"
    assert client_ip(RequestFactory().post(POST_URL, REMOTE_ADDR="")) is None


def test_client_ip_ipv6(settings):
    settings.TRUSTED_PROXIES = ["2001:db8:ffff::/48", "127.0.0.1/32"]
    # An IPv6 proxy forwarding an IPv6 reader, normalised to the compressed form.
    forwarded = "2001:DB8:0:0:0:0:0:abcd, 2001:db8:ffff::1"
    assert client_ip(request_from("2001:db8:ffff::2", forwarded)) == "2001:db8::abcd"
    # An IPv4 proxy seen through a dual-stack socket as an IPv4-mapped address.
    assert client_ip(request_from("::ffff:127.0.0.1", "2001:db8::1")) == "2001:db8::1"
    # An untrusted IPv6 peer.
    assert client_ip(request_from("2001:db8:1::1", "203.0.113.7")) == "2001:db8:1::1"


def test_ipv6_readers_are_counted_per_64():
    assert ratelimit.address_scope("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert ratelimit.address_scope("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert ratelimit.address_scope("203.0.113.7") == "203.0.113.7"


# --- email normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("Name+1@Example.org", "name@example.org"),
        ("name@example.org", "name@example.org"),
        ("  name+a+b@EXAMPLE.org ", "name@example.org"),
        ("first.last+news@example.org", "first.last@example.org"),  # dots count elsewhere
        ("F.i.r.s.t+x@GoogleMail.com", "first@gmail.com"),
        ("+only@example.org", "+only@example.org"),
        ("not-an-email", "not-an-email"),
    ],
)
def test_email_normalisation(email, expected):
    assert ratelimit.normalise_email(email) == expected


def test_plus_addressing_shares_one_count(rf):
    for number in range(ALLOWED):
        request = rf.post(POST_URL, REMOTE_ADDR=f"192.0.2.{number}")
        assert ratelimit.allow_comment(request, f"reader+{number}@example.org")
    request = rf.post(POST_URL, REMOTE_ADDR="192.0.2.200")
    assert not ratelimit.allow_comment(request, "Reader+other@Example.org")
    assert ratelimit.allow_comment(request, "someone-else@example.org")


def test_limit_follows_the_forwarded_client(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1/32"]
    for number in range(ALLOWED):
        request = rf.post(POST_URL, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
        assert ratelimit.allow_comment(request, f"r{number}@example.org")
    request = rf.post(POST_URL, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert not ratelimit.allow_comment(request, "r-last@example.org")
    request = rf.post(POST_URL, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert ratelimit.allow_comment(request, "r-other@example.org")


# --- the cache is down -----------------------------------------------------------------------


@pytest.fixture
def dead_redis(settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}


def test_with_the_cache_down_the_limit_fails_closed(rf, dead_redis, caplog):
    request = rf.post(POST_URL, REMOTE_ADDR="192.0.2.9")
    with (
        caplog.at_level(logging.WARNING, logger="comments.ratelimit"),
        pytest.raises(ratelimit.Unavailable),
    ):
        ratelimit.allow_comment(request, "reader@example.org")
    assert "cache is unavailable" in caplog.text


def test_with_the_cache_down_a_post_is_refused_with_its_words_back(client, post, settings, caplog):
    data = comment_form_data(client, post.url, comment="Posted while Redis is down.")
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}
    with caplog.at_level(logging.WARNING, logger="comments.ratelimit"):
        response = client.post(POST_URL, data, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 503, response.content[:500]
    assert response["Retry-After"]
    assert "cache is unavailable" in caplog.text
    page = response.content.decode()
    assert "We can’t take comments for a few minutes" in page
    assert "Your comment was not sent; here it is" in page
    # The form is back with the words in it and the same signed fields, to send again later.
    assert "Posted while Redis is down.</textarea>" in page
    assert f'value="{data["security_hash"]}"' in page
    assert "tel:988" not in page.split('<footer class="site-footer">')[0]
    assert not XtdComment.norel_objects.exists()


def test_with_the_cache_down_a_crisis_comment_gets_the_help_at_once(client, post, dead_redis):
    for url in ("/", "/blog/", post.url):
        assert client.get(url).status_code == 200, url
    data = comment_form_data(client, post.url, comment="I want to end my life")
    response = client.post(POST_URL, data)
    assert response.status_code == 503
    page = response.content.decode()
    main = page.split('<footer class="site-footer">')[0]
    assert "You don’t have to face this alone" in main and "tel:988" in main
    assert "I want to end my life</textarea>" in main
    assert not XtdComment.norel_objects.exists()


def test_when_the_cache_is_back_the_same_form_posts(client, post, settings):
    data = comment_form_data(client, post.url, comment="Sent again once Redis was back.")
    working = settings.CACHES
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}
    assert client.post(POST_URL, data).status_code == 503
    settings.CACHES = working
    response = client.post(POST_URL, data)
    assert response.status_code == 302, response.content[:500]
    assert XtdComment.norel_objects.get().comment == "Sent again once Redis was back."


# --- acceptance: gunicorn, three workers, one Redis ------------------------------------------

REDIS_URL = os.environ.get("KINSHIP_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class CommentFormFields(HTMLParser):
    """Every hidden input of the comment form (whatever fields it grows), and nothing else."""

    def __init__(self):
        super().__init__()
        self.fields, self.found, self._inside = {}, False, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = tag == "input" and (attrs.get("type") or "").lower() == "hidden"
        if tag == "form" and (attrs.get("action") or "").endswith(POST_URL):
            self._inside = self.found = True
        elif hidden and self._inside and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


class Gunicorn(processes.Gunicorn):
    """Three workers on the shared Redis, with the access log's worker pid for each post."""

    def __init__(self, tmp_path, name, trusted_proxies=""):
        super().__init__(tmp_path, name, REDIS_URL, TRUSTED_PROXIES=trusted_proxies)

    def post_workers(self):
        """The worker processes that answered comment posts, from the access log."""
        return {line.split()[0] for line in self.access_lines() if f"POST {POST_URL}" in line}


def fresh_form(base, article_path):
    """A reader's session: the article's shared comment form (no CSRF token, no cookie)."""
    session = requests.Session()
    response = session.get(base + article_path, timeout=20)
    assert response.status_code == 200, response.text[:500]
    parser = CommentFormFields()
    parser.feed(response.text)
    assert parser.found, "no comment form on the article"
    fields = parser.fields
    assert {"content_type", "object_pk", "timestamp", "security_hash"} <= set(fields), fields
    assert "csrfmiddlewaretoken" not in fields and not session.cookies
    return session, fields


def post_all(server, article_path, readers):
    """Post one comment per reader (email, forwarded address or None), four at a time so that
    several workers answer; returns the status codes in the readers' order."""
    forms = [fresh_form(server.base, article_path) for _ in readers]

    def send(number):
        session, fields = forms[number]
        email, forwarded = readers[number]
        data = {
            **fields,
            "honeypot": "",
            "name": f"Reader {number}",
            "email": email,
            "comment": f"Comment {number} from {email}, thank you for this article.",
        }
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        with session:
            response = session.post(
                server.base + POST_URL,
                data=data,
                headers=headers,
                allow_redirects=False,
                timeout=30,
            )
        return response.status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(send, range(len(readers))))


def saved_since(first_pk):
    return XtdComment.norel_objects.filter(pk__gt=first_pk)


@pytest.fixture
def shared_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        # Like the browser tests: skipped where Redis is missing, never in CI, which sets
        # KINSHIP_REQUIRE_REDIS=1 after starting one.
        hint = (
            f"Redis is needed at {REDIS_URL} ({error}): `apt-get install redis-server` and "
            "`redis-server --daemonize yes` (.ci/run does both), or set KINSHIP_TEST_REDIS_URL"
        )
        if os.environ.get("KINSHIP_REQUIRE_REDIS") == "1":
            pytest.fail(hint)
        pytest.skip(hint)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.mark.slow
@transactional
def test_limits_hold_across_gunicorn_workers_and_proxies(blog_index, shared_redis, tmp_path):
    article = make_post(blog_index, title="Peer support")
    assert article.live
    article_path = article.url
    servers = []
    try:
        # 1. No proxy: twelve readers from one address, three workers, one count.
        direct = Gunicorn(tmp_path, "direct")
        servers.append(direct)
        direct.wait_ready()
        statuses = post_all(
            direct, article_path, [(f"direct{n}@example.org", None) for n in range(12)]
        )
        assert sorted(statuses) == [302] * 5 + [429] * 7, statuses
        assert saved_since(0).count() == 5
        assert set(saved_since(0).values_list("ip_address", flat=True)) == {"127.0.0.1"}
        assert len(direct.post_workers()) >= 2, "the posts should have reached several workers"

        # 2. A forged X-Forwarded-For, with no trusted proxy: counted against 127.0.0.1.
        shared_redis.flushdb()
        last = saved_since(0).order_by("pk").last().pk
        forged = [(f"forged{n}@example.org", f"198.51.100.{n + 1}") for n in range(6)]
        statuses = post_all(direct, article_path, forged)
        assert sorted(statuses) == [302] * 5 + [429], statuses
        assert set(saved_since(last).values_list("ip_address", flat=True)) == {"127.0.0.1"}
        direct.stop()

        # 3. Behind a trusted proxy: limited per forwarded client.
        proxied = Gunicorn(tmp_path, "proxied", trusted_proxies="127.0.0.1/32")
        servers.append(proxied)
        proxied.wait_ready()
        shared_redis.flushdb()
        last = saved_since(0).order_by("pk").last().pk
        one_client = [(f"proxied{n}@example.org", "203.0.113.7") for n in range(6)]
        statuses = post_all(proxied, article_path, one_client)
        assert sorted(statuses) == [302] * 5 + [429], statuses
        statuses = post_all(proxied, article_path, [("other@example.org", "203.0.113.8")])
        assert statuses == [302]
        assert sorted(saved_since(last).values_list("ip_address", flat=True)) == (
            ["203.0.113.7"] * 5 + ["203.0.113.8"]
        )

        # 4. One mailbox, plus-addressed, from six different readers' addresses.
        shared_redis.flushdb()
        tagged = [(f"reader+{n}@example.org", f"192.0.2.{n + 1}") for n in range(6)]
        statuses = post_all(proxied, article_path, tagged)
        assert sorted(statuses) == [302] * 5 + [429], statuses
        assert XtdComment.norel_objects.filter(user_email__startswith="reader+").count() == 5
        assert len(proxied.post_workers()) >= 2
        proxied.stop()

        assert XtdComment.norel_objects.count() == 5 + 5 + 6 + 5
    finally:
        for server in servers:
            server.stop()
