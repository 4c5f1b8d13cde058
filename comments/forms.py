import secrets
import time

from django import forms
from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django_comments_xtd.forms import XtdCommentForm

from .names import clean_name, is_reserved

HASH_SALT = "kinship.comments.form"
# A shared form's timestamp must stay well inside the 2 hours for which xtd accepts one.
SHARED_PERIOD_MAX = 60 * 60


class ReaderCommentForm(XtdCommentForm):
    """django-comments-xtd's form with readers' expectations: pseudonyms welcome, the email
    address never shown, no link on the name, and a length limit readers can see.

    A form rendered for one person carries a random nonce, signed into its security hash with
    the target and the timestamp: the view lets one nonce post one comment, so a replayed or
    double-submitted form never posts the same text again. A `shared=True` form is the one in
    a page every anonymous reader gets from the page cache: it has no nonce (one would be
    used up by the first reader) and a timestamp that moves once per cache period, so the page
    stays the same; such a post gets a nonce of its own when it arrives, and a resent one is
    recognised by its text (comments/posting.py, earlier_post). `staff=True` (a signed-in
    moderator) may use the team's name."""

    nonce = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, staff=False, shared=False, **kwargs):
        self.staff = staff
        self.shared = shared
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

    def generate_security_data(self):
        timestamp = int(time.time())
        if self.shared:
            self._nonce = ""
            timestamp -= timestamp % min(settings.KINSHIP_PAGE_CACHE_SECONDS, SHARED_PERIOD_MAX)
        else:
            self._nonce = secrets.token_urlsafe(24)
        target = self.target_object
        return {
            "content_type": str(target._meta),
            "object_pk": str(target._get_pk_val()),
            "timestamp": str(timestamp),
            "security_hash": self.initial_security_hash(timestamp),
            "nonce": self._nonce,
        }

    def initial_security_hash(self, timestamp):
        target = self.target_object
        return self.generate_security_hash(
            str(target._meta), str(target._get_pk_val()), str(timestamp), self._nonce
        )

    def generate_security_hash(self, content_type, object_pk, timestamp, nonce=""):
        value = "-".join((content_type, object_pk, timestamp, nonce))
        return salted_hmac(HASH_SALT, value).hexdigest()

    def clean_security_hash(self):
        data = self.data
        expected = self.generate_security_hash(
            data.get("content_type", ""),
            data.get("object_pk", ""),
            data.get("timestamp", ""),
            data.get("nonce", ""),
        )
        actual = self.cleaned_data["security_hash"]
        if not constant_time_compare(expected, actual):
            raise forms.ValidationError("Security hash check failed.")
        return actual

    def clean_nonce(self):
        # A shared form's post is given its nonce here (CommentModeration.form_nonce is unique).
        return self.cleaned_data.get("nonce") or secrets.token_urlsafe(24)

    def security_errors(self):
        errors = super().security_errors()
        if "nonce" in self.errors:
            errors["nonce"] = self.errors["nonce"]
        return errors

    def clean_name(self):
        name = clean_name(self.cleaned_data.get("name"))
        if not name:
            raise forms.ValidationError("Please enter a name or a pseudonym.")
        if is_reserved(name) and not self.staff:
            raise forms.ValidationError(
                "This name is kept for our team's replies. Please choose another name."
            )
        return name

    def clean_comment(self):
        comment = super().clean_comment()
        if not comment.strip():
            raise forms.ValidationError("Please write a comment.")
        return comment
