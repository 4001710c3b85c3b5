"""The two-factor pages: setup, verification, the backup codes shown once, and making new
ones."""

import base64

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteams.accounts.notices import reset_notices_show
from wijkteams.permissions import acting_user
from wijkteams.two_factor.forms import (
    CurrentCodeForm,
    SetupForm,
    VerifyForm,
)
from wijkteams.two_factor.middleware import (
    BACKUP_CODES,
    REGENERATE,
    SETUP,
    VERIFY,
    _with_next,
    second_step_url,
)
from wijkteams.two_factor.services import (
    BACKUP_CODES_SESSION_KEY,
    backup_codes_left,
    backup_codes_regenerate,
    has_authenticator,
    is_verified,
    two_factor_confirm,
    two_factor_device_pending,
    two_factor_token_verify,
)

# --- views ------------------------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if candidate and safe else ""


def _log_in_second_step(request: HttpRequest, device: Device) -> None:
    otp_login(request, device)  # type: ignore[no-untyped-call]  # django-otp has no annotations
    # A new session key once the login is complete, as Django does after the password.
    request.session.cycle_key()
    # The login is complete: now (not after the password alone) the person reads of any reset.
    reset_notices_show(request, acting_user(request))


def app_qr_code(url: str) -> SafeString:
    """The otpauth:// URL as an inline SVG: no style attribute (the CSP forbids inline style);
    ocmw.css sizes it."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1,
        dark="#000",
        light="#fff",
        title=str(_("QR code to scan with your authenticator app")),
        svgclass="two-factor-qr",
        lineclass=None,
        omitsize=True,
    )
    # segno builds the SVG from the URL it encodes as a QR pattern, and escapes the title.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308  # nosec B308


def app_secret_groups(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app. Replacing an app needs the second step first, or a stolen
    password alone would be enough to add the thief's phone, and then a current code too, or an
    unlocked workstation would be enough."""
    user = acting_user(request)
    next_url = _next_url(request)
    replacing = has_authenticator(user)
    if not is_verified(request) and replacing:
        return redirect(_with_next(VERIFY, next_url))
    device = two_factor_device_pending(actor=user)
    form = SetupForm(request.POST or None, replacing=replacing)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor_confirm(
                actor=user,
                token=form.cleaned_data["otp_token"],
                current_token=form.cleaned_data.get("current_token", ""),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                # The service names its arguments; the form calls the new app's code otp_token.
                for argument, field_errors in error.error_dict.items():
                    field = "otp_token" if argument == "token" else argument
                    # None (above the form) if the app was confirmed since this form was made.
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                form.add_error("otp_token", error)
        else:
            _log_in_second_step(request, device)
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            return redirect(_with_next(BACKUP_CODES, next_url))
    context = {
        "form": form,
        "qr_code": app_qr_code(device.config_url),
        "secret": app_secret_groups(device),
        "next": next_url,
        "replacing": replacing,
    }
    return render(request, "wijkteams/two_factor/setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    next_url = _next_url(request)
    if not has_authenticator(user):
        return redirect(_with_next(SETUP, next_url))
    if is_verified(request):
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_token_verify(actor=user, token=form.cleaned_data["otp_token"])
        except ValidationError as error:
            form.add_error("otp_token", error)
        else:
            _log_in_second_step(request, device)
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(request, "wijkteams/two_factor/verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET"])
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    """The new backup codes, once: the session forgets them as the page is made."""
    user = acting_user(request)
    next_url = _next_url(request)
    if not is_verified(request):
        return redirect(second_step_url(user, next_url))
    codes: list[str] | None = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    context = {
        "codes": codes,
        "left": backup_codes_left(user),
        "next": next_url or resolve_url(settings.LOGIN_REDIRECT_URL),
    }
    return render(request, "wijkteams/two_factor/backup_codes.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_backup_codes_regenerate(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not is_verified(request):
        return redirect(second_step_url(user, reverse(REGENERATE)))
    form = CurrentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = backup_codes_regenerate(actor=user, token=form.cleaned_data["current_token"])
        except ValidationError as error:
            form.add_error("current_token", error)
        else:
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            return redirect(BACKUP_CODES)
    context = {"form": form, "left": backup_codes_left(user)}
    return render(request, "wijkteams/two_factor/regenerate.html", context)
