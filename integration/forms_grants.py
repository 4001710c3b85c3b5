"""Forms of the granted leefloon (ending it) and of the leefloon amounts (a draft version and
the indexation helper). Shape only: integration/services/ check the rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from clients.forms import AmountField
from core.fields import NOTE_MAX
from core.forms import DateField, date_input
from integration.models import LeefloonScale


class GrantEndForm(forms.Form):
    """End a leefloon: its last day and the reason, with the version of the leefloon as
    loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    ended_on = DateField(label=_("last day of the leefloon"), widget=date_input())
    reason = forms.CharField(
        label=_("reason for ending"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


SCALE_FIELDS = [
    "valid_from",
    "cohabitant_yearly",
    "single_yearly",
    "family_yearly",
    "exemption_cohabitant_yearly",
    "exemption_single_yearly",
    "exemption_family_yearly",
    "spi_monthly",
    "spi_student_grant_monthly",
    "spi_student_monthly",
    "spi_max_months",
    "source",
]


class ScaleForm(forms.ModelForm[LeefloonScale]):
    """A draft version of the amounts: its first day, the yearly amounts per category, the
    exemptions, and the source of the figures."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LeefloonScale
        fields = SCALE_FIELDS
        field_classes = {
            "valid_from": DateField,
            # Amounts typed the Belgian way (1.234,56) like everywhere else.
            **{
                name: AmountField for name in SCALE_FIELDS if name.endswith(("_yearly", "_monthly"))
            },
        }
        widgets = {
            "valid_from": date_input(),
            "source": forms.Textarea(attrs={"rows": 2}),
            **{
                name: forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
                for name in SCALE_FIELDS
                if name.endswith(("_yearly", "_monthly"))
            },
        }
        localized_fields = [name for name in SCALE_FIELDS if name.endswith(("_yearly", "_monthly"))]


class IndexationForm(forms.Form):
    """The helper: the latest published amounts raised by a percentage from a day."""

    valid_from = DateField(label=_("valid from"), widget=date_input())
    percent = AmountField(
        label=_("indexation (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("20"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("For example 2 or 2,5."),
    )
    source = forms.CharField(
        label=_("source"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
