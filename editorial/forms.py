from django import forms
from wagtail.forms import TaskStateCommentForm


class RequestChangesForm(TaskStateCommentForm):
    comment = forms.CharField(
        widget=forms.Textarea,
        label="What needs to change?",
        help_text="The writer receives this by email and sees it in the page history.",
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError("Say what needs to change.")
        return comment
