"""The upload form of the admin's "Import from WordPress" area (wordpress/admin_views.py)."""

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat


def max_upload_bytes():
    # Read when used, not at import time, so that a changed setting (or a test's) applies.
    return settings.WORDPRESS_IMPORT_MAX_UPLOAD_BYTES


class UploadForm(forms.Form):
    export = forms.FileField(
        label="WordPress export file",
        validators=[FileExtensionValidator(["xml"], "Choose the .xml file WordPress exported.")],
        widget=forms.FileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
        # Django refuses an empty file and one without a name with its own messages.
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["export"].help_text = (
            "The .xml file from WordPress’s Tools → Export (“All content” or “Posts”), "
            f"up to {filesizeformat(max_upload_bytes())}. "
            "It is checked first: nothing on this site changes until you confirm the import."
        )

    def clean_export(self):
        export = self.cleaned_data["export"]
        limit = max_upload_bytes()
        if export.size > limit:
            raise forms.ValidationError(
                f"This file is {filesizeformat(export.size)}; the limit here is "
                f"{filesizeformat(limit)}. Import bigger exports with "
                "“manage.py import_wordpress” on the server."
            )
        return export
