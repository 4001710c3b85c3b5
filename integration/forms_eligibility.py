"""Forms of a leefloon request: the eligibility check (art. 3 of the law of 26 May 2002) and the
calculation's choices, one set of fields per income line of the household on the day chosen.
They check the shape of what was sent; integration/services/ check the rules."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import MOTIVATION_MAX, NOTE_MAX
from core.forms import DateField
from integration.calculation import Exemption
from integration.models import Category, Eligibility
from integration.services.calculations import (
    CalculationChoices,
    Household,
    LineChoice,
    line_field,
)
from integration.services.eligibility import ELIGIBILITY_FIELDS, EXEMPT, EXEMPT_MESSAGE

EXEMPTION_CHOICES = [
    (Exemption.NONE.value, _("none")),
    (Exemption.SPI.value, _("socio-professional integration (KB art. 35)")),
    (Exemption.STUDENT_GRANT.value, _("student's job, with a study grant (KB art. 35)")),
    (Exemption.STUDENT.value, _("student's job, without a study grant (KB art. 35)")),
]


class EligibilityForm(forms.ModelForm[Eligibility]):
    """The worker's findings, with the version of the check as loaded (0: none yet)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Eligibility
        fields = list(ELIGIBILITY_FIELDS)
        widgets = {
            "actual_residence_note": forms.Textarea(attrs={"rows": 2}),
            "work_willingness_note": forms.Textarea(attrs={"rows": 2}),
            "other_rights_note": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("work_willingness") in EXEMPT and not data.get("work_willingness_note"):
            self.add_error("work_willingness_note", EXEMPT_MESSAGE())
        return data

    def validate_constraints(self) -> None:
        """The service checks the rules, each message at its field (clean above)."""


class CalculationForm(forms.Form):
    """The day of the household, the start, the category and the worker's choices; the income
    lines' fields are made from `household`."""

    calculated_on = DateField(label=_("Household and incomes as recorded on"))
    starts_on = DateField(label=_("Leefloon from"))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    category_motivation = forms.CharField(
        label=_("Why this category (when the household suggests another)"),
        required=False,
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    relatives_counted = forms.MultipleChoiceField(
        label=_("Relatives counted"), required=False, widget=forms.CheckboxSelectMultiple
    )
    relatives_share = forms.DecimalField(
        label=_("Share counted of what they have above the cohabitant amount (0 to 1)"),
        min_value=Decimal("0"),
        max_value=Decimal("1"),
        decimal_places=2,
        initial=Decimal("0"),
        required=False,
    )
    relatives_motivation = forms.CharField(
        label=_("Why you count them or not (KB art. 34 §2)"),
        required=False,
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.household = household
        own = {income.pk for income in household.own}
        self.fields["relatives_counted"].choices = [  # type: ignore[attr-defined]
            (str(member.pk), str(member)) for member, _incomes in household.relatives
        ]
        self.line_rows: list[tuple[Any, list[str]]] = []
        for income in household.incomes:
            names = [line_field(income.pk, "counted"), line_field(income.pk, "reason")]
            self.fields[names[0]] = forms.BooleanField(
                label=_("counted"), required=False, initial=True
            )
            self.fields[names[1]] = forms.CharField(
                label=_("if not: the rule"), required=False, max_length=NOTE_MAX
            )
            if income.pk in own:
                names += [
                    line_field(income.pk, "exemption"),
                    line_field(income.pk, "exemption_since"),
                ]
                self.fields[names[2]] = forms.ChoiceField(
                    label=_("exemption"), choices=EXEMPTION_CHOICES, required=False
                )
                self.fields[names[3]] = DateField(
                    label=_("work or training started on"), required=False
                )
            self.line_rows.append((income, names))

    def choices(self) -> CalculationChoices:
        data = self.cleaned_data
        lines = {}
        for income, _names in self.line_rows:
            since: dt.date | None = data.get(line_field(income.pk, "exemption_since"))
            lines[income.pk] = LineChoice(
                counted=bool(data.get(line_field(income.pk, "counted"))),
                reason=data.get(line_field(income.pk, "reason"), ""),
                exemption=Exemption(data.get(line_field(income.pk, "exemption")) or ""),
                exemption_since=since,
            )
        return CalculationChoices(
            calculated_on=data["calculated_on"],
            starts_on=data["starts_on"],
            category=data["category"],
            category_motivation=data["category_motivation"],
            lines=lines,
            relatives_counted=frozenset(int(pk) for pk in data["relatives_counted"]),
            relatives_share=data["relatives_share"] or Decimal("0"),
            relatives_motivation=data["relatives_motivation"],
            note=data["note"],
        )
