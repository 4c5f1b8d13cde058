from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm


class BlogPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        self._check_authors_are_unique()
        self._drop_stale_schedule()
        return cleaned_data

    def _drop_stale_schedule(self):
        # After a scheduled publish or an expiry the page keeps its old dates, and Wagtail
        # refuses an expiry in the past, which would block every later save. Dates the editor
        # did not touch and that have passed are cleared instead.
        now = timezone.now()
        for name in ("go_live_at", "expire_at"):
            value = self.cleaned_data.get(name)
            stored = getattr(self.instance, name, None)
            # The date picker shows minutes, so compare to the minute.
            if value and stored and value <= now and _to_minute(value) == _to_minute(stored):
                self.cleaned_data[name] = None

    def _check_authors_are_unique(self):
        # Checked here rather than by a unique constraint: an editor may remove an author and
        # add them back in one edit, and modelcluster inserts the new row before deleting the old.
        formset = self.formsets.get("blog_authors")
        if formset is None or not formset.is_valid():
            return
        seen = set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            author = data.get("author")
            if not author or data.get("DELETE"):
                continue
            if author.pk in seen:
                form.add_error(
                    "author", ValidationError(f"{author.name} is already listed as an author.")
                )
            seen.add(author.pk)


def _to_minute(moment):
    return moment.replace(second=0, microsecond=0)
