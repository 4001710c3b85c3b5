"""Form fields shared by the apps' forms."""

from typing import Any

from django import forms

from core.dates import EARLIEST, LATEST, validate_date_in_range


def date_input(**attrs: str) -> forms.DateInput:
    """The browser's date picker, bounded like the field: it sends and shows ISO dates whatever
    the interface language."""
    bounds = {"type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()}
    return forms.DateInput(attrs=bounds | attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date a person types: within core.dates.EARLIEST..LATEST, in the bounded date picker."""

    default_validators = [validate_date_in_range]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", date_input())
        super().__init__(**kwargs)
