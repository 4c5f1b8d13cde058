"""Each process's memory of the purge tokens, kept current by Redis pub/sub.

With a copy of the page in the process (pagecache/copies.py), reading the tokens from Redis
is the one round trip left in a hit, and it costs about as much as everything else the hit
does. A process may remember the tokens only if it hears every purge: `generations.bump`
publishes the keys it replaced on CHANNEL after replacing them, and before every use the memo
reads each message already delivered to its subscription. That is a poll of its own socket,
not a round trip, and it happens before the answer, so a purge that has reached Redis when a
request arrives is heard by that request, as if the tokens had been read.

It fails closed. Until its subscription is confirmed, after any error on it (Redis restarting
or unreachable), and with a cache that has no pub/sub (local memory), the memo holds nothing
and every token is read from the cache, as before it existed; it starts empty again once
subscribed, since purges may have been missed meanwhile. A remembered token is also read again
after MAX_AGE seconds, which bounds the harm of a purge whose message was never published.
"""

import contextlib
import logging
import os
import select
import threading
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

CHANNEL = "kinship:pagecache:purged"
MAX_AGE = 2.0  # seconds a remembered token is trusted without being read again
RETRY_AFTER = 1.0  # seconds between attempts to subscribe after a failure
SUBSCRIBE_TIMEOUT = 1.0


def _redis():
    """The cache's Redis client, or None for a cache that is not on Redis."""
    try:
        from django_redis import get_redis_connection

        return get_redis_connection("default")
    except (ImportError, NotImplementedError):
        return None


def channel():
    return cache.make_key(CHANNEL)  # two sites on one Redis (another KEY_PREFIX) keep apart


def publish(keys):
    """Tell every process that the tokens at `keys` were replaced."""
    client = _redis()
    if client is None:
        return
    try:
        client.publish(channel(), " ".join(keys))
    except Exception:  # redis.RedisError, OSError: the others re-read within MAX_AGE
        logger.warning("Could not publish a page cache purge", exc_info=True)


class TokenMemo:
    def __init__(self):
        self._lock = threading.Lock()
        self._pid = None
        self._pubsub = self._poller = None
        self._sock = None
        self._reconnected = False
        self._drained = False  # get_message() has answered None since subscribing
        self._retry_at = 0.0
        self._tokens = {}  # token key → (value, monotonic time until which it is trusted)
        self._epoch = 0  # changes with every purge heard and every reset

    def get_many(self, keys):
        """What `cache.get_many(keys)` would answer for token keys, from memory where it can."""
        now = time.monotonic()
        with self._lock:
            epoch = self._listen()
            if epoch is None:
                remembered = {}
            else:
                remembered = {
                    key: value
                    for key, (value, until) in ((k, self._tokens.get(k, (None, 0))) for k in keys)
                    if until > now
                }
        missing = [key for key in keys if key not in remembered]
        if not missing:
            return remembered
        found = cache.get_many(missing)
        self.remember(found, epoch)
        return {**remembered, **found}

    def ticket(self):
        """Taken before reading tokens from the cache, and given back to `remember`."""
        with self._lock:
            return self._listen()

    def remember(self, found, ticket):
        """Keep tokens read from the cache, unless a purge was heard since `ticket`: they may
        have been read before it replaced them."""
        if ticket is None or not found:
            return
        until = time.monotonic() + MAX_AGE
        with self._lock:
            if self._listen() != ticket:
                return
            for key, value in found.items():
                self._tokens[key] = (value, until)

    def forget(self, keys):
        """This process's own purge: heard at once, before its message comes back."""
        with self._lock:
            for key in keys:
                self._tokens.pop(key, None)
            self._epoch += 1

    def reset(self):
        """Forget everything and subscribe afresh (a test that changes the cache)."""
        with self._lock:
            self._close()
            self._retry_at = 0.0

    def _listen(self):
        """Read every purge delivered so far; the current epoch, or None while not subscribed."""
        if self._pid != os.getpid():  # a forked worker must not share its parent's socket
            self._pubsub = None
            self._pid = os.getpid()
            self._close()
        if self._pubsub is None and not self._subscribe():
            return None
        try:
            if self._reconnected:  # checked first: a new socket may reuse the polled fd number
                raise ConnectionError("the subscription was re-established")
            if self._quiet():
                return self._epoch
            while True:
                message = self._pubsub.get_message(timeout=0)
                if self._reconnected or self._pubsub.connection is None:
                    # redis-py reconnected and subscribed again by itself: purges published in
                    # between were never delivered.
                    raise ConnectionError("the subscription was re-established")
                if message is None:
                    self._drained = True
                    return self._epoch
                if message["type"] == "message":
                    for key in message["data"].decode().split():
                        self._tokens.pop(key, None)
                    self._epoch += 1
        except Exception:
            logger.warning("Page cache purges unheard; reading tokens from Redis", exc_info=True)
            self._close()
            return None

    def _quiet(self):
        """Nothing has arrived since the last read: one poll(2) of the socket, where redis-py's
        own check costs several system calls. Once get_message() has answered None, its parser
        holds no whole message, so a silent socket means no purge."""
        return self._drained and self._poller is not None and not self._poller.poll(0)

    def _subscribe(self):
        if time.monotonic() < self._retry_at:
            return False
        client = _redis()
        if client is None:
            self._retry_at = float("inf")  # not on Redis: never
            return False
        pubsub = client.pubsub()
        try:
            pubsub.subscribe(channel())
            confirmed = pubsub.get_message(timeout=SUBSCRIBE_TIMEOUT)
            if not confirmed or confirmed["type"] != "subscribe":
                raise ConnectionError(f"no subscription confirmed: {confirmed!r}")
        except Exception:
            logger.warning("Could not subscribe to page cache purges", exc_info=True)
            self._close(pubsub)
            self._retry_at = time.monotonic() + RETRY_AFTER
            return False
        self._pubsub = pubsub
        self._poller, self._drained = None, False  # the confirmation may have come with more
        self._reconnected = False
        pubsub.connection.register_connect_callback(self._on_reconnect)
        self._sock = self._sock_of(pubsub)
        if self._sock is not None:
            self._poller = select.poll()
            self._poller.register(self._sock, select.POLLIN | select.POLLERR | select.POLLHUP)
        self._tokens.clear()  # purges may have been missed while not subscribed
        self._epoch += 1
        return True

    def _on_reconnect(self, connection):
        self._reconnected = True

    @staticmethod
    def _sock_of(pubsub):
        return getattr(pubsub.connection, "_sock", None)  # redis-py's socket, if it keeps one

    def _close(self, pubsub=None):
        pubsub = pubsub or self._pubsub
        self._pubsub = self._poller = None
        self._tokens.clear()
        self._epoch += 1
        if pubsub is not None:
            with contextlib.suppress(Exception):  # the connection is already gone
                pubsub.close()


memo = TokenMemo()
