"""Filters of the list of non-take-up flags, from the query string.

Only a right, a status and a team are chosen here, never client data, so the filters may sit
in the URL (bookmarkable, and the back button works).
"""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from rights.models import NonTakeUpFlag, Right
from rights.selectors import rights_active, worklist_flags
from wijkteams.models import User, Wijkteam
from wijkteams.selectors import Roles

OPEN_CHOICES = [
    (value, label)
    for value, label in NonTakeUpFlag.Status.choices
    if value in NonTakeUpFlag.OPEN_STATUSES
]
ALL_STATUSES = "all"


# django-filter ships no type hints: its classes are Any to mypy.
class FlagFilter(django_filters.FilterSet):  # type: ignore[misc]
    """The flags a user works on (see `worklist_flags`), open ones unless a status is chosen;
    a team lead of several teams may narrow them to one."""

    right = django_filters.ModelChoiceFilter(
        label=_("Right"), queryset=Right.objects.none(), empty_label=_("All rights")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("All open flags"),
        choices=[*OPEN_CHOICES, (ALL_STATUSES, _("All, also closed"))],
        method="_status",
    )
    team = django_filters.ChoiceFilter(
        label=_("Wijkteam"), empty_label=_("All my teams"), method="_team"
    )

    class Meta:
        model = NonTakeUpFlag
        fields: list[str] = []

    def __init__(self, data: QueryDict, *, user: User, roles: Roles, teams: list[Wijkteam]) -> None:
        super().__init__(data, queryset=worklist_flags(user=user, roles=roles))
        self.filters["right"].queryset = rights_active()
        if len(teams) > 1:
            self.filters["team"].extra["choices"] = [(str(t.pk), t.name) for t in teams]
        else:
            del self.filters["team"]  # nothing to choose

    def filter_queryset(self, queryset: QuerySet[NonTakeUpFlag]) -> QuerySet[NonTakeUpFlag]:
        if not self.form.cleaned_data.get("status"):
            # No (valid) status chosen: the open flags. A filter's method runs only for a value.
            queryset = queryset.filter(status__in=NonTakeUpFlag.OPEN_STATUSES)
        result: QuerySet[NonTakeUpFlag] = super().filter_queryset(queryset)
        return result

    def _status(
        self, queryset: QuerySet[NonTakeUpFlag], name: str, value: str
    ) -> QuerySet[NonTakeUpFlag]:
        if value == ALL_STATUSES:
            return queryset
        return queryset.filter(status=value)

    def _team(self, queryset: QuerySet[NonTakeUpFlag], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(client__team_id=int(value))
