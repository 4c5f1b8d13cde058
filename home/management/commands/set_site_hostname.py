"""`manage.py set_site_hostname HOST [--port N]`: tell the site where readers reach it
(home/site_hostname.py). Run it once after the first migrate, and again when the address
changes; docker/start-web.sh runs it on every start when KINSHIP_SITE_HOSTNAME is set.

    manage.py set_site_hostname www.example.org --port 443   # https://www.example.org/
    manage.py set_site_hostname 127.0.0.1 --port 8000        # http://127.0.0.1:8000/
"""

from django.core.management.base import BaseCommand, CommandError

from home.site_hostname import SiteAddressError, set_site_hostname


class Command(BaseCommand):
    help = (
        "Set the host name and port of the default Wagtail Site, which canonical, OpenGraph, "
        "feed and sitemap URLs are built from. Port 443 means https://."
    )

    def add_arguments(self, parser):
        parser.add_argument("hostname", help="the host name readers use, e.g. www.example.org")
        parser.add_argument(
            "--port", type=int, default=80, help="the port readers use (default 80; 443: https)"
        )

    def handle(self, *args, hostname, port, **options):
        try:
            site, before = set_site_hostname(hostname, port)
        except SiteAddressError as error:
            raise CommandError(str(error)) from None
        if site.root_url == before:
            self.stdout.write(f"The site is already at {site.root_url}/.")
        else:
            self.stdout.write(f"The site is now at {site.root_url}/ (it was {before}/).")
