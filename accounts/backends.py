"""The authentication backend of the test settings."""

from axes.backends import AxesStandaloneBackend


class RequestOptionalAxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped when authenticate() is called without a request.

    Django's test client's login() has no request to give, and axes' own backend raises on
    that. Every sign-in form passes its request, so this behaves as axes' backend wherever a
    lockout can happen. Only cms.settings.test uses it; production refuses a request-less
    authenticate() as axes does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
