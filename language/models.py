"""The language guide (terms to avoid, what to say instead and why) and what the check last
found on each live article."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel


class LanguageTerm(models.Model):
    """One entry of the guide: a term, its other forms, the words to use instead and why."""

    term = models.CharField(
        max_length=120, unique=True, help_text="The word or phrase to avoid, e.g. “addict”."
    )
    forms = models.TextField(
        blank=True,
        help_text="Other forms to flag too, one per line: plurals and other inflections "
        "(“addicts”), spellings (“drug-abuser”).",
    )
    suggestion = models.CharField(
        max_length=255,
        help_text="What to say instead, e.g. “person with a substance use disorder”.",
    )
    reason = models.CharField(max_length=255, help_text="One line that says why.")
    exceptions = models.TextField(
        blank=True,
        help_text="Phrases in which the term is fine, one per line: proper names such as "
        "“Alcoholics Anonymous”. Quote blocks (someone's own words) are never flagged.",
    )
    match_case = models.BooleanField(
        default=False,
        help_text="Flag only this exact capitalisation (for abbreviations such as “MAT”).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("term"),
        FieldPanel("forms"),
        FieldPanel("suggestion"),
        FieldPanel("reason"),
        FieldPanel("exceptions"),
        FieldRowPanel([FieldPanel("match_case")]),
        HelpPanel(
            "Writers see each term in the editor's Checks panel with its suggestion and "
            "reason; clinicians see them in the review. The check advises: it never stops "
            "saving or publishing."
        ),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = "language guide term"

    def __str__(self):
        return self.term

    @property
    def all_forms(self):
        return [self.term, *_lines(self.forms)]

    @property
    def exception_list(self):
        return _lines(self.exceptions)


class PageLanguageCheck(models.Model):
    """What the check found on an article's live content, kept for the report (which must
    not check every post on every request). Refreshed in the background when the post is
    published and when the guide changes."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="language_check"
    )
    findings_count = models.PositiveIntegerField(default=0, db_index=True)
    # [{"term", "suggestion", "count"}, …], most found first.
    terms = models.JSONField(default=list)
    reading_grade = models.FloatField(null=True)
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["-findings_count", "page_id"]

    def __str__(self):
        return f"{self.page_id}: {self.findings_count}"

    @property
    def terms_summary(self):
        """ "addict × 2 (person with a substance use disorder); …", for the report's export."""
        return "; ".join(f"{t['term']} × {t['count']} ({t['suggestion']})" for t in self.terms)


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
