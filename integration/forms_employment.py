"""Forms of art. 60 employment: the contract and its early end. They check the shape of what was
sent; integration/services/employment.py checks the rules (dates, hours, the early end within
the contract)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clients.forms import NEGATIVE_AMOUNT, AmountField
from core.fields import NOTE_MAX
from core.forms import DateField, date_input
from integration.models import Art60Contract, Employer
from integration.services.employment import FIELDS

HOURS_OUT_OF_RANGE = _("Enter more than 0 and at most 40 hours per week.")


def _amount(label: Any, required: Any) -> AmountField:
    return AmountField(
        label=label,
        min_value=Decimal("0.00"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"min_value": NEGATIVE_AMOUNT, "required": required},
    )


class EmployerChoiceField(forms.ModelChoiceField[Employer]):
    def label_from_instance(self, obj: Employer) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class Art60ContractForm(forms.ModelForm[Art60Contract]):
    """The contract: where, which job, from when until when, hours, the amounts per month and
    the day from which the client has built social security rights."""

    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        max_digits=4,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": _("Enter the hours per week."),
            "max_digits": HOURS_OUT_OF_RANGE,
            "max_decimal_places": _("Enter the hours with at most one decimal."),
            "max_whole_digits": HOURS_OUT_OF_RANGE,
        },
    )
    wage_cost_monthly = _amount(_("Wage cost per month"), _("Enter the wage cost per month."))
    subsidy_monthly = _amount(_("Subsidy per month"), _("Enter the subsidy per month (0 if none)."))
    net_wage_monthly = _amount(_("Net wage per month"), _("Enter the net wage per month."))

    class Meta:
        model = Art60Contract
        fields = list(FIELDS)  # the service's, so form and service name the same fields
        field_classes = {
            "employer": EmployerChoiceField,
            "starts_on": DateField,
            "ends_on": DateField,
            "social_security_from": DateField,
        }
        widgets = {
            "starts_on": date_input(),
            "ends_on": date_input(),
            "social_security_from": date_input(),
            "note": forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}),
        }
        labels = {
            "employer": _("Employer"),
            "job_title": _("Job"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
            "social_security_from": _("Social security rights built from"),
            "note": _("Note"),
        }
        help_texts = {
            "employer": _(
                "The OCMW's own service or a partner; administrators keep the list of employers."
            ),
            "social_security_from": _(
                "The day the client has worked long enough for unemployment benefit (art. 60 §7 "
                "organic law of 8 July 1976). The app's suggestion is shown beside the contract."
            ),
        }
        error_messages = {
            "employer": {
                "required": _("Choose the employer."),
                "invalid_choice": _("Choose an active employer."),
            },
            "job_title": {"required": _("Enter the job.")},
            "starts_on": {"required": _("Enter the day the contract starts.")},
            "ends_on": {"required": _("Enter the day the contract ends.")},
        }

    def __init__(self, *args: Any, employers: QuerySet[Employer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employer = self.fields["employer"]
        employer.queryset = employers  # type: ignore[attr-defined]  # a ModelChoiceField
        employer.empty_label = str(_("(choose)"))  # type: ignore[attr-defined]  # idem

    def clean_hours_per_week(self) -> Decimal:
        hours: Decimal = self.cleaned_data["hours_per_week"]
        if not Decimal(0) < hours <= Decimal(40):
            raise forms.ValidationError(HOURS_OUT_OF_RANGE)
        return hours

    def clean(self) -> dict[str, Any]:
        """An end after the start, at the field (before the model's own check, which would only
        name the constraint). The service says the same for its other callers."""
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error(
                "ends_on",
                _("The contract ends after it starts (%(day)s).")
                % {"day": f"{starts_on:%d/%m/%Y}"},
            )
        return data


class Art60EndForm(forms.Form):
    """The early end of a contract, with the contract's version as loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    ended_early_on = DateField(
        label=_("Last day of work"),
        widget=date_input(),
        error_messages={"required": _("Enter the day the contract ends.")},
    )
    end_reason = forms.CharField(
        label=_("Reason for ending early"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the contract ends early.")},
    )
