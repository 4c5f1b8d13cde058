import time

from django import forms
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail_2fa.forms import TokenForm


def _matches(device, token):
    """Whether a TOTP device's code is `token` now, without recording an attempt."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp.verify(int(token), device.tolerance)


class DeviceChoosingTokenForm(TokenForm):
    """wagtail-2fa's code form, choosing the device from the code itself.

    django-otp 1.7 refuses a code without a chosen device (trying each device in turn would
    count a failure against every one that did not match), and wagtail-2fa's form chooses
    none, so no code would pass. Here digits are an authenticator app's code (TOTP: the
    user's app whose code it is, else their first) and anything else a recovery code (a
    static token), and only the chosen device verifies it and counts a failure.
    """

    def _chosen_device(self, user):
        token = (self.cleaned_data.get("otp_token") or "").strip()
        devices = list(devices_for_user(user, confirmed=True))
        if token.isdigit():
            apps = [device for device in devices if isinstance(device, TOTPDevice)]
            return next((device for device in apps if _matches(device, token)), None) or (
                apps[0] if apps else None
            )
        return next((device for device in devices if isinstance(device, StaticDevice)), None)

    def _verify_token(self, user, token, device=None):
        if device is None:
            raise forms.ValidationError(self.otp_error_messages["invalid_token"])
        return super()._verify_token(user, token.strip(), device)
