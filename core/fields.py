"""Model fields shared by the apps' models."""

from typing import Any, TypeVar

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models

from core import forms as core_forms
from core.dates import validate_date_in_range

# How long free text may be: a note or a reason, a motivation (it goes into a letter), a journal
# entry or a text of the rights catalogue. The forms show a counter (static/js/text-counter.js).
NOTE_MAX = 2000
MOTIVATION_MAX = 4000
TEXT_MAX = 10000

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


class TextField(models.TextField[_ST, _GT]):
    """Free text a person types, never unbounded: `max_length` is required, refused beyond it
    by full_clean (Django's TextField only passes it to the form) and by the form, whose
    textarea carries it as `maxlength` (the counter reads it)."""

    def __init__(self, verbose_name: Any = None, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(verbose_name, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
