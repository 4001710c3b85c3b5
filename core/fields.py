"""Model fields shared by the apps' models."""

from typing import Any, TypeVar

from django import forms
from django.db import models

from core import forms as core_forms
from core.dates import validate_date_in_range

# The type parameters of Django's fields in django-stubs (what is set, what is read).
_ST = TypeVar("_ST", contravariant=True)
_GT = TypeVar("_GT", covariant=True)


class DateField(models.DateField[_ST, _GT]):
    """A date a person types (or one computed from such dates): refused outside
    core.dates.EARLIEST..LATEST by full_clean and by the model forms, whose field is the bounded
    core.forms.DateField."""

    default_validators = [validate_date_in_range]

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return super().formfield(
            form_class=form_class or core_forms.DateField,
            choices_form_class=choices_form_class,
            **kwargs,
        )
