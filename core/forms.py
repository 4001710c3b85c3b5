"""Form fields shared by the apps' forms."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator

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


class ListModelChoiceIterator(ModelChoiceIterator):
    """Django's ModelChoiceIterator, reading the choices with an ordinary query instead of
    `QuerySet.iterator()`: on PostgreSQL that is a server-side cursor (DECLARE, FETCH, CLOSE),
    which costs more of the page's CPU and round trips than the few rows of a select it reads
    (bench/README.md, issue 21). The same rows in the same order and as many queries; a
    queryset with prefetch_related was read this way already. Set on ModelChoiceField by
    CoreConfig.ready()."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset
        if not queryset._prefetch_related_lookups:  # type: ignore[attr-defined]  # as Django
            # A copy, as iterator() keeps no rows: a second drawing reads them again. A queryset
            # with prefetch_related is iterated itself, as Django does.
            queryset = queryset.all()
        for obj in queryset:
            yield self.choice(obj)
