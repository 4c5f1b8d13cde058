"""`manage.py purge_comment_ips`: forget commenters' IP addresses after the retention period.

Clears `ip_address` on comments and `reporter_ip` on reports older than
KINSHIP_COMMENT_IP_RETENTION_DAYS (30). The scheduler runs it on every round, so, like
publish_scheduled, a run that clears nothing stays quiet unless asked (--verbosity 2).
"""

from django.core.management.base import BaseCommand

from comments.privacy import purge_ips


class Command(BaseCommand):
    help = (
        "Clear the IP addresses of comments and comment reports older than "
        "KINSHIP_COMMENT_IP_RETENTION_DAYS days, and print how many were cleared."
    )

    def handle(self, *args, **options):
        result = purge_ips()
        verbosity = options.get("verbosity", 1)
        if verbosity >= 2 or (verbosity >= 1 and (result.comments or result.reports)):
            self.stdout.write(
                f"Cleared the IP address of {result.comments} comment(s) and "
                f"{result.reports} report(s) from before {result.cutoff:%Y-%m-%d %H:%M %Z}."
            )
