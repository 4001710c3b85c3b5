"""Two-factor login: what a user has (an app, backup codes, a verified session) and the writes
(enrolling an app, verifying a code, new backup codes, a reset by an administrator), with
django-otp's throttling."""

import base64
import logging
import re
import secrets
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteams.models import User

logger = logging.getLogger("wijkteams.two_factor")  # one logger for two-factor, as before


BACKUP_CODE_COUNT = 10
# Device names are internal (the user never sees them); django-otp requires one.
APP_DEVICE_NAME = "authenticator app"
BACKUP_DEVICE_NAME = "backup codes"
# The backup codes of a fresh enrolment or regeneration, until the page that shows them once.
BACKUP_CODES_SESSION_KEY = "two_factor_backup_codes"
TOTP_CODE = re.compile(r"\d{6}")
CURRENT_CODE_REQUIRED = _("Type a code from your current app, or an unused backup code.")
BACKUP_CODE = re.compile(r"[a-z0-9]{6,16}")

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
