"""Forms of the requests tab. They check the shape of what was sent; procedure/services/
checks the rules (dates against the receipt and today, who may, which state)."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clients.forms import AmountField
from core.fields import MOTIVATION_MAX, NOTE_MAX
from core.forms import DateField
from documents.forms import MultipleFileField
from procedure.models import (
    Appeal,
    DecisionOutcome,
    LifeDomain,
    Notification,
    Outcome,
    RequestKind,
)


class RequestKindChoiceField(forms.ModelChoiceField[RequestKind]):
    def label_from_instance(self, obj: RequestKind) -> str:
        return obj.name


class RequestRegisterForm(forms.Form):
    kind = RequestKindChoiceField(
        label=_("Kind of help asked"),
        queryset=RequestKind.objects.none(),
        error_messages={"required": _("Choose the kind of help asked.")},
    )
    received_on = DateField(
        label=_("Received on"),
        help_text=_("The day the request was received: the legal deadlines run from it."),
        error_messages={"required": _("Enter the day the request was received.")},
    )
    location = forms.CharField(
        label=_("Where it was received"),
        max_length=150,
        help_text=_("For instance the office of the wijkteam, or a home visit."),
        error_messages={"required": _("Say where the request was received.")},
    )
    own_words = forms.CharField(
        label=_("The applicant's own words"),
        required=False,
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, kinds: QuerySet[RequestKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds  # type: ignore[attr-defined]  # a ModelChoiceField


class _VersionedForm(forms.Form):
    # The version of the request its editor loaded (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RequestWithdrawForm(_VersionedForm):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the withdrawal.")},
    )


class RequestForwardForm(_VersionedForm):
    reason = forms.CharField(
        label=_("Why the OCMW is not competent"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The applicant is told these reasons in writing."),
        error_messages={"required": _("Give the reasons why the OCMW is not competent.")},
    )
    forwarded_to = forms.CharField(
        label=_("OCMW forwarded to"),
        max_length=150,
        error_messages={"required": _("Name the OCMW the request goes to.")},
    )
    forwarded_on = DateField(
        label=_("Forwarded on"),
        error_messages={"required": _("Enter the day the request was forwarded.")},
    )


# --- the steps after the receipt: inquiry, proposal, decision, notification, appeal ------------


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _amount_field() -> AmountField:
    return AmountField(
        label=_("Amount per month (euro)"),
        required=False,  # the service says when one is needed
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("For example 125,50."),
    )


def _months_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Number of months"),
        required=False,
        min_value=1,
        max_value=60,
        error_messages={
            "min_value": _("Choose between 1 and 60 months."),
            "max_value": _("Choose between 1 and 60 months."),
        },
    )


class _AmountMixin(forms.Form):
    """Amount per month, first day and number of months: only for a kind of help granted as an
    amount (RequestKind.has_amount); the fields go for the others."""

    amount = _amount_field()
    starts_on = DateField(label=_("From"), required=False)
    months = _months_field()

    def drop_amount_fields(self) -> None:
        for name in ("amount", "starts_on", "months"):
            del self.fields[name]


class InquiryForm(_VersionedForm):
    """The social inquiry: the findings per life domain (procedure.models.LifeDomain) and the
    date of the home visit."""

    home_visit_on = DateField(label=_("Home visit on"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in LifeDomain.choices:
            self.fields[f"findings_{value}"] = forms.CharField(
                label=capfirst(label), required=False, max_length=NOTE_MAX, widget=_text(2)
            )
        # The home visit after the findings, as the form reads.
        self.fields["home_visit_on"] = self.fields.pop("home_visit_on")

    def findings(self) -> dict[str, str]:
        return {value: self.cleaned_data[f"findings_{value}"] for value in LifeDomain.values}

    def finding_fields(self) -> list[forms.BoundField]:
        return [self[f"findings_{value}"] for value in LifeDomain.values]


class ProposalForm(_VersionedForm, _AmountMixin):
    outcome = forms.ChoiceField(
        label=_("Proposal"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a proposal from the list."),
            "invalid_choice": _("Choose a proposal from the list."),
        },
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        required=False,  # the service says why it is needed
        max_length=MOTIVATION_MAX,
        widget=_text(4),
        help_text=_("It goes into the decision letter."),
    )
    link_id = forms.TypedChoiceField(
        label=_("Rests on"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one from the list.")},
    )

    def __init__(
        self,
        *args: Any,
        has_amount: bool,
        basis_label: str | None = None,
        basis_choices: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["outcome", "amount", "starts_on", "months", "link_id", "motivation"])
        if not has_amount:
            self.drop_amount_fields()
        if basis_label is None:
            del self.fields["link_id"]
        else:
            field = self.fields["link_id"]
            field.label = basis_label
            field.choices = [("", "---------"), *basis_choices]  # type: ignore[attr-defined]  # a ChoiceField


class DecisionForm(_VersionedForm, _AmountMixin):
    """A decision on a proposal: by the delegated team lead, or the urgent decision of the
    chair a team lead records. Prefilled from the proposal."""

    decided_on = DateField(
        label=_("Decided on"),
        error_messages={"required": _("Enter the day of the decision.")},
    )
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a decision from the list."),
            "invalid_choice": _("Choose a decision from the list."),
        },
    )
    motivation = forms.CharField(
        label=_("Motivation of the decision"),
        required=False,  # the service says why it is needed
        max_length=MOTIVATION_MAX,
        widget=_text(4),
        help_text=_("The decision letter states it."),
    )

    def __init__(self, *args: Any, has_amount: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_amount:
            self.drop_amount_fields()
        self.order_fields(["decided_on", "outcome", "amount", "starts_on", "months", "motivation"])


# The languages of a decision letter: Dutch, and English on request (as the receipt).
LETTER_LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]


class NotificationForm(_VersionedForm):
    notified_on = DateField(
        label=_("Notified on"),
        error_messages={"required": _("Enter the day the decision was notified.")},
    )
    way = forms.ChoiceField(
        label=_("Way of notification"),
        choices=Notification.Way.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the decision was notified."),
            "invalid_choice": _("Choose how the decision was notified."),
        },
    )
    language = forms.ChoiceField(
        label=_("Language of the letter"),
        choices=LETTER_LANGUAGES,
        initial="nl",
        required=False,
        help_text=_("For the decision letter made with the button below."),
    )


class AppealForm(forms.Form):
    lodged_on = DateField(
        label=_("Lodged on"),
        error_messages={"required": _("Enter the day the appeal was lodged.")},
    )
    court = forms.CharField(
        label=_("Labour court"),
        max_length=150,
        error_messages={"required": _("Name the labour court.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX, widget=_text(2))


class JudgmentForm(_VersionedForm):
    """The judgment on an appeal; `version` is the appeal's."""

    result = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, label) for value, label in Appeal.Result.choices if value],
        error_messages={
            "required": _("Choose the outcome from the list."),
            "invalid_choice": _("Choose the outcome from the list."),
        },
    )
    judgment_on = DateField(
        label=_("Date of the judgment"),
        error_messages={"required": _("Enter the date of the judgment.")},
    )


class RequestDocumentsForm(forms.Form):
    """Documents added to a request (the documents app checks and keeps them): the files, their
    type and date. The types are given once per page, so every request's form shares them."""

    uploads = MultipleFileField(
        label=_("Files"),
        error_messages={"required": _("Choose at least one file.")},
        allow_empty_file=True,  # documents/services.py refuses an empty file, naming it
    )
    document_type = forms.TypedChoiceField(
        label=_("Type of document"),
        coerce=int,
        error_messages={
            "required": _("Choose a type from the list."),
            "invalid_choice": _("Choose a type from the list."),
        },
    )
    document_date = DateField(
        label=_("Date of the document"),
        error_messages={"required": _("Enter the date of the document.")},
    )
    valid_until = DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Required for documents that expire, such as an identity card."),
    )

    def __init__(
        self, *args: Any, types: Sequence[tuple[int, str]], max_mb: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The help text of the documents tab's upload, with the limit.
        self.fields["uploads"].help_text = gettext(
            "PDF, JPEG, PNG or HEIC (a phone's photos, kept as JPEG), at most %(limit)s MB per "
            "file. Several files at once are kept as documents of the same type and date."
        ) % {"limit": max_mb}
        self.fields["document_type"].choices = [("", "---------"), *types]  # type: ignore[attr-defined]  # a ChoiceField
