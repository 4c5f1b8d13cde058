"""Email Moderators the comments waiting for them (run daily by run_scheduler).

    python manage.py comments_digest

Each Moderator gets one email: the number of pending comments, then each of them (urgent
first, then oldest first) with its article, and a link to the moderation queue. Nothing is sent
when no comment is waiting.
"""

from django.core.management.base import BaseCommand

from comments.notifications import send_digest


class Command(BaseCommand):
    help = "Email Moderators a digest of comments awaiting moderation (none if there are none)."

    def handle(self, *args, **options):
        count = send_digest()
        if options.get("verbosity", 1) >= 2 or (count and options.get("verbosity", 1) >= 1):
            self.stdout.write(f"Comments digest: {count} pending.")
