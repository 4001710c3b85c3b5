"""Filters of the team lead's request register, from the query string. Only a state, a kind
and dates sit in the URL, never client data, so the filters may be bookmarked."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.forms import DateField
from procedure.models import Request, RequestKind


# django-filter ships no type hints: its classes are Any to mypy.
class BoundedDateFilter(django_filters.DateFilter):  # type: ignore[misc]
    """A date within core.dates.EARLIEST..LATEST, in the bounded date picker."""

    field_class = DateField


class RequestRegisterFilter(django_filters.FilterSet):  # type: ignore[misc]
    """The requests of the led teams by state, kind and date of receipt."""

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Request.State.choices, empty_label=_("All states")
    )
    kind = django_filters.ModelChoiceFilter(
        label=_("Kind of help"), queryset=RequestKind.objects.all(), empty_label=_("All kinds")
    )
    received_from = BoundedDateFilter(
        label=_("Received from"), field_name="received_on", lookup_expr="gte"
    )
    received_to = BoundedDateFilter(
        label=_("Received until"), field_name="received_on", lookup_expr="lte"
    )

    class Meta:
        model = Request
        fields: list[str] = []

    def __init__(self, data: QueryDict, *, queryset: QuerySet[Request], **kwargs: Any) -> None:
        super().__init__(data, queryset=queryset, **kwargs)
