from django import forms
from django.conf import settings
from django_comments_xtd.forms import XtdCommentForm


class ReaderCommentForm(XtdCommentForm):
    """django-comments-xtd's form with readers' expectations: pseudonyms welcome, the email
    address never shown, no link on the name, and a length limit readers can see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["url"]  # a link on the name invites spam and identifies people
        name, email, comment = self.fields["name"], self.fields["email"], self.fields["comment"]
        name.label = "Name or pseudonym"
        name.required = True
        name.max_length = 50
        name.help_text = "Shown with your comment. A first name or a pseudonym is fine."
        name.widget = forms.TextInput(attrs={"autocomplete": "nickname", "maxlength": 50})
        email.label = "Email"
        email.required = True
        email.help_text = "Your email address will not be published."
        email.widget = forms.EmailInput(attrs={"autocomplete": "email"})
        comment.label = "Comment"
        comment.max_length = settings.COMMENT_MAX_LENGTH
        comment.widget = forms.Textarea(attrs={"rows": 6, "maxlength": settings.COMMENT_MAX_LENGTH})
        comment.help_text = (
            f"Up to {settings.COMMENT_MAX_LENGTH:,} characters. Please don't share details that "
            "could identify you or anyone else, such as full names, places or health records."
        )
        self.fields["followup"].label = "Email me when someone replies in this thread"
        self.fields["followup"].initial = False
        for field in (name, email, comment):
            field.widget.attrs["required"] = True
        # The honeypot stays in the form for bots; people never reach it.
        self.fields["honeypot"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_comment(self):
        comment = super().clean_comment()
        if not comment.strip():
            raise forms.ValidationError("Please write a comment.")
        return comment
