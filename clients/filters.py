"""Filters and sorting of the team caseload ("Mijn team"), from the query string.

Only staff names and counts are filtered here, never client data, so the filters may sit in the
URL (bookmarkable, and the back button works).
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from clients.selectors import team_caseload
from wijkteams.models import User, Wijkteam
from wijkteams.selectors import Roles

# Sort key in the URL -> column of `team_caseload`. Nothing else can reach order_by().
CASELOAD_SORT_FIELDS = {
    "name": "last_name",
    "team": "team_name",
    "clients": "client_count",
    "intake": "intake_count",
    "debt_help": "debt_help_count",
    "activation": "activation_count",
    "overdue": "overdue_count",
}


# django-filter ships no type hints: its classes are Any to mypy.
class CaseloadOrdering(django_filters.OrderingFilter):  # type: ignore[misc]
    """Sort by one whitelisted column, then by name, so that equal counts keep a stable order."""

    def filter(self, qs: QuerySet[Any], value: list[str] | None) -> QuerySet[Any]:
        if not value:
            return qs
        ordering = [self.get_ordering_value(param) for param in value[:1]]
        return qs.order_by(*ordering, "last_name", "first_name", "pk")


class CaseloadFilter(django_filters.FilterSet):  # type: ignore[misc]  # untyped, as above
    """The caseload rows of the teams a lead leads, filtered and sorted.

    The team is not a row filter: it decides which clients are counted, so it is handed to the
    selector that builds the rows (`team_ids` says which teams the figures cover).
    """

    team = django_filters.ChoiceFilter(
        label=_("Wijkteam"), empty_label=_("All my teams"), method="_counted_by_selector"
    )
    worker = django_filters.CharFilter(
        label=_("Name of the social worker contains"), method="_name_contains"
    )
    overdue_only = django_filters.BooleanFilter(
        label=_("Only social workers with overdue follow-ups"),
        widget=forms.CheckboxInput,
        method="_with_overdue",
    )
    sort = CaseloadOrdering(fields={v: k for k, v in CASELOAD_SORT_FIELDS.items()})

    class Meta:
        model = User
        fields: list[str] = []

    def __init__(self, data: QueryDict, *, user: User, roles: Roles, teams: list[Wijkteam]) -> None:
        super().__init__(data, queryset=User.objects.none())
        if len(teams) > 1:
            self.filters["team"].extra["choices"] = [(str(t.pk), t.name) for t in teams]
        else:
            del self.filters["team"]  # nothing to choose
        chosen = self._chosen_team_id()
        self.team_ids = frozenset([chosen] if chosen else (t.pk for t in teams))
        self.queryset = team_caseload(user=user, team_id=chosen, roles=roles)

    def _chosen_team_id(self) -> int | None:
        if "team" not in self.filters:
            return None
        self.form.is_valid()
        value = self.form.cleaned_data.get("team")
        return int(value) if value else None

    @property
    def sort_key(self) -> str:
        """The sort in force, as in the URL ('clients', '-overdue'), or '' for the default."""
        self.form.is_valid()
        value = self.form.cleaned_data.get("sort")
        return value[0] if value else ""

    def _counted_by_selector(
        self, queryset: QuerySet[User], name: str, value: str
    ) -> QuerySet[User]:
        return queryset

    def _name_contains(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        # Every word must occur in the first or the last name: "sofie vanden" finds her.
        for word in value.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset

    def _with_overdue(self, queryset: QuerySet[User], name: str, value: bool) -> QuerySet[User]:
        if not value:
            return queryset
        # An annotation of team_caseload, which the type checker cannot see on QuerySet[User].
        return queryset.filter(overdue_count__gt=0)  # type: ignore[misc]
