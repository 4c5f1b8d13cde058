"""The reader's network address, for rate limits and the comment's stored IP.

Behind a TLS proxy every request arrives from the proxy, so the reader's address has to come
from X-Forwarded-For. That header is written by whoever sends the request, so it is believed
only when the request comes from a proxy listed in settings.TRUSTED_PROXIES (CIDRs, from the
TRUSTED_PROXIES environment variable). Each proxy appends the address it received the request
from, so the header is read right to left: trusted proxies are skipped and the first address
that is not one of them is the client. Anything before it was written by the client and may be
forged. A malformed entry means the chain cannot be read, and the direct peer (REMOTE_ADDR) is
used instead.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy) for proxy in proxies)


def _address(value):
    """An ip_address, IPv4-mapped IPv6 (::ffff:192.0.2.1) as IPv4; None when malformed."""
    try:
        address = ipaddress.ip_address(str(value).strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address, networks):
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request):
    """The reader's address as a string, or None when the request carries none."""
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(str(proxy) for proxy in getattr(settings, "TRUSTED_PROXIES", ())))
    peer = _address(remote) if remote else None
    if peer is None or not networks or not _trusted(peer, networks):
        return str(peer) if peer is not None else remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in forwarded.split(",")] if forwarded.strip() else []
    address = None
    for entry in reversed(entries):
        address = _address(entry)
        if address is None:
            return str(peer)
        if not _trusted(address, networks):
            return str(address)
    # Every hop was a trusted proxy: the request started inside the trusted networks, at the
    # leftmost address (or at the peer itself when there was no header).
    return str(address if address is not None else peer)
