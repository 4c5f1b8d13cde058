"""manage.py check_language [FILE…]: the language guide's terms in the site's live posts, or
in plain-text or HTML files (a draft written elsewhere).

Each finding prints as `term → suggestion` with where it is (the post and block, or the
file and line). Exits with status 1 when anything was found, so a script or CI can use it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.articles import get_article_model
from language.check import check_page
from language.checker import Checker
from language.results import store
from language.text import html_lines

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


class Command(BaseCommand):
    help = (
        "List words from the language guide with what to say instead: in every live post, "
        "or in the given plain-text or HTML files. Exits 1 when any is found."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Plain-text or HTML files to check.")

    def handle(self, *args, files=(), **options):
        checker = Checker()
        found = self.check_files(files, checker) if files else self.check_site(checker)
        if found:
            self.stdout.write(f"{found} word{'s' if found != 1 else ''} to look at.")
            raise SystemExit(1)
        self.stdout.write("No word from the language guide.")

    def check_files(self, files, checker):
        found = 0
        for name in files:
            path = Path(name)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"Cannot read {name}: {error}") from error
            if path.suffix.lower() in HTML_SUFFIXES or text.lstrip().startswith("<"):
                text = html_lines(text)
            for number, line in enumerate(text.splitlines(), 1):
                for finding in checker.find(line):
                    found += 1
                    self.stdout.write(
                        f"{name}:{number}: “{finding.matched}” → {finding.suggestion}"
                        f" ({finding.reason})"
                    )
        return found

    def check_site(self, checker):
        """Every live post, most findings first; the report's findings are refreshed too."""
        results = []
        for page in get_article_model().objects.live().iterator(chunk_size=200):
            result = check_page(page, checker)
            store(page, result)
            if result.findings:
                results.append((page, result))
        results.sort(key=lambda item: (-len(item[1].findings), item[0].title))
        found = 0
        for page, result in results:
            count = len(result.findings)
            self.stdout.write(f"{page.title} ({page.get_url() or page.url_path}): {count} flagged")
            for finding in result.findings:
                found += 1
                self.stdout.write(f"  {finding.where}: “{finding.matched}” → {finding.suggestion}")
        return found
