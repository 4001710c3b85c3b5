"""Filters of the team list of aid proposals and decisions, from the query string.

Only ids, a status and a month sit in the URL, never client data, so the filters may be
bookmarked and the back button works.
"""

import datetime as dt
import re
from typing import Any

import django_filters
from django import forms
from django.db.models import F, QuerySet, Value
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from budgets.models import AidDecision
from wijkteams.models import User, Wijkteam

_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")  # what <input type="month"> sends
_BELGIAN_MONTH = re.compile(r"(\d{1,2})[/.-](\d{4})")  # typed where the browser has no picker


class MonthField(forms.Field):
    """A calendar month, as 2026-03 or 03/2026; its value is the month's first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})
    default_error_messages = {"invalid": _("Enter a month as 2026-03 or 03/2026.")}

    def to_python(self, value: Any) -> dt.date | None:
        text = str(value or "").strip()
        if not text:
            return None
        if match := _ISO_MONTH.fullmatch(text):
            year, month = int(match[1]), int(match[2])
        elif match := _BELGIAN_MONTH.fullmatch(text):
            month, year = int(match[1]), int(match[2])
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not 1 <= month <= 12:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return dt.date(year, month, 1)


# django-filter ships no type hints: its classes are Any to mypy.
class MonthFilter(django_filters.Filter):  # type: ignore[misc]
    field_class = MonthField


class AidDecisionFilter(django_filters.FilterSet):  # type: ignore[misc]  # untyped, as above
    """The visible proposals and decisions by status, proposer, team and aid month."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AidDecision.Status.choices, empty_label=_("All statuses")
    )
    worker = django_filters.ChoiceFilter(
        label=_("Proposed by"), field_name="proposed_by_id", empty_label=_("Everyone")
    )
    team = django_filters.ChoiceFilter(
        label=_("Wijkteam"), field_name="client__team_id", empty_label=_("All my teams")
    )
    month = MonthFilter(
        label=_("Aid month"),
        method="_covers_month",
        help_text=_("Proposals whose period includes this month."),
    )

    class Meta:
        model = AidDecision
        fields: list[str] = []

    def __init__(
        self,
        data: QueryDict,
        *,
        queryset: QuerySet[AidDecision],
        teams: list[Wijkteam],
        proposers: list[User],
    ) -> None:
        super().__init__(data, queryset=queryset)
        self.filters["worker"].extra["choices"] = [(str(u.pk), str(u)) for u in proposers]
        if len(teams) > 1:
            self.filters["team"].extra["choices"] = [(str(t.pk), t.name) for t in teams]
        else:
            del self.filters["team"]  # nothing to choose

    def _covers_month(
        self, queryset: QuerySet[AidDecision], name: str, value: dt.date | None
    ) -> QuerySet[AidDecision]:
        if value is None:
            return queryset
        # Months counted from year 0: the period covers `wanted` when it starts at or before it
        # and ends after it. Plain arithmetic, the same on SQLite and PostgreSQL.
        wanted = value.year * 12 + value.month - 1
        return queryset.alias(
            start_index=ExtractYear("starts_on") * 12 + ExtractMonth("starts_on") - 1
        ).filter(start_index__lte=wanted, start_index__gt=Value(wanted) - F("months"))
