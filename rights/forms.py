"""Forms of the rights app. They check the shape of what was typed; rights/services.py checks
the rules (who may, which step follows which, which thresholds a version has)."""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from clients.forms import AmountField
from core.forms import DateField, date_input
from rights.models import ClientRight, NonTakeUpFlag, NonTakeUpType, Right
from rights.services import RIGHT_TEXT_FIELDS


def _text(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# --- the client file: rights register and flags ----------------------------------------------


class ClientRightForm(forms.ModelForm[ClientRight]):
    """One line of the rights register: a right, its status, the date and the evidence."""

    class Meta:
        model = ClientRight
        fields = ["right", "status", "since", "evidence"]
        widgets = {"since": date_input()}
        help_texts = {
            "evidence": _("For example: the certificate of the health fund, a letter, a decision."),
        }

    def __init__(self, *args: Any, rights: QuerySet[Right], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "register")
        kwargs.setdefault("initial", {"since": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field = self.fields["right"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  # set by Meta.fields
        field.queryset = rights


class FlagActionForm(forms.Form):
    """One of the steps on a flag: contacted, applied, granted, or dismissed (with a reason).
    Each step is its own small form on the card; `action` says which one was pressed."""

    ACTIONS = (
        (NonTakeUpFlag.Status.CONTACTED, _("Client contacted")),
        (NonTakeUpFlag.Status.APPLIED, _("Applied")),
        (NonTakeUpFlag.Status.GRANTED, _("Granted")),
        (NonTakeUpFlag.Status.DISMISSED, _("Dismiss")),
    )

    # Sent by the button pressed; a request without a known step says so above the buttons.
    action = forms.ChoiceField(
        choices=ACTIONS,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose one of the steps below."),
            "invalid_choice": _("Choose one of the steps below."),
        },
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=_text())
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=300,
        help_text=_("For example: the decision letter or the health fund's certificate."),
    )
    reason = forms.CharField(
        label=_("Reason for dismissing"),
        required=False,  # the service says that a dismissal needs one
        max_length=300,
        widget=_text(),
    )


class FlagReviewForm(forms.Form):
    non_take_up_type = forms.ChoiceField(
        label=_("Why was the right not taken up?"),
        choices=[("", "---------"), *NonTakeUpType.choices],
    )


# --- administrators: the catalogue and parameter versions ----------------------------------


class RightTextsForm(forms.ModelForm[Right]):
    class Meta:
        model = Right
        fields = list(RIGHT_TEXT_FIELDS)
        widgets = {name: _text(3) for name in RIGHT_TEXT_FIELDS if not name.startswith("name_")}


def _label(key: str) -> str:
    return capfirst(key.replace("_", " "))


def _is_whole(value: str) -> bool:
    return "." not in str(value)


class ParametersForm(forms.Form):
    """A version of a right's thresholds: the start date, the source, and one field per
    threshold of the current version. `previewed` carries the fingerprint of the values the
    administrator last previewed, so that saving is only offered for what was previewed."""

    valid_from = DateField(label=_("Valid from"))
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=300,
        help_text=_(
            "Where the figures come from, with the year: for example “statut-bim.be (2025)”."
        ),
    )
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, template: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = list(template)
        for key, value in template.items():
            field: forms.Field
            if _is_whole(value):
                field = forms.IntegerField(label=_label(key), min_value=0)
            else:
                field = AmountField(
                    label=_label(key),
                    min_value=Decimal(0),
                    decimal_places=4,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
            field.help_text = key
            self.fields[f"value_{key}"] = field

    @staticmethod
    def initial_for(
        template: Mapping[str, str], *, valid_from: dt.date | None = None, source: str = ""
    ) -> dict[str, Any]:
        initial: dict[str, Any] = {"valid_from": valid_from, "source": source}
        for key, value in template.items():
            initial[f"value_{key}"] = int(value) if _is_whole(value) else Decimal(value)
        return initial

    def value_fields(self) -> list[forms.BoundField]:
        return [self[f"value_{key}"] for key in self.keys]

    def values(self) -> dict[str, str]:
        """The thresholds typed, by key (after is_valid())."""
        return {key: str(self.cleaned_data[f"value_{key}"]) for key in self.keys}

    def fingerprint(self) -> str:
        """What was previewed: the start date and the values (after is_valid())."""
        payload = json.dumps(
            {"valid_from": self.cleaned_data["valid_from"].isoformat(), **self.values()},
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def was_previewed(self) -> bool:
        return bool(self.cleaned_data.get("previewed")) and (
            self.cleaned_data["previewed"] == self.fingerprint()
        )


# --- team leads: the figures ----------------------------------------------------------------


class FiguresForm(forms.Form):
    """Which teams and which period the figures cover (from the query string)."""

    team = forms.TypedChoiceField(label=_("Wijkteam"), coerce=int, required=False)
    opened_from = DateField(label=_("Detected from"), required=False)
    opened_to = DateField(label=_("Detected until"), required=False)

    def __init__(self, *args: Any, teams: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(teams) > 1:
            team = self.fields["team"]
            assert isinstance(team, forms.TypedChoiceField)  # noqa: S101  # declared above
            team.choices = [("", _("All my teams")), *teams]
        else:
            del self.fields["team"]  # nothing to choose

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("opened_from"), data.get("opened_to")
        if start and end and start > end:
            self.add_error("opened_to", _("The end of the period lies before its start."))
        return data
