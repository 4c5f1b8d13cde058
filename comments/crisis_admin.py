"""The "Crisis terms" area of the Wagtail admin: the list of words and phrases that mark a
reader's comment urgent (comments/crisis.py, matched by comments/triage.py).

- Who: Clinical reviewers, Moderators and Editors (add, change, delete and view crisisterm, given
  by editorial/roles.py) and superusers. Writers, and anyone else, get Wagtail's permission message.
- List: pattern, group, note, active, last edited by and when; filter by group and active;
  search in patterns and notes.
- Add and edit: group, pattern (validated: see triage.PATTERN_HELP, shown under the field),
  note, active. The editor and the time are recorded on every save, and the action goes to
  Wagtail's history for the term.
"""

from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .models import CrisisTerm


class RecordEditorMixin:
    def save_instance(self):
        self.form.instance.updated_by = self.request.user
        return super().save_instance()


class CrisisTermCreateView(RecordEditorMixin, generic.CreateView):
    pass


class CrisisTermEditView(RecordEditorMixin, generic.EditView):
    pass


class CrisisTermViewSet(ModelViewSet):
    model = CrisisTerm
    name = "crisis_terms"
    url_prefix = "crisis-terms"
    icon = "warning"
    menu_label = "Crisis terms"
    menu_name = "crisis-terms"
    menu_order = 221  # next to Comments (220)
    add_to_admin_menu = True
    add_to_reference_index = False
    inspect_view_enabled = False
    copy_view_enabled = False
    form_fields = ["group", "pattern", "note", "active"]
    list_filter = ["group", "active"]
    search_fields = ["pattern", "note"]
    ordering = ["group", "pattern"]
    list_per_page = 100
    add_view_class = CrisisTermCreateView
    edit_view_class = CrisisTermEditView

    @property
    def list_display(self):
        return [
            "pattern",
            Column("group", label="Group", accessor="get_group_display", sort_key="group"),
            Column("note", label="Note"),
            BooleanColumn("active", label="Active", sort_key="active"),
            Column("updated_by", label="Last edited by", accessor="last_edited_by"),
            DateColumn("updated_at", label="Last edited", sort_key="updated_at"),
        ]
