"""The default Site's host name and port, which every absolute URL is built from.

Canonical and OpenGraph URLs, JSON-LD, the RSS feeds and the sitemap use the Wagtail Site's
root_url (port 443 gives https://, 80 plain http://, any other http://host:port). Wagtail keeps
the Site in the database, with no setting read at start-up, and migrate creates it as
localhost:80; so only `manage.py set_site_hostname`, load_demo_content (for `make run`) or
Settings > Sites in the admin say where the site really is.

django.contrib.sites' Site (SITE_ID, which django-comments-xtd needs) gets the same domain.
Saving the Site purges the page cache (pagecache/signals.py), so no page keeps the old address.
"""

import re

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_ipv4_address
from django.db import transaction
from wagtail.models import Site

HOSTNAME = re.compile(URLValidator.host_re, re.IGNORECASE)


class SiteAddressError(ValueError):
    """A host name or port that cannot be the site's, with the reason."""


def clean_hostname(value):
    """A host name (www.example.org, localhost) or an IPv4 address, lower-cased; a URL, a
    port, a path or anything else is refused with the reason."""
    host = value.strip().lower().rstrip(".")
    if "://" in host or "/" in host:
        raise SiteAddressError(f"{value!r}: give the host name alone, without http:// or a path.")
    if ":" in host:
        raise SiteAddressError(f"{value!r}: give the port with --port, not in the host name.")
    try:
        validate_ipv4_address(host)
        return host
    except ValidationError:
        pass
    if len(host) > 253 or not HOSTNAME.fullmatch(host):
        raise SiteAddressError(f"{value!r} is not a valid host name.")
    return host


def clean_port(value):
    if not 1 <= value <= 65535:
        raise SiteAddressError(f"Port {value} is out of range (1-65535).")
    return value


def set_site_hostname(hostname, port):
    """Point the default Site at hostname:port. Returns (site, its root URL before)."""
    hostname, port = clean_hostname(hostname), clean_port(port)
    with transaction.atomic():
        site = Site.objects.select_for_update().filter(is_default_site=True).first()
        if site is None:
            raise SiteAddressError("There is no default Site yet: run `manage.py migrate` first.")
        clash = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).first()
        if clash is not None:
            raise SiteAddressError(
                f"Another Site ({clash.site_name or clash.pk}) is already at {hostname}:{port}."
            )
        before = site.root_url
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save()
        domain = hostname if port in (80, 443) else f"{hostname}:{port}"
        DjangoSite.objects.update_or_create(
            pk=settings.SITE_ID, defaults={"domain": domain, "name": site.site_name or domain}
        )
    return site, before
