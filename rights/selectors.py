"""Reads of the rights app. Everything about clients goes through
`clients.selectors.clients_visible_to`; the catalogue, parameters and scan runs hold no client
data and are read as they are."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypedDict

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone, translation
from django_stubs_ext import WithAnnotations

from clients.models import Assignment, Client
from clients.selectors import clients_assigned_to, clients_visible_to
from rights.models import (
    ClientRight,
    DataMissingNote,
    FlagEvent,
    NonTakeUpFlag,
    NonTakeUpType,
    Right,
    RightParameters,
    ScanRun,
)
from wijkteams.models import User
from wijkteams.selectors import Roles, roles_for

# Closed flags shown on a client file, newest first; older ones stay in the database.
CLOSED_FLAGS_SHOWN = 20


# --- flags of clients --------------------------------------------------------------------


def _own_client(user: User) -> Exists:
    return Exists(
        Assignment.objects.filter(client=OuterRef("client_id"), worker=user, ended_at__isnull=True)
    )


def open_flag_count(*, user: User, roles: Roles | None = None) -> int:
    """Open flags of the clients assigned to the user now, closed files left out (their flags
    come back when the file is reopened). One query."""
    # The user's own files are clients_assigned_to, the part of the door a worker always sees.
    own_open_files = clients_assigned_to(user, roles=roles).filter(closed_on__isnull=True)
    return (
        NonTakeUpFlag.objects.filter(
            status__in=NonTakeUpFlag.OPEN_STATUSES, client__in=own_open_files.values("pk")
        )
        .order_by()
        .count()
    )


def worklist_flags(*, user: User, roles: Roles | None = None) -> QuerySet[NonTakeUpFlag]:
    """The flags a user works on: those of the clients assigned to them and, for a team lead,
    those of every client of the teams they lead. Each carries the client (with team), the
    right, and `worker_first_name`/`worker_last_name` of the client's current social worker;
    the highest estimated yearly value first (those without an estimate last), then newest.
    Closed files are left out. One query per page."""
    roles = roles if roles is not None else roles_for(user)
    mine = Q(_own_client(user)) if roles.is_social_worker else Q(pk__in=[])
    led = Q(client__team_id__in=roles.lead_team_ids) if roles.is_team_lead else Q(pk__in=[])
    current = Assignment.objects.filter(client=OuterRef("client_id"), ended_at__isnull=True)
    return (
        NonTakeUpFlag.objects.filter(
            mine | led,
            client__in=clients_visible_to(user, roles=roles),
            client__closed_on__isnull=True,
        )
        .select_related("client", "client__team", "right")
        .annotate(
            worker_first_name=Subquery(current.values("worker__first_name")[:1]),
            worker_last_name=Subquery(current.values("worker__last_name")[:1]),
        )
        .order_by(F("estimated_yearly_value").desc(nulls_last=True), "-opened_at", "-pk")
    )


def _with_history(flags: QuerySet[NonTakeUpFlag]) -> QuerySet[NonTakeUpFlag]:
    events = FlagEvent.objects.select_related("actor").order_by("at", "pk")
    return flags.select_related("right", "parameters").prefetch_related(
        Prefetch("events", queryset=events)
    )


def client_flags(*, client: Client) -> tuple[list[NonTakeUpFlag], list[NonTakeUpFlag]]:
    """The client's open flags, the highest estimated value first, and the newest closed ones
    (CLOSED_FLAGS_SHOWN), each with its right, parameter version and history. Four queries,
    whatever the file's past."""
    flags = NonTakeUpFlag.objects.filter(client=client)
    open_flags = _with_history(flags.filter(status__in=NonTakeUpFlag.OPEN_STATUSES)).order_by(
        F("estimated_yearly_value").desc(nulls_last=True), "right__order", "right__code"
    )
    closed = _with_history(flags.exclude(status__in=NonTakeUpFlag.OPEN_STATUSES)).order_by(
        "-closed_at", "-pk"
    )
    return list(open_flags), list(closed[:CLOSED_FLAGS_SHOWN])


def client_flag_get(*, client: Client, pk: int) -> NonTakeUpFlag:
    """A flag of this client (the caller has opened the file through the scoped door)."""
    return NonTakeUpFlag.objects.select_related("client", "right").get(client=client, pk=pk)


def client_register(*, client: Client) -> QuerySet[ClientRight]:
    """The client's rights register, in catalogue order, with who recorded each line."""
    return ClientRight.objects.filter(client=client).select_related("right", "recorded_by")


def client_data_missing(*, client: Client) -> QuerySet[DataMissingNote]:
    """The rules that could not decide for this client at the last scan, and why."""
    return DataMissingNote.objects.filter(client=client).select_related("right", "parameters")


# --- the catalogue and its parameters -------------------------------------------------------


def rights_active() -> QuerySet[Right]:
    return Right.objects.filter(is_active=True).order_by("order", "code")


def thresholds_checked_since(on: dt.date) -> dt.date:
    """The earliest start of a version of the thresholds that needs no check on `on`: a year
    before it. Indexed amounts change at least once a year (on 1 January, with the health
    index, or per school year), so thresholds in force for longer may be out of date: the
    catalogue asks the administrator to check them against the official tables
    (docs/rights.md, "Still uncertain")."""
    try:
        return on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        return on.replace(year=on.year - 1, day=28)


class CatalogueRow(TypedDict):
    version_count: int
    current_from: dt.date | None
    next_from: dt.date | None
    check_due: bool


def rights_catalogue(
    *, on: dt.date | None = None
) -> "QuerySet[WithAnnotations[Right, CatalogueRow]]":
    """Every right with `version_count`, `current_from` (the version in force on `on`),
    `next_from` (the first version after it, if any) and `check_due`: an active right whose
    thresholds in force started more than a year before `on` with no newer version planned
    (thresholds_checked_since). One query."""
    on = on or timezone.localdate()
    versions = RightParameters.objects.filter(right=OuterRef("pk"))
    return (
        Right.objects.annotate(
            version_count=Count("parameters"),
            current_from=Subquery(
                RightParameters.objects.in_force_on(on)
                .filter(right=OuterRef("pk"))
                .values("valid_from")[:1]
            ),
            next_from=Subquery(
                versions.filter(valid_from__gt=on).order_by("valid_from").values("valid_from")[:1]
            ),
        )
        .annotate(
            check_due=Case(
                When(
                    Q(
                        is_active=True,
                        current_from__lt=thresholds_checked_since(on),
                        next_from__isnull=True,
                    ),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("order", "code")
    )


def parameter_versions(*, right: Right) -> QuerySet[RightParameters]:
    """The versions of a right, newest first, with who made each."""
    return RightParameters.objects.filter(right=right).select_related("created_by")


def right_parameters_current(*, right: Right) -> RightParameters | None:
    """The version in force today, or else the latest one (all may lie in the future)."""
    versions = RightParameters.objects.filter(right=right)
    return (
        versions.in_force_on(timezone.localdate()).first()
        or versions.order_by("-valid_from").first()
    )


# --- scan runs ---------------------------------------------------------------------------


def scan_runs() -> QuerySet[ScanRun]:
    """Every run, newest first, with who started it (no client data in a run)."""
    return ScanRun.objects.select_related("started_by").order_by("-started_at", "-pk")


def scan_in_progress(*, now: dt.datetime | None = None) -> bool:
    """A full scan still running. One that has run longer than the task's hard time limit was
    killed without finishing its row, and does not block a new one."""
    now = now or timezone.now()
    limit = dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return ScanRun.objects.filter(
        status=ScanRun.Status.RUNNING,
        kind__in=[ScanRun.Kind.NIGHTLY, ScanRun.Kind.MANUAL],
        started_at__gt=now - limit,
    ).exists()


# --- team figures ------------------------------------------------------------------------


@dataclass
class FigureRow:
    """The non-take-up figures of one right in one team (or of one right over all shown
    teams, when `team_name` is empty)."""

    team_id: int | None
    team_name: str
    right_id: int
    right_name: str
    detected: int = 0
    acted_on: int = 0
    granted: int = 0
    dismissed: int = 0
    # The estimated yearly value of the flags detected, of those applied for (applied or
    # granted), and of those granted (flags without an estimate add nothing).
    value_detected: Decimal = Decimal("0.00")
    value_applied: Decimal = Decimal("0.00")
    value_granted: Decimal = Decimal("0.00")
    median_days: Decimal | None = None
    types: dict[str, int] = field(default_factory=dict)

    @property
    def type_counts(self) -> list[tuple[str, int]]:
        """(label, count) for each of the five types, in the federal order."""
        return [(str(label), self.types.get(value, 0)) for value, label in NonTakeUpType.choices]


def _median(values: list[int]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2


def _days(seconds: list[int]) -> Decimal | None:
    median = _median(seconds)
    return None if median is None else (median / 86400).quantize(Decimal("0.1"))


def team_figures(
    *,
    user: User,
    roles: Roles | None = None,
    team_id: int | None = None,
    opened_from: dt.date | None = None,
    opened_to: dt.date | None = None,
) -> list[FigureRow]:
    """Per team the user leads (or one of them) and per right: flags detected, acted on,
    granted, dismissed, the estimated yearly value found, applied for and granted, the median
    days from detection to the first action, and the types of non-take-up recorded. Counted
    over the flags opened in the period (dates inclusive), by the client's current team. Two
    queries: the counts, and the durations for the medians."""
    roles = roles if roles is not None else roles_for(user)
    team_ids = sorted(roles.lead_team_ids)
    if team_id is not None:
        team_ids = [team_id] if team_id in roles.lead_team_ids else []
    if not team_ids:
        return []
    flags = NonTakeUpFlag.objects.filter(
        client__team_id__in=team_ids, client__in=clients_visible_to(user, roles=roles)
    )
    if opened_from is not None:
        flags = flags.filter(opened_at__date__gte=opened_from)
    if opened_to is not None:
        flags = flags.filter(opened_at__date__lte=opened_to)
    statuses = NonTakeUpFlag.Status
    counts: dict[str, Any] = {
        "detected": Count("pk"),
        "acted_on": Count("pk", filter=Q(first_action_at__isnull=False)),
        "granted": Count("pk", filter=Q(status=statuses.GRANTED)),
        "dismissed": Count("pk", filter=Q(status=statuses.DISMISSED)),
        "value_detected": Sum("estimated_yearly_value"),
        "value_applied": Sum(
            "estimated_yearly_value", filter=Q(status__in=[statuses.APPLIED, statuses.GRANTED])
        ),
        "value_granted": Sum("estimated_yearly_value", filter=Q(status=statuses.GRANTED)),
    }
    counts |= {
        f"type_{value}": Count("pk", filter=Q(non_take_up_type=value))
        for value in NonTakeUpType.values
    }
    english = translation.get_language() == "en"
    rows = (
        flags.values(
            "client__team_id",
            "client__team__name",
            "right_id",
            "right__name_nl",
            "right__name_en",
            "right__order",
            "right__code",
        )
        .annotate(**counts)
        .order_by("client__team__name", "right__order", "right__code")
    )
    durations: dict[tuple[int, int], list[int]] = defaultdict(list)
    acted = flags.filter(first_action_at__isnull=False).values_list(
        "client__team_id", "right_id", "opened_at", "first_action_at"
    )
    for team, right, opened_at, first_action_at in acted.order_by():
        assert first_action_at is not None  # noqa: S101  # filtered above; for the type checker
        seconds = int((first_action_at - opened_at).total_seconds())
        durations[(team, right)].append(max(seconds, 0))
    return [
        FigureRow(
            team_id=row["client__team_id"],
            team_name=row["client__team__name"],
            right_id=row["right_id"],
            right_name=row["right__name_en" if english else "right__name_nl"],
            detected=row["detected"],
            acted_on=row["acted_on"],
            granted=row["granted"],
            dismissed=row["dismissed"],
            value_detected=row["value_detected"] or Decimal("0.00"),
            value_applied=row["value_applied"] or Decimal("0.00"),
            value_granted=row["value_granted"] or Decimal("0.00"),
            median_days=_days(durations[(row["client__team_id"], row["right_id"])]),
            types={value: row[f"type_{value}"] for value in NonTakeUpType.values},
        )
        for row in rows
    ]


def figures_per_right(rows: list[FigureRow]) -> list[FigureRow]:
    """The rows of `team_figures` added up per right over the teams (for the chart); the
    median is not additive and is left empty."""
    totals: dict[int, FigureRow] = {}
    for row in rows:
        total = totals.setdefault(
            row.right_id,
            FigureRow(team_id=None, team_name="", right_id=row.right_id, right_name=row.right_name),
        )
        total.detected += row.detected
        total.acted_on += row.acted_on
        total.granted += row.granted
        total.dismissed += row.dismissed
        total.value_detected += row.value_detected
        total.value_applied += row.value_applied
        total.value_granted += row.value_granted
        for value, count in row.types.items():
            total.types[value] = total.types.get(value, 0) + count
    return list(totals.values())
