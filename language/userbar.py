"""Wagtail's content checker (the editor's Checks panel and the userbar's "Issues found")
with one axe rule per language guide term.

Each rule selects the marks preview.py puts around that term's words and fails them through
the check `kinship-language-term`, whose evaluate function (always "fails": the word is
flagged) static/js/language-check-preview.js registers with the userbar. The rule's message is
the term and its suggestion, its help text the reason. Rules are tagged "best-practice" with
impact "minor": the check advises, it never blocks saving or publishing.
"""

from wagtail.admin.userbar import ContentCheckerItem

from .models import LanguageTerm

CHECK_ID = "kinship-language-term"
RULE_PREFIX = "kinship-language-"


class LanguageCheckerItem(ContentCheckerItem):
    def __init__(self, in_editor=False):
        super().__init__(in_editor=in_editor)
        self.terms = list(LanguageTerm.objects.only("pk", "term", "suggestion", "reason"))

    def rule_id(self, term):
        return f"{RULE_PREFIX}{term.pk}"

    def get_axe_run_only(self, request):
        return [*super().get_axe_run_only(request), *(self.rule_id(t) for t in self.terms)]

    def get_axe_custom_rules(self, request):
        return [
            *super().get_axe_custom_rules(request),
            *(
                {
                    "id": self.rule_id(term),
                    "impact": "minor",
                    "selector": f'mark[data-language-term="{term.pk}"]',
                    "tags": ["best-practice", "kinship-language"],
                    "any": [CHECK_ID],
                    "enabled": True,
                }
                for term in self.terms
            ),
        ]

    def get_axe_custom_checks(self, request):
        return [*super().get_axe_custom_checks(request), {"id": CHECK_ID}]

    def get_axe_messages(self, request):
        return {
            **super().get_axe_messages(request),
            **{
                self.rule_id(term): {
                    "error_name": f"“{term.term}”: say “{term.suggestion}”",
                    "help_text": term.reason,
                }
                for term in self.terms
            },
        }
