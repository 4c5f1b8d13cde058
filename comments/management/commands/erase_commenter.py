"""`manage.py erase_commenter <email> [--anonymise | --delete] [--dry-run]`: a reader's
request to be forgotten.

--anonymise (the default) keeps each comment's place in its thread, so replies by other readers
still make sense, but removes the person and their words: the name becomes "Removed at the
reader's request", the text "[removed]", the email address and IP address are cleared, and the
comment is marked removed (hidden from readers). --delete deletes the comments outright, and
with them any replies under them (see comments/signals.py). Either way the address is
cleared from the reports this reader filed about other comments. The address is matched
case-insensitively, on the comment and on a linked user account.

The command prints what it did, with comment ids, but never the email address itself, so its
output can be kept as a record of the erasure.
"""

from django.core.management.base import BaseCommand, CommandError

from comments.privacy import ANONYMISE, DELETE, erase


def ids(values):
    return ", ".join(str(pk) for pk in values) or "none"


class Command(BaseCommand):
    help = "Anonymise (default) or delete every comment by an email address; print what was done."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The commenter's email address (any letter case).")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--anonymise",
            "--anonymize",
            dest="mode",
            action="store_const",
            const=ANONYMISE,
            help="Keep the comments' places in their threads, remove the words and the person "
            "(the default).",
        )
        mode.add_argument(
            "--delete",
            dest="mode",
            action="store_const",
            const=DELETE,
            help="Delete the comments, and the replies under them.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be done; change nothing."
        )

    def handle(self, *args, email, mode, dry_run, **options):
        mode = mode or ANONYMISE
        try:
            result = erase(email, mode=mode, dry_run=dry_run)
        except ValueError as error:
            raise CommandError(str(error)) from None

        if not result.found_anything:
            self.stdout.write("No comments or reports by this email address. Nothing to do.")
            return
        if dry_run:
            self.stdout.write("Dry run: nothing was changed. It would have:")
        done = {ANONYMISE: "Anonymised", DELETE: "Deleted"}[mode]
        self.stdout.write(
            f"{done} {len(result.comment_ids)} comment(s): ids {ids(result.comment_ids)}."
        )
        if result.reply_ids:
            self.stdout.write(
                f"Deleted with them {len(result.reply_ids)} reply(ies) by other readers: "
                f"ids {ids(result.reply_ids)}."
            )
        if result.reports_cleared:
            self.stdout.write(
                "Cleared the reporter's name, email and IP address from "
                f"{result.reports_cleared} report(s) this reader filed."
            )
