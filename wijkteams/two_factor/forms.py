"""The two-factor forms: setting up an app, verifying a code, and the current code that
replacing the app or the backup codes asks for."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wijkteams.two_factor.services import (
    BACKUP_CODE,
    CURRENT_CODE_REQUIRED,
    TOTP_CODE,
)

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
