"""Forms of the GPMI: the contract (drawn up, changed, signed) and the record of an evaluation.
They check the shape of what was sent; integration/services/gpmi.py checks the rules (dates
against the contract and today, signatures, who may)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.fields import MOTIVATION_MAX, NOTE_MAX, TEXT_MAX
from core.forms import DateField, date_input
from integration.models import GpmiContract
from procedure.models import Request
from wijkteams.models import User


class RequestChoiceField(forms.ModelChoiceField[Request]):
    def label_from_instance(self, obj: Request) -> str:
        return str(_("received on %(day)s") % {"day": f"{obj.received_on:%d/%m/%Y}"})


class SignerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


# What a signed contract keeps (integration/services/gpmi.py refuses a change).
SIGNED_FIXED = ("starts_on", "signed_by_client_on", "signed_by_ocmw_on", "signed_for_ocmw_by")


class GpmiContractForm(forms.ModelForm[GpmiContract]):
    """The contract: its leefloon request, period, goals, both sides' commitments and the
    signatures (the client's date; the OCMW's date and who signed for it)."""

    class Meta:
        model = GpmiContract
        fields = [
            "request",
            "starts_on",
            "ends_on",
            "goals",
            "client_commitments",
            "ocmw_commitments",
            "signed_by_client_on",
            "signed_by_ocmw_on",
            "signed_for_ocmw_by",
        ]
        field_classes = {
            "request": RequestChoiceField,
            "starts_on": DateField,
            "ends_on": DateField,
            "signed_by_client_on": DateField,
            "signed_by_ocmw_on": DateField,
            "signed_for_ocmw_by": SignerChoiceField,
        }
        widgets = {
            "starts_on": date_input(),
            "ends_on": date_input(),
            "signed_by_client_on": date_input(),
            "signed_by_ocmw_on": date_input(),
            "goals": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}),
            "client_commitments": forms.Textarea(attrs={"rows": 3, "maxlength": MOTIVATION_MAX}),
            "ocmw_commitments": forms.Textarea(attrs={"rows": 3, "maxlength": MOTIVATION_MAX}),
        }
        labels = {
            "request": _("Leefloon request"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
            "goals": _("Goals"),
            "client_commitments": _("Commitments of the client"),
            "ocmw_commitments": _("Commitments of the OCMW"),
            "signed_by_client_on": _("Signed by the client on"),
            "signed_by_ocmw_on": _("Signed for the OCMW on"),
            "signed_for_ocmw_by": _("Signed for the OCMW by"),
        }
        help_texts = {
            "request": _("The leefloon request this project belongs to, if any."),
            "ends_on": _("Empty for a contract without an end."),
            "signed_by_ocmw_on": _(
                "Once both sides have signed, the evaluations are scheduled: every 4 months, "
                "at least 2 of every 3 in a personal meeting."
            ),
        }
        error_messages = {
            "starts_on": {"required": _("Enter the day the contract starts.")},
            "goals": {"required": _("Write the goals of the project.")},
            "client_commitments": {"required": _("Write what the client commits to.")},
            "ocmw_commitments": {"required": _("Write what the OCMW commits to.")},
        }

    def __init__(
        self,
        *args: Any,
        requests: QuerySet[Request],
        signers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        request_field = self.fields["request"]
        request_field.queryset = requests  # type: ignore[attr-defined]  # a ModelChoiceField
        request_field.empty_label = str(_("(no request)"))  # type: ignore[attr-defined]  # idem
        signer_field = self.fields["signed_for_ocmw_by"]
        signer_field.queryset = signers  # type: ignore[attr-defined]  # a ModelChoiceField
        signer_field.empty_label = str(_("(not signed yet)"))  # type: ignore[attr-defined]  # idem
        if self.instance.pk is not None and self.instance.is_signed:
            # The schedule runs from the signed start: shown, not changed (the service refuses
            # it too); a disabled field keeps the stored value whatever is posted.
            for name in SIGNED_FIXED:
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        """The pairs the table's constraints hold, said at the field (before the model's own
        check, which would only name the constraint): an end after the start, and the OCMW's
        signature with who signed it. The service says the same for its other callers."""
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error(
                "ends_on",
                _("The contract ends after it starts (%(day)s).")
                % {"day": f"{starts_on:%d/%m/%Y}"},
            )
        signed_on, signer = data.get("signed_by_ocmw_on"), data.get("signed_for_ocmw_by")
        if signed_on and not signer and "signed_for_ocmw_by" not in self.errors:
            self.add_error("signed_for_ocmw_by", _("Say who signed for the OCMW."))
        if signer and not signed_on and "signed_by_ocmw_on" not in self.errors:
            self.add_error("signed_by_ocmw_on", _("Enter the day it was signed for the OCMW."))
        return data


class GpmiEvaluationForm(forms.Form):
    """The record of one evaluation, with the version of the evaluation as loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    held_on = DateField(
        label=_("Held on"),
        error_messages={"required": _("Enter the day the evaluation was held.")},
    )
    in_person = forms.BooleanField(
        label=_("In a personal meeting"),
        required=False,
        help_text=_("At least 2 of each year's 3 evaluations are held in a personal meeting."),
    )
    report = forms.CharField(
        label=_("Report"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the report of the evaluation.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
