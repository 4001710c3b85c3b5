"""Forms of the aid calculation. They check shape; budgets.services.calculations checks the rules
(a cost that differs from the client file needs a reason)."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from budgets.calculation import (
    ZERO,
    Costs,
    Household,
    JobStart,
    job_start,
    with_job,
    with_rent,
    without_person,
)
from clients.forms import NEGATIVE_AMOUNT, AmountField
from clients.models import Client
from core.formats import euro_text
from core.forms import DateField

# The actual costs, in the order of the form; the names are those of budgets.calculation.Costs.
COSTS = ("rent", "childcare", "school", "illness", "car_necessary", "car")
# Costs that are "not known" when empty: the standard amount of the reference budget is used.
UNKNOWN_WHEN_EMPTY = ("childcare", "school")
# The client file's field for each cost.
FILE_FIELDS = {
    "rent": "rent",
    "childcare": "childcare_costs",
    "school": "school_costs",
    "illness": "illness_costs",
    "car_necessary": "car_necessary",
    "car": "car_costs",
}


def amount_field(label: StrOrPromise, **kwargs: Any) -> AmountField:
    """An optional euro amount typed the Belgian way (1.234,56), shown localised."""
    return AmountField(
        label=label,
        required=False,
        min_value=Decimal("0.00"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"min_value": NEGATIVE_AMOUNT},
        **kwargs,
    )


def _reason_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=500)


class CalculationForm(forms.Form):
    """The calculation date and the actual costs, prefilled from the client file. A changed cost
    goes with a reason in the field `<cost>_reason`."""

    on = DateField(label=_("Calculation date"))
    rent = amount_field(_("Rent per month"))
    rent_reason = _reason_field(_("Why the rent differs from the client file"))
    childcare = amount_field(_("Child care paid per month"))
    childcare_reason = _reason_field(_("Why the child care costs differ from the client file"))
    school = amount_field(_("School costs per month"))
    school_reason = _reason_field(_("Why the school costs differ from the client file"))
    illness = amount_field(_("Illness-related costs per month"))
    illness_reason = _reason_field(_("Why the illness-related costs differ from the client file"))
    car_necessary = forms.BooleanField(label=_("A car is necessary"), required=False)
    car_necessary_reason = _reason_field(_("Why the need for a car differs from the client file"))
    car = amount_field(_("Car costs per month"))
    car_reason = _reason_field(_("Why the car costs differ from the client file"))
    note = forms.CharField(
        label=_("Note with the saved calculation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each cost says what the client file holds, so the worker sees what a change departs from.
        for name in COSTS:
            self.fields[name].help_text = _in_file(name, getattr(client, FILE_FIELDS[name]))

    @staticmethod
    def initial_for(client: Client, on: dt.date) -> dict[str, Any]:
        return {"on": on, **{name: getattr(client, FILE_FIELDS[name]) for name in COSTS}}

    def cost_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Each cost with its reason field, for the template."""
        return [(self[name], self[f"{name}_reason"]) for name in COSTS]

    def costs(self) -> Costs:
        data = self.cleaned_data

        def known(name: str) -> Decimal:
            value: Decimal | None = data[name]
            return ZERO if value is None else value

        return Costs(
            rent=known("rent"),
            childcare=data["childcare"],
            school=data["school"],
            illness=known("illness"),
            car_necessary=data["car_necessary"],
            car=known("car"),
        )

    def reasons(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"{name}_reason"] for name in COSTS}


def _in_file(name: str, value: Decimal | bool | None) -> str:
    if isinstance(value, bool):
        shown = str(_("yes") if value else _("no"))
    elif value is not None:
        shown = euro_text(value)
    elif name in UNKNOWN_WHEN_EMPTY:
        shown = str(_("not known (the standard amount is used)"))
    else:
        shown = str(_("not filled in"))
    return str(_("In the client file: %(value)s")) % {"value": shown}


class WhatIfForm(forms.Form):
    """One or more changes to try on the household: a new rent, a job, someone moving out."""

    rent = amount_field(_("New rent per month"))
    job_person = forms.ChoiceField(label=_("Who starts a job"), required=False)
    job_wage = amount_field(_("Net wage per month"))
    moves_out = forms.ChoiceField(label=_("Who moves out"), required=False)

    def __init__(
        self,
        *args: Any,
        persons: Sequence[tuple[str, str]],
        members: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        """`persons`: (key, label) of everyone in the household; `members`: the same without
        the client, who cannot move out of their own file."""
        super().__init__(*args, **kwargs)
        nobody = ("", _("nobody"))
        cast(forms.ChoiceField, self.fields["job_person"]).choices = [nobody, *persons]
        cast(forms.ChoiceField, self.fields["moves_out"]).choices = [nobody, *members]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        person, wage = cleaned.get("job_person"), cleaned.get("job_wage")
        if person and wage is None and not self.has_error("job_wage"):
            self.add_error("job_wage", _("Enter the net wage of the job."))
        if wage is not None and not person:
            self.add_error("job_person", _("Choose who starts the job."))
        if person and person == cleaned.get("moves_out"):
            self.add_error("moves_out", _("Someone who moves out cannot start a job here."))
        entered = cleaned.get("rent") is not None or person or wage is not None
        if not entered and not cleaned.get("moves_out") and not self.errors:
            raise forms.ValidationError(
                _("Enter at least one change: a new rent, a job or someone moving out."),
                code="empty",
            )
        return cleaned

    def apply(self, household: Household, *, spi_exemption: Decimal) -> Household:
        """The household with the changes of this (valid) form; a job keeps part of a leefloon
        (`spi_exemption`: that of the policy in force)."""
        data = self.cleaned_data
        if data["rent"] is not None:
            household = with_rent(household, data["rent"])
        if data["job_person"]:
            household = with_job(household, data["job_person"], data["job_wage"], spi_exemption)
        if data["moves_out"]:
            household = without_person(household, data["moves_out"])
        return household

    def job_start(self, household: Household, *, spi_exemption: Decimal) -> JobStart | None:
        """What the job of this (valid) form does to the person's income, if there is one."""
        data = self.cleaned_data
        if not data["job_person"]:
            return None
        return job_start(household, data["job_person"], data["job_wage"], spi_exemption)
