"""Rows that hold from a date: the versions of reference budgets, aid policies and right
thresholds, and the memberships of staff in teams. `in_force_on(day)` is the one query for
"what holds on this day", so each versioned model answers it alike.

Two shapes of period: a row with an end (`valid_to`, empty for "until further notice") holds
from its start to its end, both included; a row without an end field holds until the next row
of its series starts (a right's thresholds hold until that right's next version).
"""

import datetime as dt
from typing import ClassVar, Self, TypeVar

from django.db import models
from django.db.models import Exists, OuterRef, Q

M = TypeVar("M", bound=models.Model)


class InForceQuerySet(models.QuerySet[M]):
    """A queryset of dated rows; subclasses name their fields."""

    start_field: ClassVar[str] = "valid_from"
    # None: a row has no end of its own and holds until the next row of its series starts.
    end_field: ClassVar[str | None] = "valid_to"
    # The fields a series shares (e.g. the right of its thresholds), for rows without an end.
    series_fields: ClassVar[tuple[str, ...]] = ()

    def in_force_on(self, day: dt.date) -> Self:
        """The rows that hold on `day`: started on or before it and not ended before it."""
        start = self.start_field
        rows = self.filter(**{f"{start}__lte": day})
        if self.end_field is not None:
            end = self.end_field
            rows = rows.filter(Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day}))
        if self.series_fields:
            successor = self.model._base_manager.filter(
                **{name: OuterRef(name) for name in self.series_fields},
                **{f"{start}__gt": OuterRef(start), f"{start}__lte": day},
            )
            rows = rows.exclude(Exists(successor))
        return rows
