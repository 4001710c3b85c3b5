"""Forms of the requests tab. They check the shape of what was sent; procedure/services/
checks the rules (dates against the receipt and today, who may, which state)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.fields import MOTIVATION_MAX, NOTE_MAX
from core.forms import DateField
from procedure.models import RequestKind


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
