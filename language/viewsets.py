"""The language guide in the admin (Snippets › Language guide). Editors and Clinical
reviewers keep it (editorial/roles.py); Writers see its advice in the editor but cannot
change it."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import LanguageTerm


class LanguageTermViewSet(SnippetViewSet):
    model = LanguageTerm
    icon = "openquote"
    menu_label = "Language guide"
    menu_name = "language-guide"
    add_to_admin_menu = False
    list_display = ["term", "suggestion", "reason", "updated_at"]
    search_fields = ["term", "forms", "suggestion"]
    search_backend_name = None  # a short list: the ORM searches it
    ordering = ["term"]
