"""The enrolment form (a password and the new app's code) and the account log's filter."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import DateField
from wijkteams.accounts.log import AccountLogQuery, account_log_people
from wijkteams.models import AccountLog, User
from wijkteams.two_factor.forms import SetupForm

# A passphrase of a few sentences fits; a megabyte sent to the password hasher does not.
PASSWORD_MAX = 256


class EnrolmentForm(SetupForm):
    """A new password, twice, and the code of the app set up on the same page. The password
    rules (AUTH_PASSWORD_VALIDATORS) are the service's to check, against this person."""

    new_password1 = forms.CharField(
        label=_("New password"),
        max_length=PASSWORD_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        max_length=PASSWORD_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["new_password1", "new_password2", "otp_token"]

    def clean_new_password2(self) -> str:
        first = self.cleaned_data.get("new_password1")
        second: str = self.cleaned_data["new_password2"]
        if first and first != second:
            raise forms.ValidationError(_("The two passwords differ."), "password_mismatch")
        return second


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.username})"


class AccountLogFilterForm(forms.Form):
    """The reader's question, from the query string: a person (the account, or who acted), a
    period and an action; every field may stay empty."""

    person = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Everyone"),
        help_text=_("Rows about this person's account and rows of what they did."),
    )
    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("Until"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions"))]
        + [(value, capfirst(label)) for value, label in AccountLog.Action.choices],
    )

    def __init__(self, data: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, PersonChoiceField)  # noqa: S101  # declared above
        person.queryset = account_log_people()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period lies before its start."))
        return data

    def query(self) -> AccountLogQuery:
        """The period as [first moment of `start`, end of `end`), local time."""
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        start: dt.date | None = data.get("start")
        end: dt.date | None = data.get("end")
        person: User | None = data.get("person")
        return AccountLogQuery(
            person_id=person.pk if person else None,
            start=dt.datetime.combine(start, dt.time.min, tzinfo=zone) if start else None,
            end=(
                dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
                if end
                else None
            ),
            action=data.get("action") or "",
        )
