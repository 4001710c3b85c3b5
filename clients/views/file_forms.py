"""Forms of the client file's household, trajectories, journal and transfer pages.

They check the shape of what was typed; the services in clients/services.py check the rules.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.forms import AmountField
from clients.models import (
    Debt,
    HouseholdMember,
    Income,
    JournalEntry,
    Trajectory,
    TrajectoryStep,
    income_period_errors,
    leefloon_category_errors,
)
from core.fields import NOTE_MAX
from core.forms import DateField, date_input
from wijkteams.models import User

NEGATIVE = _("An amount cannot be negative.")


def _amount_input() -> forms.TextInput:
    # A localized text field, so that Belgian "1.234,56" is understood as typed.
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def _not_negative(*names: str) -> dict[str, dict[str, Any]]:
    return {name: {"min_value": NEGATIVE} for name in names}


class IncomeForm(forms.ModelForm[Income]):
    class Meta:
        model = Income
        fields = [
            "member",
            "kind",
            "leefloon_category",
            "net_monthly",
            "gross_taxable_last_year",
            "starts_on",
            "ends_on",
        ]
        localized_fields = ["net_monthly", "gross_taxable_last_year"]
        field_classes = {"net_monthly": AmountField, "gross_taxable_last_year": AmountField}
        widgets = {
            "starts_on": date_input(),
            "ends_on": date_input(),
            "net_monthly": _amount_input(),
            "gross_taxable_last_year": _amount_input(),
        }
        labels = {"member": _("Whose income")}
        help_texts = {
            "member": "",
            "starts_on": _("Empty: from before the file."),
            "ends_on": _("Only when the income stopped or will stop."),
        }
        error_messages = _not_negative("net_monthly", "gross_taxable_last_year")

    def __init__(self, *args: Any, members: QuerySet[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ModelChoiceField)  # noqa: S101  # the FK's form field
        member.queryset = members
        member.empty_label = str(_("the client"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, message in income_period_errors(
            starts_on=cleaned.get("starts_on"), ends_on=cleaned.get("ends_on")
        ).items():
            self.add_error(name, message)
        for name, message in leefloon_category_errors(
            kind=cleaned.get("kind"), category=cleaned.get("leefloon_category")
        ).items():
            self.add_error(name, message)
        return cleaned


class IncomeEditForm(IncomeForm):
    """Editing an income: a correction changes the line itself; a change from a date ends the
    line the day before and starts a new one, so the file keeps what held before."""

    effective_from = DateField(
        label=_("The change applies from"),
        required=False,
        help_text=_(
            "Empty: a correction of a mistake. A date: the income changed on that day; the "
            "line as it was ends the day before and stays in the file."
        ),
    )


class DebtHelpForm(forms.ModelForm[Trajectory]):
    class Meta:
        model = Trajectory
        fields = ["debt_help_type"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["debt_help_type"].required = True


class ActivationForm(forms.ModelForm[Trajectory]):
    class Meta:
        model = Trajectory
        fields = ["activation_type", "partner", "hours_per_week", "starts_on", "ends_on"]
        localized_fields = ["hours_per_week"]
        widgets = {
            "starts_on": date_input(),
            "ends_on": date_input(),
            "hours_per_week": _amount_input(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activation_type"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return cleaned


def trajectory_form_class(kind: str) -> type[DebtHelpForm] | type[ActivationForm] | None:
    """The form for a trajectory's details; an intake has none."""
    if kind == Trajectory.Kind.DEBT_HELP:
        return DebtHelpForm
    if kind == Trajectory.Kind.ACTIVATION:
        return ActivationForm
    return None


class TrajectoryCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "---------"), *Trajectory.Outcome.choices]
    )
    note = forms.CharField(
        max_length=NOTE_MAX,
        label=_("Outcome note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    closed_on = DateField(label=_("Closed on"), required=False)


class StepForm(forms.ModelForm[TrajectoryStep]):
    class Meta:
        model = TrajectoryStep
        fields = ["description", "due_on"]
        widgets = {"due_on": date_input()}


class DebtForm(forms.ModelForm[Debt]):
    class Meta:
        model = Debt
        fields = [
            "creditor",
            "reference",
            "original_amount",
            "outstanding_amount",
            "monthly_repayment",
            "status",
        ]
        localized_fields = ["original_amount", "outstanding_amount", "monthly_repayment"]
        field_classes = {
            "original_amount": AmountField,
            "outstanding_amount": AmountField,
            "monthly_repayment": AmountField,
        }
        widgets = {
            "original_amount": _amount_input(),
            "outstanding_amount": _amount_input(),
            "monthly_repayment": _amount_input(),
        }
        error_messages = _not_negative("original_amount", "outstanding_amount", "monthly_repayment")


class JournalEntryForm(forms.ModelForm[JournalEntry]):
    class Meta:
        model = JournalEntry
        fields = [
            "occurred_on",
            "kind",
            "partners",
            "text",
            "trajectory",
            "confidential",
            "follow_up_on",
        ]
        widgets = {
            "occurred_on": date_input(),
            "follow_up_on": date_input(),
            "text": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "partners": _("For a multidisciplinary consultation: who took part."),
            "confidential": _(
                "Health information: only the client's social worker and the team lead can read it."
            ),
            "follow_up_on": _("The follow-up shows on your home page from this day until done."),
        }

    def __init__(self, *args: Any, trajectories: QuerySet[Trajectory], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("occurred_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        trajectory = self.fields["trajectory"]
        assert isinstance(trajectory, forms.ModelChoiceField)  # noqa: S101  # the FK's form field
        trajectory.queryset = trajectories
        trajectory.empty_label = str(_("none"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == JournalEntry.Kind.CONSULTATION and not cleaned.get("partners"):
            self.add_error("partners", _("Name the partners present at the consultation."))
        occurred_on, follow_up_on = cleaned.get("occurred_on"), cleaned.get("follow_up_on")
        if occurred_on and follow_up_on and follow_up_on < occurred_on:
            self.add_error("follow_up_on", _("The follow-up cannot be before the entry's date."))
        return cleaned


class WorkerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class TransferForm(forms.Form):
    to_worker = WorkerChoiceField(label=_("New social worker"), queryset=User.objects.none())
    reason = forms.CharField(
        max_length=NOTE_MAX,
        label=_("Reason for the transfer"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Who the actor saw as the worker when the page loaded: a transfer meanwhile is refused.
    expected_worker = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to_worker = self.fields["to_worker"]
        assert isinstance(to_worker, WorkerChoiceField)  # noqa: S101  # declared above
        to_worker.queryset = candidates
