"""Forms of the documents tab. They check the shape of what was sent; documents/services.py
checks the content of the files and the rules (who may, which dates)."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clients.models import Debt, HouseholdMember, Trajectory
from core.fields import NOTE_MAX
from core.forms import DateField
from documents.models import DocumentType

# What the browser offers to choose; the content decides (documents/content.py). HEIC is what
# phones take photos in: kept as JPEG.
ACCEPT = (
    "application/pdf,image/jpeg,image/png,image/heic,image/heif,.pdf,.jpg,.jpeg,.png,.heic,.heif"
)


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that sends several files (Django's "Uploading multiple files")."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """The files of one upload, as a list; each cleaned as a FileField would."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


class TrajectoryChoiceField(forms.ModelChoiceField[Trajectory]):
    def label_from_instance(self, obj: Trajectory) -> str:
        return _("%(kind)s, opened on %(date)s") % {
            "kind": obj.get_kind_display().capitalize(),
            "date": obj.opened_on.strftime("%d/%m/%Y"),
        }


class DebtChoiceField(forms.ModelChoiceField[Debt]):
    def label_from_instance(self, obj: Debt) -> str:
        return f"{obj.creditor} ({obj.reference})" if obj.reference else obj.creditor


class DocumentUploadForm(forms.Form):
    uploads = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "PDF, JPEG, PNG or HEIC (a phone's photos, kept as JPEG), at most %(limit)s MB per "
            "file. Several files at once are kept as documents of the same type and date."
        ),
        error_messages={"required": _("Choose at least one file.")},
        # documents/services.py refuses an empty file, naming it, and logs the refusal.
        allow_empty_file=True,
    )
    document_type = forms.ModelChoiceField(
        label=_("Type of document"), queryset=DocumentType.objects.none()
    )
    member = forms.ModelChoiceField(
        label=_("Concerns"),
        queryset=HouseholdMember.objects.none(),
        required=False,
        empty_label=_("the client"),
    )
    trajectory = TrajectoryChoiceField(
        label=_("Trajectory"),
        queryset=Trajectory.objects.none(),
        required=False,
        empty_label=_("none"),
        help_text=_("For evidence of a debt-help or activation trajectory."),
    )
    debt = DebtChoiceField(
        label=_("Debt"),
        queryset=Debt.objects.none(),
        required=False,
        empty_label=_("none"),
        help_text=_("A creditor's letter, a payment plan: the debt it is about."),
    )
    document_date = DateField(label=_("Date of the document"))
    valid_until = DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Required for documents that expire, such as an identity card."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        types: QuerySet[DocumentType],
        members: QuerySet[HouseholdMember],
        max_mb: int,
        trajectories: QuerySet[Trajectory] | None = None,
        debts: QuerySet[Debt] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document_type"].queryset = types  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["member"].queryset = members  # type: ignore[attr-defined]  # a ModelChoiceField
        # Shown only when the client has trajectories (debts): the plain file needs neither.
        for name, choices in (("trajectory", trajectories), ("debt", debts)):
            if choices is None or not choices.exists():
                del self.fields[name]
            else:
                self.fields[name].queryset = choices  # type: ignore[attr-defined]
        uploads = self.fields["uploads"]
        uploads.help_text = str(uploads.help_text) % {"limit": max_mb}


class DocumentWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the withdrawal.")},
    )
