"""Forms of the administrators' screens for budget versions and aid policies.

They check shape (a Belgian amount, a date, a known choice); the services in
budgets/services/versions.py check the rules (period, drafts only, overlap when publishing).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budgets.models import (
    HOUSEHOLD_COMPONENTS,
    KNOWN_SPI_EXEMPTION,
    KNOWN_SPI_EXEMPTION_SOURCE,
    MAX_HOUSEHOLD_SIZE,
    PERSON_COMPONENTS,
    AgeBand,
    AidPolicy,
    BudgetSex,
    BudgetVersion,
    Component,
)
from budgets.services.versions import Cell, household_cell, person_cell
from clients.forms import NEGATIVE_AMOUNT, AmountField
from clients.models import Income
from core.fields import NOTE_MAX
from core.forms import DateField

HOUSEHOLD_SIZES = tuple(range(1, MAX_HOUSEHOLD_SIZE + 1))


def _capitalized(text: object) -> str:
    return capfirst(str(text)) or ""


# The model's own names for its fields, capitalised when shown (in the language of the request).
_capitalized_lazy = lazy(_capitalized, str)


def _label(model: type[BudgetVersion] | type[AidPolicy], name: str) -> str:
    return _capitalized_lazy(getattr(model._meta.get_field(name), "verbose_name", name))


def _amount(**kwargs: Any) -> AmountField:
    return AmountField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
        error_messages={"min_value": NEGATIVE_AMOUNT},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def period_label(version: BudgetVersion | AidPolicy) -> str:
    start = date_format(version.valid_from, "SHORT_DATE_FORMAT")
    if version.valid_to is None:
        return gettext("from %(start)s") % {"start": start}
    end = date_format(version.valid_to, "SHORT_DATE_FORMAT")
    return gettext("%(start)s to %(end)s") % {"start": start, "end": end}


def version_period_label(version: BudgetVersion) -> str:
    return f"{version.name} ({version.get_status_display()}, {period_label(version)})"


# --- versions: name and period ------------------------------------------------------------


class VersionForm(forms.Form):
    """Name, period and notes of a draft."""

    name = forms.CharField(label=_label(BudgetVersion, "name"), max_length=150)
    valid_from = DateField(label=_label(BudgetVersion, "valid_from"))
    valid_to = DateField(
        label=_label(BudgetVersion, "valid_to"),
        required=False,
        help_text=_("Empty: until further notice."),
    )
    notes = forms.CharField(
        max_length=NOTE_MAX,
        label=_label(BudgetVersion, "notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def of(cls, version: BudgetVersion) -> "VersionForm":
        return cls(
            initial={
                "name": version.name,
                "valid_from": version.valid_from,
                "valid_to": version.valid_to,
                "notes": version.notes,
            }
        )


class VersionChoiceField(forms.ModelChoiceField[BudgetVersion]):
    def label_from_instance(self, obj: BudgetVersion) -> str:
        return version_period_label(obj)


class VersionCreateForm(VersionForm):
    """A new draft: empty, or with the amounts of an existing version to change by hand."""

    is_demo = forms.BooleanField(
        label=_("Demo figures (invented, not REMI prices)"), required=False
    )
    copy_from = VersionChoiceField(
        label=_("Start from the amounts of"),
        queryset=BudgetVersion.objects.none(),
        required=False,
        empty_label=_("nothing: an empty version"),
        help_text=_("To index every amount by the same percentage, use “Index” on a version."),
    )

    def __init__(self, *args: Any, versions: QuerySet[BudgetVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = versions  # type: ignore[attr-defined]  # ModelChoiceField


class IndexForm(forms.Form):
    percent = AmountField(
        label=_("Index by (%)"),
        max_digits=6,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("For example 2 or 2,5; a negative percentage lowers every amount."),
    )
    valid_from = DateField(
        label=_("Valid from"),
        help_text=_("Must be after the start of the version that is indexed."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Empty: the name of the version with the percentage."),
    )


class ImportForm(VersionForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per amount with the columns component;leeftijdsgroep;geslacht;"
            "gezinsgrootte;bedrag, as the export writes them."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class CompareForm(forms.Form):
    a = VersionChoiceField(label=_("Old version"), queryset=BudgetVersion.objects.none())
    b = VersionChoiceField(label=_("New version"), queryset=BudgetVersion.objects.none())

    def __init__(self, *args: Any, versions: QuerySet[BudgetVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].queryset = versions  # type: ignore[attr-defined]  # ModelChoiceField


# --- versions: the amounts as a matrix ------------------------------------------------------


def _band_slug(band: str) -> str:
    return band.replace("+", "plus")


def cell_field_name(cell: Cell) -> str:
    component, band, sex, size = cell
    if size is None:
        return f"p_{component}_{_band_slug(band)}_{sex}"
    return f"h_{component}_{size}"


@dataclass(frozen=True)
class PersonFieldRow:
    label: str
    cells: tuple[tuple[BoundField, BoundField], ...]  # female and male, per age band


@dataclass(frozen=True)
class HouseholdFieldRow:
    label: str
    cells: tuple[BoundField, ...]  # per household size


class AmountsForm(forms.Form):
    """Every cell of a version as a Belgian amount. An empty cell stays without amount; a cell
    that has one cannot be emptied (enter 0,00 instead)."""

    def __init__(self, *args: Any, amounts: Mapping[Cell, Decimal], **kwargs: Any) -> None:
        kwargs["initial"] = {cell_field_name(c): a for c, a in amounts.items()}
        super().__init__(*args, **kwargs)
        self.existing = amounts
        self.cells: dict[str, Cell] = {}
        for component in PERSON_COMPONENTS:
            for band in AgeBand:
                for sex in BudgetSex:
                    cell = person_cell(component, band, sex)
                    label = f"{Component(component).label}, {band.label}, {sex.label}"
                    self._add(cell, label)
        for component in HOUSEHOLD_COMPONENTS:
            for size in HOUSEHOLD_SIZES:
                label = _("%(component)s, household of %(size)s") % {
                    "component": Component(component).label,
                    "size": f"{size}+" if size == MAX_HOUSEHOLD_SIZE else size,
                }
                self._add(household_cell(component, size), label)

    def _add(self, cell: Cell, label: str) -> None:
        name = cell_field_name(cell)
        field = _amount(label=label, required=False)
        field.widget.attrs.update({"class": "form-control form-control-sm text-end", "size": 7})
        self.fields[name] = field
        self.cells[name] = cell

    def full_clean(self) -> None:
        super().full_clean()
        # Mark the wrong cells for screen readers too; the message sits under the input.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-fout"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, cell in self.cells.items():
            if cleaned.get(name) is None and name not in self.errors and cell in self.existing:
                self.add_error(
                    name, _("This cell has an amount: enter 0,00 rather than leaving it empty.")
                )
        return cleaned

    def amounts(self) -> dict[Cell, Decimal]:
        """The cells that were filled in (after is_valid)."""
        return {
            cell: self.cleaned_data[name]
            for name, cell in self.cells.items()
            if self.cleaned_data.get(name) is not None
        }

    @property
    def person_rows(self) -> list[PersonFieldRow]:
        return [
            PersonFieldRow(
                label=str(Component(component).label),
                cells=tuple(
                    (
                        self[cell_field_name(person_cell(component, band, BudgetSex.FEMALE))],
                        self[cell_field_name(person_cell(component, band, BudgetSex.MALE))],
                    )
                    for band in AgeBand
                ),
            )
            for component in PERSON_COMPONENTS
        ]

    @property
    def household_rows(self) -> list[HouseholdFieldRow]:
        return [
            HouseholdFieldRow(
                label=str(Component(component).label),
                cells=tuple(
                    self[cell_field_name(household_cell(component, size))]
                    for size in HOUSEHOLD_SIZES
                ),
            )
            for component in HOUSEHOLD_COMPONENTS
        ]

    @property
    def bands(self) -> list[str]:
        return [str(band.label) for band in AgeBand]

    @property
    def sizes(self) -> tuple[int, ...]:
        return HOUSEHOLD_SIZES


# --- aid policies ---------------------------------------------------------------------------


class PolicyForm(forms.Form):
    name = forms.CharField(label=_label(AidPolicy, "name"), max_length=150)
    valid_from = DateField(label=_label(AidPolicy, "valid_from"))
    valid_to = DateField(
        label=_label(AidPolicy, "valid_to"),
        required=False,
        help_text=_("Empty: until further notice."),
    )
    coverage_percent = AmountField(
        label=_label(AidPolicy, "coverage_percent"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("100: the whole shortfall up to the reference budget."),
    )
    monthly_cap = _amount(
        label=_label(AidPolicy, "monthly_cap"), required=False, help_text=_("Empty: no maximum.")
    )
    minimum_amount = _amount(
        label=_label(AidPolicy, "minimum_amount"),
        help_text=_("Smaller amounts are not proposed."),
    )
    rounding = forms.ChoiceField(
        label=_label(AidPolicy, "rounding"),
        choices=AidPolicy.Rounding.choices,
        help_text=_(
            "No rounding pays more than the covered share: where rounding up would, the aid "
            "is rounded down."
        ),
    )
    max_months = forms.IntegerField(
        label=_label(AidPolicy, "max_months"), min_value=1, max_value=60
    )
    activation_required = forms.BooleanField(
        label=_label(AidPolicy, "activation_required"),
        required=False,
        help_text=_("Unless the worker records a reason for exemption."),
    )
    excluded_income_kinds = forms.MultipleChoiceField(
        label=_label(AidPolicy, "excluded_income_kinds"),
        choices=Income.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ticked kinds of income are not counted as available income."),
    )
    spi_exemption = _amount(
        label=_label(AidPolicy, "spi_exemption"),
        help_text=_(
            "The part of a new net wage that does not reduce the leefloon (art. 35 of the royal "
            "decree of 11 July 2002), as indexed on the start of this policy. Used by the "
            "what-if “they take a job”."
        ),
    )
    spi_exemption_source = forms.CharField(
        label=_label(AidPolicy, "spi_exemption_source"),
        max_length=300,
        help_text=_("Where the amount was published, and from which date it is valid."),
    )
    notes = forms.CharField(
        max_length=NOTE_MAX,
        label=_label(AidPolicy, "notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def of(cls, policy: AidPolicy) -> "PolicyForm":
        return cls(initial={name: getattr(policy, name) for name in cls.base_fields})

    @classmethod
    def blank(cls) -> "PolicyForm":
        """A new policy starts from the values of the model's defaults, and the latest known
        exemption for socio-professional integration with its source."""
        return cls(
            initial={
                "coverage_percent": Decimal("100.00"),
                "minimum_amount": Decimal("0.00"),
                "rounding": AidPolicy.Rounding.CENT,
                "max_months": 6,
                "activation_required": True,
                "spi_exemption": KNOWN_SPI_EXEMPTION,
                "spi_exemption_source": KNOWN_SPI_EXEMPTION_SOURCE,
            }
        )
