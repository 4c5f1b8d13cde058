"""Checking an article: its findings and its reading grade, as the Checks panel, the
clinician's review, the report and `manage.py check_language` show them."""

from collections import Counter
from dataclasses import dataclass, field

from .checker import Checker
from .readability import TARGET_GRADE, grade
from .text import page_segments


@dataclass
class PageCheck:
    findings: list = field(default_factory=list)
    reading_grade: float | None = None
    target_grade: int = TARGET_GRADE

    @property
    def above_target(self):
        return self.reading_grade is not None and self.reading_grade > self.target_grade

    def term_counts(self):
        """[{"term", "suggestion", "count"}], most found first."""
        counts = Counter((f.term, f.suggestion) for f in self.findings)
        return [
            {"term": term, "suggestion": suggestion, "count": count}
            for (term, suggestion), count in sorted(
                counts.items(), key=lambda item: (-item[1], item[0][0])
            )
        ]


def check_page(page, checker=None):
    checker = checker or Checker()
    segments = list(page_segments(page))
    findings = [f for segment in segments for f in checker.find(segment.text, segment.where)]
    # The reading grade is of the article's running text: its body, not its title.
    body = "\n\n".join(s.text for s in segments if not s.where.startswith(("Title", "Summary")))
    return PageCheck(findings=findings, reading_grade=grade(body))
