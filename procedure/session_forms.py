"""Forms of the committee's sessions. They check the shape of what was sent; procedure/
services/sessions.py checks the rules (the date, who sits, who records, the result's terms)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.fields import MOTIVATION_MAX, NOTE_MAX, TEXT_MAX
from core.forms import DateField
from procedure.models import AgendaItem
from procedure.services.sessions import DECIDE_RESULTS, RATIFY_RESULTS
from wijkteams.models import User


class MemberChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class ChairChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class SessionPlanForm(forms.Form):
    held_on = DateField(
        label=_("Date of the session"),
        error_messages={"required": _("Enter the day of the session.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=150,
        error_messages={"required": _("Say where the session is held.")},
    )
    members = MemberChoiceField(
        label=_("Members"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the members who sit in the session.")},
    )
    chair = ChairChoiceField(
        label=_("Chair"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not named yet"),
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["chair"].queryset = members  # type: ignore[attr-defined]  # a ModelChoiceField


class _VersionedForm(forms.Form):
    # The version its editor loaded (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SessionMinutesForm(_VersionedForm):
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the minutes.")},
    )


class SessionCloseForm(_VersionedForm):
    pass


class AgendaItemForm(_VersionedForm):
    """The committee's answer to one item; `version` is the request's. An item to ratify has
    only the result and the reason."""

    result = forms.ChoiceField(
        label=_("Result"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a result from the list.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the committee postpones, changes or does not ratify."),
    )
    motivation = forms.CharField(
        label=_("Motivation of the decision"),
        required=False,
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The decision letter states it."),
    )
    decided_on = DateField(label=_("Decided on"), required=False)
    amount = forms.DecimalField(
        label=_("Amount per month (€)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=0,
    )
    starts_on = DateField(label=_("From"), required=False)
    months = forms.IntegerField(
        label=_("Number of months"), required=False, min_value=1, max_value=60
    )

    def __init__(self, *args: Any, purpose: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        results = DECIDE_RESULTS if purpose == AgendaItem.Purpose.DECIDE else RATIFY_RESULTS
        self.fields["result"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (value, AgendaItem.Result(value).label) for value in results
        ]
        if purpose != AgendaItem.Purpose.DECIDE:
            for name in ("motivation", "decided_on", "amount", "starts_on", "months"):
                del self.fields[name]
