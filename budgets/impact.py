"""What publishing a draft budget version would change: the impact preview.

For every client with a calculation saved in the last twelve months, the latest one is run
again from its snapshot (the same household, incomes, costs and policy values) against the
draft's amounts, and compared with the aid it proposed. Administrators see no client data, so
the preview only gives counts and sums, overall and per wijkteam.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from budgets.calculation import (
    BudgetTable,
    PolicyValues,
    budget_table_load,
    calculate,
    household_from_json,
    missing_cells,
    policy_values_from_json,
)
from budgets.models import AidCalculation, BudgetVersion

ZERO = Decimal("0.00")
PERIOD_DAYS = 365


@dataclass
class TeamImpact:
    """The figures of one wijkteam (or of all of them)."""

    team: str
    clients: int = 0
    changed: int = 0
    higher: int = 0
    lower: int = 0
    old_total: Decimal = ZERO
    new_total: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.new_total - self.old_total

    def add(self, old: Decimal, new: Decimal) -> None:
        self.clients += 1
        self.old_total += old
        self.new_total += new
        if new != old:
            self.changed += 1
            if new > old:
                self.higher += 1
            else:
                self.lower += 1


@dataclass(frozen=True)
class Impact:
    since: dt.date
    total: TeamImpact
    teams: tuple[TeamImpact, ...]
    not_recalculated: int  # snapshots the draft cannot price (see `missing`)
    missing: tuple[str, ...]  # cells the draft lacks: nothing can be compared until it is complete


def latest_calculations(*, since: dt.datetime) -> QuerySet[AidCalculation]:
    """The latest saved calculation of each client, if it was saved since `since`, with the
    client's team: one query (the per-client subquery uses the client/date index)."""
    latest = (
        AidCalculation.objects.filter(client=OuterRef("client"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    return (
        AidCalculation.objects.filter(created_at__gte=since, pk=Subquery(latest))
        .select_related("client__team")
        .only("inputs", "breakdown", "proposed_aid", "client__team__name")
        .order_by("pk")
    )


def policy_values_from_snapshot(breakdown: Mapping[str, Any]) -> PolicyValues:
    """The policy as the snapshot used it (as `calculation.result_from_json` reads it)."""
    return policy_values_from_json(breakdown["policy"])


def impact_preview(*, version: BudgetVersion, now: dt.datetime | None = None) -> Impact:
    """Run the latest calculation of every recently calculated client against `version`.

    Two queries whatever the number of clients: the version's amounts and the calculations.
    """
    now = now or timezone.now()
    since = now - dt.timedelta(days=PERIOD_DAYS)
    table = budget_table_load(version)
    missing = tuple(missing_cells(table))
    total = TeamImpact(team="")
    if missing:
        return Impact(
            since=timezone.localdate(since),
            total=total,
            teams=(),
            not_recalculated=0,
            missing=missing,
        )
    teams: dict[str, TeamImpact] = {}
    not_recalculated = 0
    for calculation in latest_calculations(since=since).iterator(chunk_size=1000):
        new = _recalculate(calculation, table)
        if new is None:
            not_recalculated += 1
            continue
        team_name = calculation.client.team.name if calculation.client.team else ""
        team = teams.setdefault(team_name, TeamImpact(team=team_name))
        team.add(calculation.proposed_aid, new)
        total.add(calculation.proposed_aid, new)
    return Impact(
        since=timezone.localdate(since),
        total=total,
        teams=tuple(teams[name] for name in sorted(teams)),
        not_recalculated=not_recalculated,
        missing=(),
    )


def _recalculate(calculation: AidCalculation, table: BudgetTable) -> Decimal | None:
    try:
        household = household_from_json(calculation.inputs)
        policy = policy_values_from_snapshot(calculation.breakdown)
        return calculate(household, table, policy).proposed_aid
    except (ValidationError, KeyError, TypeError, ArithmeticError):
        # A snapshot the draft cannot price (a member without age): counted, not guessed.
        return None
