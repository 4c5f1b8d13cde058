"""Password reset requests, rate limited per address and per email address.

django-axes counts failed sign-ins, and a reset request is not one: nothing is guessed, but
each request sends an email. So the admin's reset form refuses more than
settings.KINSHIP_PASSWORD_RESET_LIMIT requests in KINSHIP_PASSWORD_RESET_WINDOW seconds from
one address (the comments' trusted-proxy address) or for one email address, whether or not an
account has it. The counts live in the cache; a cache that is down lets requests through.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from wagtail.admin.views import account

from comments.client import client_ip

logger = logging.getLogger(__name__)

REFUSED = "Too many password reset requests. Please wait an hour before trying again."


def _counted(key):
    """One more request on `key`; the number so far in this window."""
    window = settings.KINSHIP_PASSWORD_RESET_WINDOW
    cache.add(key, 0, window)
    try:
        return cache.incr(key) or 0
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def over_limit(request, email):
    email_hash = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    counts = [
        _counted(f"kinship:password-reset:ip:{client_ip(request)}"),
        _counted(f"kinship:password-reset:email:{email_hash}"),
    ]
    return max(counts) > settings.KINSHIP_PASSWORD_RESET_LIMIT


@method_decorator(never_cache, name="dispatch")
class PasswordResetView(account.PasswordResetView):
    """Wagtail's password reset form, refusing requests over the limit with a form error."""

    def form_valid(self, form):
        if over_limit(self.request, form.cleaned_data["email"]):
            logger.warning(
                "Password reset request refused (rate limit) from %s", client_ip(self.request)
            )
            form.add_error(None, REFUSED)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
