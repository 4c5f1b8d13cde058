"""Admin views: sign-in lockouts (list and unlock), a staff user's recovery codes, and the two
of wagtail-2fa's views that Kinship adjusts."""

import logging

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_2fa import views as two_factor

from .forms import DeviceChoosingTokenForm
from .permissions import can_unlock

logger = logging.getLogger(__name__)

RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def current_lockouts(request):
    """Each locked username and address pair, newest first, with when its lock ends."""
    limit = get_failure_limit(request, None)
    cool_off = get_cool_off(request)
    pairs = (
        AccessAttempt.objects.values("username", "ip_address")
        .annotate(failures=Max("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=limit)
        .order_by("-last_attempt")
    )
    if cool_off:
        pairs = pairs.filter(last_attempt__gte=timezone.now() - cool_off)
    return [
        {**pair, "locked_until": pair["last_attempt"] + cool_off if cool_off else None}
        for pair in pairs
    ]


class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    """Usernames locked out from an address by repeated failed sign-ins; a button unlocks one."""

    template_name = "accounts/lockouts.html"
    page_title = "Sign-in lockouts"
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not can_unlock(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lockouts"] = current_lockouts(self.request)
        return context

    def post(self, request):
        username = request.POST.get("username", "")
        ip_address = request.POST.get("ip_address", "")
        if not username or not ip_address:
            messages.error(request, "Choose a lockout to lift.")
            return redirect("accounts_lockouts")
        reset(ip=ip_address, username=username)
        logger.warning(
            "Sign-in lockout of %r from %s lifted by %s", username, ip_address, request.user
        )
        messages.success(request, f"{username} can sign in from {ip_address} again.")
        return redirect("accounts_lockouts")


class RecoveryCodesView(WagtailAdminTemplateMixin, TemplateView):
    """One-time recovery codes (django-otp static tokens) for a lost authenticator.

    Making a new set replaces the old one; the codes are shown once, on the page that made
    them. A user needs an authenticator app first: recovery codes stand in for it, not for it
    never being set up.
    """

    template_name = "accounts/recovery_codes.html"
    page_title = "Recovery codes"
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["has_authenticator"] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        context["remaining"] = StaticToken.objects.filter(
            device__user=user, device__name=RECOVERY_DEVICE_NAME
        ).count()
        return context

    def post(self, request):
        context = self.get_context_data()
        if not context["has_authenticator"]:
            messages.error(request, "Set up an authenticator app before making recovery codes.")
            return redirect("accounts_recovery_codes")
        device, _ = StaticDevice.objects.get_or_create(
            user=request.user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        logger.warning("New recovery codes made for %s", request.user)
        context.update(codes=codes, remaining=len(codes))
        return self.render_to_response(context)


class VerifyView(two_factor.LoginView):
    """wagtail-2fa's "enter your code" page, with a form django-otp 1.7 accepts."""

    form_class = DeviceChoosingTokenForm


class DeviceDeleteView(two_factor.DeviceDeleteView):
    """wagtail-2fa's "remove device", answering an unknown device with 404 and returning to the
    device owner's list (wagtail-2fa raises on either and answers 500)."""

    def dispatch(self, request, *args, **kwargs):
        self.device = get_object_or_404(TOTPDevice, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("wagtail_2fa_device_list", kwargs={"user_id": self.device.user_id})
