"""The leefloon figures per wijkteam and per month, for team leads (their teams) and
administrators (all teams): numbers only, no client is named.

A client counts in the wijkteam of their file now (`Client.team`): the app keeps no history of
a file's team, so a client who moved to another team counts there for past months too; the page
says so. Per month (its first to its last day):

- leefloons running: a granted leefloon (`LeefloonGrant`) running on at least one day of the
  month (started on or before its last day, not ended before its first), per category;
- new: started in the month; ended: its last day (`ended_on`) in the month;
- GPMI evaluations due in the month (law of 26 May 2002, art. 11; GpmiEvaluation.due_on): held
  in time (held on or before the due day), held late, and not held while the due day has
  passed (late too, counted as of today);
- art. 60 contracts running on at least one day of the month (up to an early end).

Four queries whatever the number of teams, months or rows (the teams, the leefloons, the
evaluations grouped per team and month in the database, the contracts)."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from integration.models import Art60Contract, GpmiEvaluation, LeefloonGrant
from integration.models.scales import Category
from procedure.deadlines import add_months
from wijkteams.models import Wijkteam

CATEGORIES = tuple(Category)  # cohabitant, single, with a dependent family
MAX_MONTHS = 36


@dataclass
class FigureRow:
    team_id: int
    team_name: str
    month: dt.date  # its first day
    running: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    new: int = 0
    ended: int = 0
    evaluations_in_time: int = 0
    evaluations_late: int = 0
    evaluations_missed: int = 0  # not held, due day passed
    art60_running: int = 0

    @property
    def last_day(self) -> dt.date:
        return add_months(self.month, 1) - dt.timedelta(days=1)

    @property
    def running_total(self) -> int:
        return sum(self.running.values())

    @property
    def running_per_category(self) -> list[int]:
        return [self.running[category] for category in CATEGORIES]


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from `first`'s to `last`'s, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def _overlapping(
    months: Sequence[dt.date], start: dt.date, last: dt.date | None
) -> Iterable[dt.date]:
    """The months of `months` in which something running from `start` to `last` (None: no end)
    runs on at least one day."""
    for month in months:
        month_end = add_months(month, 1) - dt.timedelta(days=1)
        if start <= month_end and (last is None or last >= month):
            yield month


def leefloon_figures(
    *, team_ids: Sequence[int] | None, first_month: dt.date, last_month: dt.date, today: dt.date
) -> list[FigureRow]:
    """One row per team and month (see the module's docstring); `team_ids` None: every team."""
    months = months_between(first_month, last_month)
    period_start = months[0]
    period_end = add_months(months[-1], 1) - dt.timedelta(days=1)
    teams = Wijkteam.objects.order_by("name")
    if team_ids is not None:
        teams = teams.filter(pk__in=team_ids)
    team_list = list(teams.values_list("pk", "name"))
    rows = {
        (team_id, month): FigureRow(team_id, name, month)
        for team_id, name in team_list
        for month in months
    }
    ids = [team_id for team_id, _name in team_list]

    grants = LeefloonGrant.objects.filter(
        client__team_id__in=ids, starts_on__lte=period_end
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period_start))
    for team_id, category, starts_on, ended_on in grants.values_list(
        "client__team_id", "category", "starts_on", "ended_on"
    ):
        for month in _overlapping(months, starts_on, ended_on):
            row = rows[(team_id, month)]
            row.running[category] = row.running.get(category, 0) + 1
            if starts_on >= month:
                row.new += 1
            if ended_on is not None and ended_on <= row.last_day:
                row.ended += 1

    evaluations = (
        GpmiEvaluation.objects.filter(
            contract__client__team_id__in=ids, due_on__gte=period_start, due_on__lte=period_end
        )
        .annotate(month=TruncMonth("due_on"))
        .values("contract__client__team_id", "month")
        .annotate(
            in_time=Count("pk", filter=Q(held_on__lte=F("due_on"))),
            late=Count("pk", filter=Q(held_on__gt=F("due_on"))),
            missed=Count("pk", filter=Q(held_on__isnull=True, due_on__lt=today)),
        )
        .order_by()
    )
    for counted in evaluations:
        month = counted["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        row = rows[(counted["contract__client__team_id"], month)]
        row.evaluations_in_time = counted["in_time"]
        row.evaluations_late = counted["late"]
        row.evaluations_missed = counted["missed"]

    contracts = Art60Contract.objects.filter(client__team_id__in=ids, starts_on__lte=period_end)
    for team_id, starts_on, ends_on, ended_early_on in contracts.values_list(
        "client__team_id", "starts_on", "ends_on", "ended_early_on"
    ):
        last = ended_early_on or ends_on
        if last < period_start:
            continue
        for month in _overlapping(months, starts_on, last):
            rows[(team_id, month)].art60_running += 1

    return [rows[(team_id, month)] for team_id, _name in team_list for month in months]
