"""Reads of one client file, for its tabs: the journal, access history, household, incomes,
trajectories with their timeline and debt totals, assignments, transfer candidates, the overview
and the latest change."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    prefetch_related_objects,
)

from clients.models import (
    AccessLog,
    Assignment,
    Client,
    Debt,
    HouseholdMember,
    Income,
    JournalEntry,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStep,
)
from clients.selectors.scoping import confidential_readable_by
from wijkteams.models import Membership, User
from wijkteams.selectors import Roles, active_memberships


def journal_for(
    *,
    user: User,
    client: Client,
    roles: Roles | None = None,
    confidential_readable: bool | None = None,
) -> QuerySet[JournalEntry]:
    """The client's journal entries the user may read. `confidential_readable`: whether the
    user may read health notes, when the caller knows it already (a page of the file: its
    `can_edit`, the same rule); otherwise asked here (one query for a social worker)."""
    entries = JournalEntry.objects.filter(client=client).select_related("author", "trajectory")
    if confidential_readable is None:
        confidential_readable = confidential_readable_by(user=user, client=client, roles=roles)
    if not confidential_readable:
        entries = entries.filter(confidential=False)
    return entries


def access_history(*, client: Client) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(client=client).select_related("actor")


@dataclass(frozen=True)
class DebtTotals:
    original: Decimal
    outstanding: Decimal
    monthly_repayment: Decimal
    count: int


NO_DEBTS = DebtTotals(
    original=Decimal("0.00"),
    outstanding=Decimal("0.00"),
    monthly_repayment=Decimal("0.00"),
    count=0,
)


def debt_totals(*, trajectory: Trajectory) -> DebtTotals:
    """The overview of a debt-help trajectory: sums over its debts. One query."""
    totals = _debt_totals(Debt.objects.filter(trajectory=trajectory))
    return totals.get(trajectory.pk, NO_DEBTS)


def household_members(*, client: Client) -> QuerySet[HouseholdMember]:
    """The client's household members, oldest first."""
    return HouseholdMember.objects.filter(client=client).order_by("birth_date", "pk")


def incomes_for(*, client: Client) -> QuerySet[Income]:
    """Every income of the client and the household members, with the member loaded."""
    return Income.objects.filter(client=client).select_related("member").order_by("pk")


TIMELINE_LENGTH = 30
# The fields of the timeline's lines (clients/views/trajectories.py, its template).
_AUTHOR_NAMES = ("first_name", "last_name", "username")
TIMELINE_EVENT_FIELDS = (
    "trajectory_id",
    "at",
    "description",
    *(f"actor__{name}" for name in _AUTHOR_NAMES),
)
TIMELINE_JOURNAL_FIELDS = (
    "client_id",
    "trajectory_id",
    "occurred_on",
    "created_at",
    "kind",
    "text",
    "confidential",
    *(f"author__{name}" for name in _AUTHOR_NAMES),
)


def trajectories_for(
    *,
    user: User,
    client: Client,
    roles: Roles | None = None,
    confidential_readable: bool | None = None,
) -> list[Trajectory]:
    """The client's trajectories, newest first, with steps and debts prefetched, and as lists
    `recent_events` and `recent_journal` the newest TIMELINE_LENGTH events and linked journal
    entries the user may read (health notes only for the worker and the team lead): five
    queries whatever the number of trajectories, one more for the events or the journal of a
    page where a long timeline crowds out another's (`_newest_lines`). `confidential_readable`
    as in `journal_for`.
    """
    # Only what a timeline line shows (each row's trajectory is set from the page's own): fewer
    # columns to build into the queries below, and fewer fields to load per row.
    journal = (
        journal_for(
            user=user, client=client, roles=roles, confidential_readable=confidential_readable
        )
        .select_related(None)
        .select_related("author")
        .only(*TIMELINE_JOURNAL_FIELDS)
        .order_by("-occurred_on", "-pk")
    )
    events = (
        TrajectoryEvent.objects.select_related("actor")
        .only(*TIMELINE_EVENT_FIELDS)
        .order_by("-at", "-pk")
    )
    trajectories = list(
        Trajectory.objects.filter(client=client)
        .prefetch_related(
            Prefetch("steps", queryset=TrajectoryStep.objects.order_by("done_on", "due_on", "pk")),
            Prefetch("debts", queryset=Debt.objects.order_by("creditor", "pk")),
        )
        .order_by("-opened_on", "-pk")
    )
    _newest_lines(trajectories, events, related="events", to_attr="recent_events")
    _newest_lines(trajectories, journal, related="journal", to_attr="recent_journal")
    return trajectories


def _newest_lines(
    trajectories: list[Trajectory],
    rows: QuerySet[TrajectoryEvent] | QuerySet[JournalEntry],
    *,
    related: str,
    to_attr: str,
) -> None:
    """Set `to_attr` on each trajectory to its first TIMELINE_LENGTH `rows` (in their order,
    which must be total), as `Prefetch(related, rows[:TIMELINE_LENGTH], to_attr)` does.

    That sliced prefetch is a ROW_NUMBER() window in a subquery: about three times the CPU of
    a plain query to build. So first one plain query for the first TIMELINE_LENGTH rows per
    trajectory on the page taken together (no more rows than the window would give): a
    trajectory's rows among them are its first ones, so one with TIMELINE_LENGTH of them, or
    every one when the query found fewer rows than it asked for, has its lines. The others
    (a long timeline took their places) get them from the sliced prefetch: a second query.
    """
    if not trajectories:
        return
    found: dict[int, list[Any]] = {t.pk: [] for t in trajectories}
    limit = TIMELINE_LENGTH * len(trajectories)
    read: list[Any] = list(rows.filter(trajectory_id__in=list(found))[:limit])
    for row in read:
        found[row.trajectory_id].append(row)
    field = rows.model._meta.get_field("trajectory")
    crowded_out = []
    for trajectory in trajectories:
        lines = found[trajectory.pk]
        if len(read) == limit and len(lines) < TIMELINE_LENGTH:
            crowded_out.append(trajectory)
            continue
        for line in lines[:TIMELINE_LENGTH]:
            field.set_cached_value(line, trajectory)  # as the prefetch does: no query for it
        setattr(trajectory, to_attr, lines[:TIMELINE_LENGTH])
    if crowded_out:
        prefetch_related_objects(
            crowded_out, Prefetch(related, queryset=rows[:TIMELINE_LENGTH], to_attr=to_attr)
        )


def prefetched_timeline(trajectory: Trajectory) -> tuple[list[TrajectoryEvent], list[JournalEntry]]:
    """The newest events and readable journal entries `trajectories_for` loaded onto it."""
    # Attributes set by trajectories_for, which the model class does not declare.
    return trajectory.recent_events, trajectory.recent_journal  # type: ignore[attr-defined]


def debt_totals_of(debts: Iterable[Debt]) -> DebtTotals:
    """`debt_totals` of debts already read (a trajectory's prefetched ones): no query."""
    original = outstanding = monthly = Decimal("0.00")
    count = 0
    for debt in debts:
        original += debt.original_amount
        outstanding += debt.outstanding_amount
        monthly += debt.monthly_repayment
        count += 1
    return DebtTotals(
        original=original, outstanding=outstanding, monthly_repayment=monthly, count=count
    )


def _debt_totals(debts: QuerySet[Debt]) -> dict[int, DebtTotals]:
    rows = (
        debts.values("trajectory_id")
        .annotate(
            original=Sum("original_amount"),
            outstanding=Sum("outstanding_amount"),
            monthly=Sum("monthly_repayment"),
            count=Count("pk"),
        )
        .order_by()
    )
    return {
        row["trajectory_id"]: DebtTotals(
            original=row["original"],
            outstanding=row["outstanding"],
            monthly_repayment=row["monthly"],
            count=row["count"],
        )
        for row in rows
    }


def assignment_history(*, client: Client) -> QuerySet[Assignment]:
    """Every assignment of the client, oldest first, with worker and assigner loaded."""
    return (
        Assignment.objects.filter(client=client)
        .select_related("worker", "assigned_by")
        .order_by("started_at", "pk")
    )


def transfer_candidates(*, client: Client, exclude_worker_id: int | None) -> QuerySet[User]:
    """The social workers of the client's team today who could take the client over."""
    if client.team_id is None:
        return User.objects.none()
    member_ids = active_memberships().filter(
        team_id=client.team_id, role=Membership.Role.SOCIAL_WORKER
    )
    users = User.objects.filter(pk__in=member_ids.values("user_id"), is_active=True)
    if exclude_worker_id is not None:
        users = users.exclude(pk=exclude_worker_id)
    return users.order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class ClientOverview:
    open_trajectories: list[Trajectory]
    member_count: int
    income_total: Decimal


def client_overview(*, client: Client) -> ClientOverview:
    """What the overview tab shows beyond the client row: two queries, whatever the file size."""
    trajectories = list(
        Trajectory.objects.filter(client=client)
        .exclude(status=Trajectory.Status.CLOSED)
        .order_by("-opened_on", "-pk")
    )
    members = (
        HouseholdMember.objects.filter(client=OuterRef("pk"))
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    incomes = (
        Income.objects.filter(client=OuterRef("pk"))
        .values("client")
        .annotate(total=Sum("net_monthly"))
        .values("total")
    )
    sums = (
        Client.objects.filter(pk=client.pk)
        .annotate(member_count=Subquery(members), income_total=Subquery(incomes))
        .values("member_count", "income_total")
        .get()
    )
    return ClientOverview(
        open_trajectories=trajectories,
        member_count=sums["member_count"] or 0,
        income_total=sums["income_total"] or Decimal("0.00"),
    )


def client_last_change(*, client: Client) -> AccessLog | None:
    """The latest recorded change of the file, with who made it: for the edit-conflict message."""
    return (
        AccessLog.objects.filter(client=client, action=AccessLog.Action.CHANGE)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
