from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import can_unlock
from .views import DeviceDeleteView, LockoutsView, RecoveryCodesView, VerifyView


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_unlock(request.user)


# First, so that these views answer wagtail-2fa's addresses and names in place of its own.
@hooks.register("register_admin_urls", order=-1)
def register_account_urls():
    return [
        path("2fa/auth", VerifyView.as_view(), name="wagtail_2fa_auth"),
        path(
            "2fa/devices/<int:pk>/remove",
            DeviceDeleteView.as_view(),
            name="wagtail_2fa_device_remove",
        ),
        path("sign-in-lockouts/", LockoutsView.as_view(), name="accounts_lockouts"),
        path(
            "account/recovery-codes/", RecoveryCodesView.as_view(), name="accounts_recovery_codes"
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(
        "Sign-in lockouts", reverse("accounts_lockouts"), icon_name="lock", order=900
    )


@hooks.register("register_account_menu_item")
def register_recovery_codes_menu_item(request):
    return {
        "url": reverse("accounts_recovery_codes"),
        "label": "Recovery codes",
        "help_text": "One-time codes for signing in if you lose your authenticator app.",
    }
