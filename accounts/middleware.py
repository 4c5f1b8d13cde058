"""Two-factor sign-in for everyone who can open the admin (wagtail-2fa on django-otp)."""

from functools import partial

import django_otp
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, reverse
from django.utils.functional import SimpleLazyObject
from wagtail_2fa import middleware


class VerifyUserMiddleware(middleware.VerifyUserMiddleware):
    """wagtail-2fa's middleware, with two changes for a site whose readers have no session.

    wagtail-2fa loads the user on every request (`if request.user:`), which reads the session
    and makes every reader's page vary on Cookie; this one wraps the user lazily, as django-otp
    does, and never looks at a request without a session cookie. And an address no URL
    pattern matches is a 404 for wagtail-2fa's resolve() to raise, not a 500: such a request
    is treated like any other that needs a verified user.

    With settings.WAGTAIL_2FA_REQUIRED on, a staff user with a device is asked for a code, and
    one without is sent to enrolment; with it off (the default under `make run`) nothing is
    asked.
    """

    def process_request(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            request.user = SimpleLazyObject(partial(self._verify_user_sync, request, user))
        if not self._require_verified_user(request):
            return None
        user = request.user
        if django_otp.user_has_device(user, confirmed=True):
            if user.is_verified():
                return None
            login_url = reverse("wagtail_2fa_auth")
        else:
            login_url = reverse("wagtail_2fa_device_new")
        return redirect_to_login(request.get_full_path(), login_url=login_url)

    def _require_verified_user(self, request):
        if not settings.WAGTAIL_2FA_REQUIRED:
            return False
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False  # no session, nobody signed in
        try:
            return super()._require_verified_user(request)
        except Resolver404:
            return True
