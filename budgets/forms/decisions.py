"""Forms of aid proposals. They check shape; budgets/services/decisions.py checks the rules
(cap, period, activation, the request and the procedure's own), so these fields are mostly
optional here. Deciding is the procedure's (issue 19): no decision form here."""

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.models import AidDecision
from clients.forms import AmountField
from core.fields import MOTIVATION_MAX, NOTE_MAX
from core.forms import DateField
from procedure.models import Request


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ProposalForm(forms.Form):
    """The social worker's proposal on a saved calculation, answering one of the client's
    requests for supplementary aid under inquiry (`requests`)."""

    help_request = forms.TypedChoiceField(
        label=_("Request for help"),
        coerce=int,
        required=False,  # the service says why it is needed
        empty_value=None,
        help_text=_("The request for supplementary aid this proposal answers."),
    )
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

    def __init__(self, *args: Any, requests: Iterable[Request] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(request.pk, _request_label(request)) for request in requests]
        field = cast(forms.TypedChoiceField, self.fields["help_request"])
        field.choices = [("", _("Choose a request")), *choices] if len(choices) != 1 else choices


def _request_label(request: Request) -> str:
    return str(
        _("%(kind)s, received on %(day)s")
        % {"kind": request.kind.name, "day": f"{request.received_on:%d/%m/%Y}"}
    )


class WithdrawForm(forms.Form):
    """Withdrawing a proposal on a request withdraws the request: the reason is the request's."""

    reason = forms.CharField(
        max_length=NOTE_MAX,
        label=_("Reason for the withdrawal"),
        required=False,  # the service says why it is needed
        widget=_text(2),
        help_text=_("For example: the applicant no longer asks this aid."),
    )
