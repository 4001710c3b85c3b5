"""Forms of aid proposals and decisions. They check shape; budgets/services/decisions.py checks
the rules (cap, period, activation, four eyes), so these fields are mostly optional here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.models import AidDecision
from clients.forms import AmountField
from core.fields import MOTIVATION_MAX, NOTE_MAX
from core.forms import DateField


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ProposalForm(forms.Form):
    """The social worker's proposal on a saved calculation."""

    amount = AmountField(
        label=_("Amount per month (euro)"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("For example 125,50."),
    )
    starts_on = DateField(
        label=_("Start date"),
        # The browser's date picker sends and shows ISO dates whatever the interface language.
        help_text=_("The first day of a month, this month or later: aid is never retroactive."),
    )
    months = forms.IntegerField(label=_("Number of months"), min_value=1, max_value=60)
    motivation = forms.CharField(
        max_length=MOTIVATION_MAX,
        label=_("Motivation"),
        required=False,  # the service says why it is needed
        widget=_text(4),
        help_text=_(
            "Why this aid, and why the amount differs from the calculation if it does. "
            "Which other routes (rights, cheaper tariffs, income) were checked."
        ),
    )
    activation_commitment = forms.CharField(
        max_length=MOTIVATION_MAX,
        label=_("Activation commitment"),
        required=False,
        widget=_text(),
        help_text=_("What the client undertakes towards work or training."),
    )
    exemption = forms.ChoiceField(
        label=_("Exemption from activation"),
        choices=AidDecision.Exemption.choices,
        required=False,
    )
    exemption_reason = forms.CharField(
        max_length=NOTE_MAX, label=_("Reason for the exemption"), required=False, widget=_text()
    )


class DecisionForm(forms.Form):
    """The team lead's decision: approve or reject (the button pressed), with a motivation."""

    APPROVE = "approve"
    REJECT = "reject"

    motivation = forms.CharField(
        max_length=MOTIVATION_MAX,
        label=_("Motivation of the decision"),
        required=False,  # the service says why it is needed
        widget=_text(4),
        help_text=_("It appears in the decision letter to the client."),
    )
    # The status the lead saw: a decision by someone else meanwhile is refused, not overwritten.
    expected_status = forms.ChoiceField(
        choices=AidDecision.Status.choices, widget=forms.HiddenInput
    )
    outcome = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))],
        widget=forms.HiddenInput,  # sent by the button pressed, not by a field
        error_messages={"required": _("Choose approve or reject.")},
    )
