"""Filters and sorting of the team caseload ("Mijn team"), from the query string.

Only staff names and counts are filtered here, never client data, so the filters may sit in the
URL (bookmarkable, and the back button works). The rows are the few dozen social workers of
`team_caseload`, counted in the database; django-filter reads and validates the query string,
and the rows are filtered and sorted here, in Python.
"""

from typing import Any

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from clients.selectors import Caseload, team_caseload
from wijkteams.models import User, Wijkteam
from wijkteams.selectors import Roles

# Sort key in the URL -> attribute of a `Caseload` row. Nothing else can be sorted on.
CASELOAD_SORT_FIELDS = {
    "name": "last_name",
    "team": "team_name",
    "clients": "client_count",
    "intake": "intake_count",
    "debt_help": "debt_help_count",
    "activation": "activation_count",
    "overdue": "overdue_count",
}


def _by_name(row: Caseload) -> tuple[str, str, int]:
    return (row.worker.last_name, row.worker.first_name, row.pk)


def _sort_value(row: Caseload, attribute: str) -> Any:
    return row.worker.last_name if attribute == "last_name" else getattr(row, attribute)


# django-filter ships no type hints: its classes are Any to mypy.
class CaseloadFilter(django_filters.FilterSet):  # type: ignore[misc]
    """The caseload rows of the teams a lead leads, filtered and sorted.

    The team is not a row filter: it decides which clients are counted, so it is handed to the
    selector that builds the rows (`team_ids` says which teams the figures cover). An invalid
    value is left out, as django-filter does: `sort=password` gives the default order.
    """

    team = django_filters.ChoiceFilter(label=_("Wijkteam"), empty_label=_("All my teams"))
    worker = django_filters.CharFilter(label=_("Name of the social worker contains"))
    overdue_only = django_filters.BooleanFilter(
        label=_("Only social workers with overdue follow-ups"), widget=forms.CheckboxInput
    )
    sort = django_filters.OrderingFilter(fields={v: k for k, v in CASELOAD_SORT_FIELDS.items()})

    class Meta:
        model = User
        fields: list[str] = []

    def __init__(self, data: QueryDict, *, user: User, roles: Roles, teams: list[Wijkteam]) -> None:
        super().__init__(data, queryset=User.objects.none())
        if len(teams) > 1:
            self.filters["team"].extra["choices"] = [(str(t.pk), t.name) for t in teams]
        else:
            del self.filters["team"]  # nothing to choose
        self.form.is_valid()  # fills cleaned_data with the valid values only
        self.values: dict[str, Any] = self.form.cleaned_data
        chosen = self.values.get("team")
        self.team_id = int(chosen) if chosen else None
        self.team_ids = frozenset([self.team_id] if self.team_id else (t.pk for t in teams))
        self.user = user
        self.roles = roles

    @property
    def sort_key(self) -> str:
        """The sort in force, as in the URL ('clients', '-overdue'), or '' for the default."""
        value = self.values.get("sort")
        return str(value[0]) if value else ""

    @property
    def rows(self) -> list[Caseload]:
        """The rows of the counted teams that pass the filters, in the chosen order; equal
        values stay in name order."""
        rows = team_caseload(user=self.user, team_id=self.team_id, roles=self.roles)
        # Every word must occur in the first or the last name: "sofie vanden" finds her.
        for word in str(self.values.get("worker") or "").lower().split():
            rows = [
                r
                for r in rows
                if word in r.worker.first_name.lower() or word in r.worker.last_name.lower()
            ]
        if self.values.get("overdue_only"):
            rows = [r for r in rows if r.overdue_count > 0]
        rows.sort(key=_by_name)
        key = self.sort_key
        if key:
            attribute = CASELOAD_SORT_FIELDS[key.lstrip("-")]
            rows.sort(key=lambda r: _sort_value(r, attribute), reverse=key.startswith("-"))
        return rows
