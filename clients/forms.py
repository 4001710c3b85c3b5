"""Forms of the client file. They check shape; the services in clients/services.py check rules.

Intake, search and the record (overview tab) come first; other areas add their forms below.
"""

import copy
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Self

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import formats
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from clients.models import (
    Client,
    HouseholdMember,
    Income,
    future_date_errors,
    leefloon_category_errors,
    member_period_errors,
)
from clients.national_number import national_number_check_match, national_number_clean
from core.fields import NOTE_MAX, TEXT_MAX
from core.formats import amount_text
from core.forms import DateField, date_input
from wijkteams.models import Wijkteam

NEGATIVE_AMOUNT = _("An amount cannot be negative.")


def _amount_input() -> forms.TextInput:
    # A localised text field: Belgian users type 1.234,56 (or 1234.56), a number field would not
    # accept the comma in every browser.
    return forms.TextInput(attrs={"inputmode": "decimal"})


class AmountField(forms.DecimalField):
    """A euro amount typed the Belgian way: 1.234,56 or 1234,56, and also 1234.56 or 26.400."""

    # django-stubs types DecimalField.to_python as IntegerField's (int | None).
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().removeprefix("€").strip().replace("\xa0", "").replace(" ", "")
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", value):
                value = value.replace(".", "")  # only thousands separators: 26.400
        return super().to_python(value)


class DraftMixin:
    """A form shown again as typed without judging it yet: the user only added a row or asked
    which team an address belongs to. `draft=True` skips validation, so no errors show."""

    def __init__(self, *args: Any, draft: bool = False, **kwargs: Any) -> None:
        self.draft = draft
        super().__init__(*args, **kwargs)

    def full_clean(self) -> None:
        if self.draft:
            self._errors = ErrorDict()
            self.cleaned_data: dict[str, Any] = {}
            return
        super().full_clean()  # type: ignore[misc]  # the form class this mixin is used with


# --- search and intake lookup ---------------------------------------------------------------


class ClientSearchForm(forms.Form):
    query = forms.CharField(
        label=_("Name, address or national number"),
        max_length=100,
        help_text=_("Several words must all match, for example a last name and a street."),
    )


class IntakeLookupForm(forms.Form):
    """Search first: is this person already known, in any team?"""

    national_number = forms.CharField(
        label=_("National number"),
        max_length=20,
        required=False,
        help_text=_("National register or BIS number: 11 digits, dots and dashes allowed."),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = DateField(label=_("Birth date"), required=False)

    def clean_national_number(self) -> str:
        raw: str = self.cleaned_data["national_number"]
        return national_number_clean(raw) if raw.strip() else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.has_error("national_number") or self.has_error("birth_date"):
            return cleaned
        has_name = bool(cleaned.get("last_name", "").strip()) and cleaned.get("birth_date")
        if not cleaned.get("national_number") and not has_name:
            raise forms.ValidationError(
                _("Enter the national number, or the last name and the birth date."),
                code="incomplete",
            )
        return cleaned


# --- the client record: intake and editing ----------------------------------------------------

IDENTITY_FIELDS = [
    "first_name",
    "last_name",
    "birth_date",
    "sex",
    "phone",
    "email",
    "preferred_language",
    "residence_status",
]
ADDRESS_FIELDS = ["street", "house_number", "postcode", "municipality"]
HOUSING_FIELDS = [
    "tenure",
    "rent",
    "social_housing_waiting_since",
    "heating_fuel",
    "collective_heating",
    "left_homelessness_on",
]
HEALTH_FIELDS = ["disability_percent", "self_reliance_points", "unfit_for_work_since"]
WORK_FIELDS = ["unemployed_since", "pensioner", "widowed", "leefloon_since"]
DEBT_FIELDS = ["debt_status", "budget_management"]
COST_FIELDS = ["childcare_costs", "school_costs", "illness_costs", "car_necessary", "car_costs"]
COST_AMOUNTS = ["childcare_costs", "school_costs", "illness_costs", "car_costs"]
# What the record form edits, in the order of the page (the national number is apart: it is
# never shown whole, so it is only ever typed anew).
RECORD_FIELDS = [
    *IDENTITY_FIELDS,
    *ADDRESS_FIELDS,
    *HOUSING_FIELDS,
    *HEALTH_FIELDS,
    *WORK_FIELDS,
    *DEBT_FIELDS,
    *COST_FIELDS,
]
# Dates from which a status holds: they cannot lie in the future or before the birth date.
SINCE_FIELDS = [
    "social_housing_waiting_since",
    "unfit_for_work_since",
    "unemployed_since",
    "leefloon_since",
    "left_homelessness_on",
]
DATE_FIELDS = ["birth_date", *SINCE_FIELDS]


class ClientRecordForm(DraftMixin, forms.ModelForm[Client]):
    """The client's own data, grouped by life domain (see `sections`)."""

    class Meta:
        model = Client
        fields = RECORD_FIELDS
        widgets = {
            **{name: date_input() for name in DATE_FIELDS},
            **{name: _amount_input() for name in ["rent", *COST_AMOUNTS]},
        }
        localized_fields = ["rent", *COST_AMOUNTS]
        field_classes = dict.fromkeys(["rent", *COST_AMOUNTS], AmountField)
        error_messages = {name: {"min_value": NEGATIVE_AMOUNT} for name in ["rent", *COST_AMOUNTS]}

    def validate_unique(self) -> None:
        """The services check uniqueness (the national number) with their own message."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        birth_date = cleaned.get("birth_date")
        future = future_date_errors(**{name: cleaned.get(name) for name in SINCE_FIELDS})
        for name in SINCE_FIELDS:
            since = cleaned.get(name)
            if since is None:
                continue
            if name in future:
                self.add_error(name, future[name])
            elif birth_date is not None and since < birth_date:
                self.add_error(name, _("This date cannot be before the birth date."))
        return cleaned

    def typed_national_number(self) -> str:
        """The valid national number typed in this form, if any."""
        return ""

    def full_clean(self) -> None:
        super().full_clean()
        # After the model's validators: a birth date in the future says so, not "does not match"
        # (a field with an error has left cleaned_data, so it is not compared).
        if self.is_bound and not self.draft and (number := self.typed_national_number()):
            try:
                national_number_check_match(
                    number,
                    birth_date=self.cleaned_data.get("birth_date"),
                    sex=self.cleaned_data.get("sex", ""),
                )
            except ValidationError as error:
                # Shown with the form's other errors; the services check again on every write.
                self.add_error(None, error)

    def _bound(self, names: list[str]) -> list[forms.BoundField]:
        return [self[name] for name in names if name in self.fields]

    @property
    def sections(self) -> dict[str, list[forms.BoundField]]:
        return {
            "identity": self._bound(["national_number", *IDENTITY_FIELDS]),
            "address": self._bound(ADDRESS_FIELDS),
            "housing": self._bound(HOUSING_FIELDS),
            "health": self._bound(HEALTH_FIELDS),
            "work": self._bound(WORK_FIELDS),
            "debts": self._bound(DEBT_FIELDS),
            "costs": self._bound(COST_FIELDS),
        }


class IntakeForm(ClientRecordForm):
    """The guided intake: the record, plus what the intake does on top of registering."""

    national_number = forms.CharField(
        label=_("National number"),
        max_length=20,
        help_text=_("National register or BIS number: 11 digits, dots and dashes allowed."),
    )
    health_note = forms.CharField(
        max_length=TEXT_MAX,
        label=_("Confidential health note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Saved as a confidential journal entry: only the social worker and the team lead "
            "can read it."
        ),
    )
    household_complete = forms.BooleanField(
        label=_(
            "Everyone who lives with the client and every income of the household since "
            "1 January of last year are recorded above"
        ),
        required=False,
        help_text=_(
            "Without this statement the household's income is unknown, not 0: the rights check "
            "asks for it instead of testing the income. You can confirm it later on the tab "
            "Household and income."
        ),
    )
    open_debt_help = forms.BooleanField(
        label=_("Start debt help"),
        required=False,
        help_text=_("Opens a debt-help trajectory for this client."),
    )
    team = forms.ModelChoiceField(
        label=_("Wijkteam chosen by hand"),
        queryset=Wijkteam.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    team_reason = forms.CharField(
        max_length=NOTE_MAX,
        label=_("Why this wijkteam"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta(ClientRecordForm.Meta):
        fields = ["national_number", *RECORD_FIELDS]

    def clean_national_number(self) -> str:
        return national_number_clean(self.cleaned_data["national_number"])

    def typed_national_number(self) -> str:
        number: str = self.cleaned_data.get("national_number", "")
        return number

    def client_fields(self) -> dict[str, Any]:
        """What client_register takes as `fields`."""
        return {name: self.cleaned_data[name] for name in ["national_number", *RECORD_FIELDS]}


class ClientEditForm(ClientRecordForm):
    """Editing the record of an existing client (the optimistic lock travels beside it in a
    LoadedRecordForm)."""

    new_national_number = forms.CharField(
        label=_("Corrected national number"),
        max_length=20,
        required=False,
        help_text=_("Only to correct a mistake: leave empty to keep the current number."),
    )

    def clean_new_national_number(self) -> str:
        raw: str = self.cleaned_data["new_national_number"]
        return national_number_clean(raw) if raw.strip() else ""

    def typed_national_number(self) -> str:
        # The current number is not in the form: without a corrected one, the service checks.
        number: str = self.cleaned_data.get("new_national_number", "")
        return number

    @property
    def sections(self) -> dict[str, list[forms.BoundField]]:
        sections = super().sections
        sections["identity"] = [self["new_national_number"], *sections["identity"]]
        return sections

    def changes_from(self, loaded: dict[str, Any]) -> dict[str, Any]:
        """What the user changed compared with what they loaded: only that is saved."""
        changes = {
            name: self.cleaned_data[name]
            for name in RECORD_FIELDS
            if self.cleaned_data[name] != loaded.get(name)
        }
        if self.cleaned_data["new_national_number"]:
            changes["national_number"] = self.cleaned_data["new_national_number"]
        return changes

    def merge_conflict(
        self, *, loaded: dict[str, Any], current: Client
    ) -> tuple[list["FieldConflict"], QueryDict]:
        """See the module's `merge_conflict`."""
        return merge_conflict(self, RECORD_FIELDS, loaded=loaded, current=current)


@dataclass(frozen=True)
class FieldConflict:
    label: str
    theirs: str
    yours: str
    you_changed: bool


def merge_conflict(
    form: forms.BaseForm,
    field_names: Sequence[str],
    *,
    loaded: dict[str, Any],
    current: models.Model,
) -> tuple[list[FieldConflict], QueryDict]:
    """Someone saved the record (`current`) since this user loaded it (`loaded`, the cleaned data
    of its loaded-values form); `form` is this user's valid form. Per field the other changed:
    their value and this user's. The data to show again keeps all this user typed, and takes the
    other's value where this user left the field as loaded (else saving again would undo it).
    """
    data = QueryDict(mutable=True)
    data.update(form.data)
    conflicts = []
    for name in field_names:
        theirs = getattr(current, name)
        if theirs == loaded.get(name):
            continue
        field = form.fields[name]
        yours = form.cleaned_data[name]
        you_changed = yours != loaded.get(name)
        conflicts.append(
            FieldConflict(
                label=str(field.label),
                theirs=display_value(name, theirs, model=type(current), field=field),
                yours=display_value(name, yours, model=type(current), field=field),
                you_changed=you_changed,
            )
        )
        if not you_changed:
            _set_data(data, form.add_prefix(name), field, theirs)
    return conflicts, data


def display_value(
    name: str,
    value: Any,
    *,
    model: type[models.Model] = Client,
    field: forms.Field | None = None,
) -> str:
    """A value of `model` (the client record, or a row of the file) as the file shows it: Belgian
    dates and amounts, choice labels; an empty choice of a related row as its form names it."""
    if value is None and isinstance(field, forms.ModelChoiceField) and field.empty_label:
        return str(field.empty_label)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):  # an amount, unless its form field says otherwise (hours)
        if field is None or isinstance(field, AmountField):
            return amount_text(value)
        return formats.number_format(value, use_l10n=True)
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.Field) and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _set_data(data: QueryDict, key: str, field: forms.Field, value: Any) -> None:
    """Put a model value into form data (under `key`, the prefixed name), as the field's widget
    would have sent it."""
    if isinstance(field.widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif value is None:
        data[key] = ""
    elif isinstance(value, models.Model):
        data[key] = str(value.pk)
    elif isinstance(value, dt.date):
        data[key] = value.isoformat()
    else:
        data[key] = formats.localize_input(value) if field.localize else str(value)


class LoadedValuesForm(forms.Form):
    """What the editor loaded, as hidden fields: the version (the optimistic lock) and every
    value the edit form shows, so a conflict can show what someone else changed meanwhile.

    A subclass names the edit form and its fields (see `loaded_form_class`); the fields are
    copies of the edit form's, hidden, with the prefix "loaded".
    """

    edit_form: type[forms.ModelForm[Any]]
    field_names: Sequence[str] = ()

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "loaded")
        super().__init__(*args, **kwargs)
        for name in self.field_names:
            field = copy.deepcopy(self.edit_form.base_fields[name])
            field.required = False
            field.widget = field.hidden_widget()
            field.widget.is_localized = bool(field.localize)
            self.fields[name] = field

    @classmethod
    def of(cls, instance: models.Model) -> Self:
        """The values of `instance` as its editor loads them (a related row: its id)."""
        initial = model_to_dict(instance, fields=cls.field_names)
        return cls(initial={**initial, "version": getattr(instance, "version")})  # noqa: B009


@functools.cache
def loaded_form_class(
    edit_form: type[forms.ModelForm[Any]], field_names: tuple[str, ...] | None = None
) -> type[LoadedValuesForm]:
    """The loaded-values form of a model form: by default all the fields of its Meta."""
    names = field_names if field_names is not None else tuple(edit_form._meta.fields or ())
    return type(
        f"Loaded{edit_form.__name__}",
        (LoadedValuesForm,),
        {"edit_form": edit_form, "field_names": names},
    )


class LoadedRecordForm(LoadedValuesForm):
    """The loaded values of the client record (ClientEditForm)."""

    edit_form = ClientEditForm
    field_names = RECORD_FIELDS


class TeamOverrideForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Wijkteam"),
        queryset=Wijkteam.objects.filter(is_active=True).order_by("name"),
    )
    reason = forms.CharField(
        max_length=NOTE_MAX,
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Stays on the file, for everyone who wonders why this team."),
    )


# --- intake: household and incomes ----------------------------------------------------------


class HouseholdMemberForm(DraftMixin, forms.ModelForm[HouseholdMember]):
    """A member of the household, at intake (a row of the formset, where the dates of joining
    and leaving are not asked: they stay empty) and on the household page."""

    class Meta:
        model = HouseholdMember
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "sex",
            "relation",
            "is_dependant",
            "school_level",
            "recognised_flemish_school",
            "disability_percent",
            "joined_on",
            "left_on",
        ]
        widgets = {name: date_input() for name in ("birth_date", "joined_on", "left_on")}
        help_texts = {
            "joined_on": _("Empty: from before the file, or from birth."),
            "left_on": _("Only when the member no longer lives with the client."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, message in member_period_errors(
            birth_date=cleaned.get("birth_date"),
            joined_on=cleaned.get("joined_on"),
            left_on=cleaned.get("left_on"),
        ).items():
            self.add_error(name, message)
        return cleaned

    def cleaned_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class IncomeForm(DraftMixin, forms.ModelForm[Income]):
    class Meta:
        model = Income
        fields = ["kind", "leefloon_category", "net_monthly", "gross_taxable_last_year"]
        widgets = {
            "net_monthly": _amount_input(),
            "gross_taxable_last_year": _amount_input(),
        }
        localized_fields = ["net_monthly", "gross_taxable_last_year"]
        field_classes = {"net_monthly": AmountField, "gross_taxable_last_year": AmountField}
        error_messages = {
            "net_monthly": {"min_value": NEGATIVE_AMOUNT},
            "gross_taxable_last_year": {"min_value": NEGATIVE_AMOUNT},
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind and kind != Income.Kind.LEEFLOON:
            # A stray choice left when the kind changed is dropped, as `client_intake` does.
            cleaned["leefloon_category"] = ""
        for name, message in leefloon_category_errors(
            kind=kind, category=cleaned.get("leefloon_category")
        ).items():
            self.add_error(name, message)
        return cleaned

    def cleaned_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


MemberFormSet = forms.formset_factory(HouseholdMemberForm, extra=1)
IncomeFormSet = forms.formset_factory(IncomeForm, extra=1)
