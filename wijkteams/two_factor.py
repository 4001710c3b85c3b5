"""Two-factor login (TOTP with django-otp) for every staff member when settings.OTP_REQUIRED.

The password step stays Django's LoginView. After it, a user who has not passed the second
step in this session is sent from every page to it: enrolment (an authenticator app, then ten
single-use backup codes shown once) when they have no confirmed app yet, else verification
(a code from the app or a backup code). Failed codes are throttled by django-otp per device
(1, 2, 4, 8 ... seconds), in the database, so a new session does not reset the wait.

Replacing the app and making new backup codes also need a current code (from the app or an
unused backup code), checked with the same throttling: someone at an unlocked workstation must
not be able to take over the second step and lock the owner out.
"""

import base64
import logging
import re
import secrets
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode, urlsplit

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteams.models import User
from wijkteams.permissions import acting_user

logger = logging.getLogger(__name__)

BACKUP_CODE_COUNT = 10
# Device names are internal (the user never sees them); django-otp requires one.
APP_DEVICE_NAME = "authenticator app"
BACKUP_DEVICE_NAME = "backup codes"
# The backup codes of a fresh enrolment or regeneration, until the page that shows them once.
BACKUP_CODES_SESSION_KEY = "two_factor_backup_codes"
TOTP_CODE = re.compile(r"\d{6}")
CURRENT_CODE_REQUIRED = _("Type a code from your current app, or an unused backup code.")
BACKUP_CODE = re.compile(r"[a-z0-9]{6,16}")

SETUP = "wijkteams:two_factor_setup"
VERIFY = "wijkteams:two_factor_verify"
BACKUP_CODES = "wijkteams:two_factor_backup_codes"
REGENERATE = "wijkteams:two_factor_backup_codes_regenerate"
# Pages an unverified user must still reach: the login itself, leaving, the language, and the
# two-factor pages (each decides for itself what an unverified user may do there).
EXEMPT_VIEWS = frozenset(
    {"login", "logout", "set_language", SETUP, VERIFY, BACKUP_CODES, REGENERATE}
)
EXEMPT_PATHS = ("/healthz", "/readyz")


# --- selectors --------------------------------------------------------------------------------


def has_authenticator(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def backup_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def is_verified(request: HttpRequest) -> bool:
    """Passed the second step in this session (django-otp's middleware sets otp_device)."""
    return getattr(request.user, "otp_device", None) is not None


# --- services ---------------------------------------------------------------------------------


def _throttled(details: dict[str, Any] | None) -> ValidationError:
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return ValidationError(_("Too many wrong codes in a row. Try again later."), "throttled")
    return ValidationError(
        _("Too many wrong codes in a row. Wait until %(time)s and try again."),
        "throttled",
        params={"time": time_format(timezone.localtime(locked_until), "H:i:s")},
    )


def _wrong_code() -> ValidationError:
    return ValidationError(_("This code is not right, or the backup code was used."), "invalid")


def _confirmed_device(actor: User, token: str) -> Any:
    """The actor's confirmed device, locked, that a code of this shape is for: six digits go to
    the app, anything else to the backup codes. Any: django-otp's methods carry no annotations."""
    model = TOTPDevice if TOTP_CODE.fullmatch(token) else StaticDevice
    return (
        model.objects.select_for_update().filter(user=actor, confirmed=True).order_by("pk").first()
    )


def _code_check(device: Any, token: str) -> ValidationError | None:
    """Check a code with django-otp's throttling: None when it is right (a backup code is then
    used up), else the error to show. A failure is saved for the throttle, so the caller's
    transaction must commit before it raises the error."""
    allowed, details = device.verify_is_allowed() if device is not None else (True, None)
    if not allowed:
        return _throttled(details)
    if device is None or not device.verify_token(token):
        return _wrong_code()
    return None


def _backup_code() -> str:
    """Eight characters of base32 (40 random bits), as django-otp's StaticToken.random_token."""
    return base64.b32encode(secrets.token_bytes(5)).decode("ascii").lower()


def _backup_codes_replace(user: User) -> list[str]:
    """New backup codes for the user; the old ones stop working. One device per user, so a
    session verified with a backup code stays verified."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = [_backup_code() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_device_pending(*, actor: User) -> TOTPDevice:
    """The authenticator app being set up: one unconfirmed device, the same across reloads
    (so a code scanned before a reload still works)."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=APP_DEVICE_NAME, confirmed=False)
    return device


def two_factor_confirm(
    *, actor: User, token: str, current_token: str = ""
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending app with a code it shows; new backup codes replace the old ones.
    Replacing a confirmed app also needs current_token, a code from that app or an unused backup
    code; a refusal changes nothing. Returns the device and the codes (to show once).
    Raises a ValidationError keyed by the argument it is about (token or current_token)."""
    codes: list[str] = []
    errors: dict[str, ValidationError] = {}
    # A failed attempt must be saved (throttling), so errors are raised after the commit.
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=actor, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise ValidationError(_("This page is out of date: start the set-up again."), "stale")
        replacing = TOTPDevice.objects.filter(user=actor, confirmed=True).exists()
        allowed, details = device.verify_is_allowed()
        if not allowed:
            errors["token"] = _throttled(details)
        elif replacing and not current_token:
            errors["current_token"] = ValidationError(CURRENT_CODE_REQUIRED, "required")
        else:
            before_current = transaction.savepoint()
            if replacing:
                current_error = _code_check(_confirmed_device(actor, current_token), current_token)
                if current_error is not None:
                    errors["current_token"] = current_error
            if not errors and not device.verify_token(token):
                errors["token"] = ValidationError(
                    _(
                        "This code is not right. Type the code the app shows now; if it still "
                        "fails, check that the clock of your phone is right."
                    ),
                    "invalid",
                )
                if replacing:
                    # A refused replacement leaves the current code unused. The rollback also
                    # took back the new app's failure, which the throttle must still count.
                    transaction.savepoint_rollback(before_current)
                    device.refresh_from_db()
                    device.throttle_increment()
            if not errors:
                TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _backup_codes_replace(actor)
    if errors:
        if "current_token" in errors:
            logger.info("two-factor: user %s gave no right code to replace the app", actor.pk)
        raise ValidationError(errors)
    if replacing:
        logger.info("two-factor: user %s replaced the authenticator app", actor.pk)
    else:
        logger.info("two-factor: user %s set up an authenticator app", actor.pk)
    return device, codes


def two_factor_token_verify(*, actor: User, token: str) -> Device:
    """The device that accepts this code: six digits go to the app, anything else to the
    backup codes (a used backup code is deleted by django-otp)."""
    with transaction.atomic():
        device = _confirmed_device(actor, token)
        error = _code_check(device, token)
    if error is not None:
        logger.info("two-factor: user %s entered a wrong code", actor.pk)
        raise error
    return cast(Device, device)


def backup_codes_regenerate(*, actor: User, token: str) -> list[str]:
    """New backup codes for the actor, given a current code (from the app or an unused backup
    code); the old ones stop working. A refused code changes nothing."""
    with transaction.atomic():
        error = _code_check(_confirmed_device(actor, token), token)
        codes = _backup_codes_replace(actor) if error is None else []
    if error is not None:
        logger.info("two-factor: user %s gave no right code to make new backup codes", actor.pk)
        raise error
    logger.info("two-factor: user %s made new backup codes", actor.pk)
    return codes


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> None:
    """Remove the user's app and backup codes (a lost phone): at the next page they set up a
    new app. Sessions that passed the second step lose it with the device."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    # Ids only: the log carries no names.
    logger.info("two-factor: user %s reset the two-factor login of user %s", actor.pk, user.pk)


# --- middleware -------------------------------------------------------------------------------


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def second_step_url(user: User, next_url: str = "") -> str:
    """Where a user who has not passed the second step goes: enrolment or verification."""
    return _with_next(VERIFY if has_authenticator(user) else SETUP, next_url)


def _current_page(request: HttpRequest) -> str:
    """The page to come back to after the second step (only a page a GET can show again)."""
    if request.headers.get("HX-Request") == "true":
        # An htmx request fetches a fragment; come back to the page it was made from.
        parts = urlsplit(request.headers.get("HX-Current-URL", ""))
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path() if request.method in ("GET", "HEAD") else ""


class TwoFactorRequiredMiddleware:
    """With OTP_REQUIRED on, a logged-in user who has not passed the second step sees no page
    but the second step. After django-otp's OTPMiddleware; a view hook, so the URL name is known.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not settings.OTP_REQUIRED:
            return None
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated or is_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if request.path_info.rstrip("/") in EXEMPT_PATHS or request.path_info.startswith(
            "/" + settings.STATIC_URL.lstrip("/")
        ):
            return None
        url = second_step_url(user, _current_page(request))
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(url)
        return redirect(url)


# --- forms ------------------------------------------------------------------------------------


def _app_or_backup_code(value: str) -> str:
    """A code from the app or a backup code, as typed (spaces, dashes, capitals) made plain."""
    token = re.sub(r"[\s-]", "", value).lower()
    if not (TOTP_CODE.fullmatch(token) or BACKUP_CODE.fullmatch(token)):
        raise ValidationError(
            _("Type the 6 digits from your app, or a backup code (letters and digits)."),
            "shape",
        )
    return token


def _current_code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code from your current app, or a backup code"),
        help_text=_(
            "To confirm it is you: the 6 digits your current app shows now, or one of your "
            "unused backup codes (it is then used up)."
        ),
        max_length=40,
        error_messages={"required": CURRENT_CODE_REQUIRED},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )


class SetupForm(forms.Form):
    """The code of the new app; when it replaces a confirmed app, also a current code."""

    otp_token = forms.CharField(
        label=_("Code from the app"),
        help_text=_("The 6 digits the app shows now."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, replacing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if replacing:
            self.fields["otp_token"].label = _("Code from the new app")
            self.fields["otp_token"].help_text = _("The 6 digits the new app shows now.")
            self.fields["current_token"] = _current_code_field()

    def clean_otp_token(self) -> str:
        token = re.sub(r"\s", "", self.cleaned_data["otp_token"])
        if not TOTP_CODE.fullmatch(token):
            raise ValidationError(_("Type the 6 digits the app shows."), "shape")
        return token

    def clean_current_token(self) -> str:
        return _app_or_backup_code(self.cleaned_data["current_token"])


class VerifyForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code"),
        help_text=_("The 6 digits from your authenticator app, or one of your backup codes."),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )

    def clean_otp_token(self) -> str:
        return _app_or_backup_code(self.cleaned_data["otp_token"])


class CurrentCodeForm(forms.Form):
    """A current code, asked before a change to the second step itself."""

    current_token = _current_code_field()

    def clean_current_token(self) -> str:
        return _app_or_backup_code(self.cleaned_data["current_token"])


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


def _qr_code(url: str) -> SafeString:
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


def _secret_groups(device: TOTPDevice) -> str:
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
        "qr_code": _qr_code(device.config_url),
        "secret": _secret_groups(device),
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
