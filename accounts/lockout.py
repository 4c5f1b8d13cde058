"""What a locked-out sign-in sees (settings.AXES_LOCKOUT_CALLABLE)."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.views.account import get_user_login_form, password_reset_enabled


def lockout_message(request):
    cool_off = get_cool_off(request)
    if cool_off:
        minutes = max(1, round(cool_off.total_seconds() / 60))
        wait = f"Try again in {minutes} minutes, or"
    else:
        wait = "Please"
    return (
        "Too many failed sign-in attempts for this account from your network address. "
        f"{wait} ask an editor or an administrator to unlock it."
    )


def lockout_response(request, original_response=None, credentials=None):
    """Wagtail's sign-in page with the reason, or the bare reason on any other form that
    checks a password (wagtail-2fa's device form), with HTTP 429 as axes sends."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    message = lockout_message(request)
    if request.path != reverse("wagtailadmin_login"):
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    username = (credentials or {}).get("username", "")
    context = {
        "form": get_user_login_form()(request, initial={"username": username}),
        "show_password_reset": password_reset_enabled(),
        "username_field": "username",
        "next": request.POST.get("next", ""),
    }
    return TemplateResponse(request, "wagtailadmin/login.html", context, status=status).render()
