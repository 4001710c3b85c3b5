from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteams.models import Area, Membership, postcode_validator
from wijkteams.services import area_validate, membership_validate


class AddressLookupForm(forms.Form):
    postcode = forms.CharField(label=_("Postcode"), max_length=4, validators=[postcode_validator])
    street = forms.CharField(label=_("Street"), max_length=100, required=False)
    house_number = forms.CharField(label=_("House number"), max_length=20, required=False)


class AreaAdminForm(forms.ModelForm[Area]):
    class Meta:
        model = Area
        fields = ["team", "postcode", "municipality", "street", "number_from", "number_to"]

    def _post_clean(self) -> None:
        # Django's hook once the instance is built from the form; private, so not in the stubs.
        super()._post_clean()  # type: ignore[misc]
        try:
            area_validate(self.instance)
        except forms.ValidationError as error:
            self.add_error(None, error)


class MembershipAdminForm(forms.ModelForm[Membership]):
    class Meta:
        model = Membership
        fields = ["user", "team", "role", "starts_on", "ends_on"]

    def _post_clean(self) -> None:
        # Django's hook once the instance is built from the form; private, so not in the stubs.
        super()._post_clean()  # type: ignore[misc]
        try:
            membership_validate(self.instance)
        except forms.ValidationError as error:
            self.add_error(None, error)
