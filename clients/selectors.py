"""Reads of client files. `clients_visible_to` is the only door to client data."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.utils import timezone

from clients.caseload_counts import KIND_COLUMNS
from clients.models import (
    AccessLog,
    Assignment,
    CaseloadCount,
    Client,
    Debt,
    FollowUpCount,
    HouseholdMember,
    Income,
    JournalEntry,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStep,
)
from clients.national_number import national_number_clean
from wijkteams.models import Membership, User
from wijkteams.selectors import Roles, active_memberships, roles_for, team_members


def clients_visible_to(user: User, *, roles: Roles | None = None) -> QuerySet[Client]:
    """The clients a user may see: those of the teams they work in or lead, and their own.

    Administrators and users without a team see nothing. Roles are read per call (or passed in
    from the request), so an ended membership or assignment counts from the next request on.
    """
    roles = roles if roles is not None else roles_for(user)
    team_ids = roles.worker_team_ids | roles.lead_team_ids
    if not team_ids:
        return Client.objects.none()
    own = Assignment.objects.filter(client=OuterRef("pk"), worker=user, ended_at__isnull=True)
    if roles.is_social_worker:
        return Client.objects.filter(Q(team_id__in=team_ids) | Exists(own))
    return Client.objects.filter(team_id__in=team_ids)


def clients_assigned_to(user: User, *, roles: Roles | None = None) -> QuerySet[Client]:
    """The clients assigned to the user now: the part of `clients_visible_to` a social worker
    always sees, as a plain join (cheaper to build and to plan than the OR EXISTS of the whole
    door, which the worker's own pages do not need). Nothing for anyone else."""
    roles = roles if roles is not None else roles_for(user)
    if not roles.is_social_worker:
        return Client.objects.none()
    return Client.objects.filter(assignments__worker=user, assignments__ended_at__isnull=True)


def client_get(*, user: User, pk: int, roles: Roles | None = None) -> Client:
    """One visible client with team and current worker loaded, or 404 (never 403: no leak)."""
    try:
        return (
            clients_visible_to(user, roles=roles)
            .select_related("team", "household_confirmed_by")
            .get(pk=pk)
        )
    except Client.DoesNotExist:
        raise Http404 from None


def current_assignment(client: Client) -> Assignment | None:
    return (
        Assignment.objects.filter(client=client, ended_at__isnull=True)
        .select_related("worker")
        .first()
    )


def client_is_led_by(user: User, client: Client, *, roles: Roles | None = None) -> bool:
    """Whether the user leads the client's team today (an ended membership no longer counts).
    No query when the request's roles are passed in."""
    roles = roles if roles is not None else roles_for(user)
    return client.team_id is not None and client.team_id in roles.lead_team_ids


def client_is_assigned_to(user: User, client: Client) -> bool:
    """Whether the user is the client's social worker now (the open assignment)."""
    return Assignment.objects.filter(client=client, worker=user, ended_at__isnull=True).exists()


def client_editable_by(*, user: User, client: Client, roles: Roles | None = None) -> bool:
    """The assigned social worker and the team's lead edit; colleagues only read."""
    return client_is_led_by(user, client, roles=roles) or client_is_assigned_to(user, client)


def confidential_readable_by(*, user: User, client: Client, roles: Roles | None = None) -> bool:
    """Health notes: only the assigned social worker and the team lead."""
    return client_editable_by(user=user, client=client, roles=roles)


def journal_for(
    *, user: User, client: Client, roles: Roles | None = None
) -> QuerySet[JournalEntry]:
    entries = JournalEntry.objects.filter(client=client).select_related("author", "trajectory")
    if not confidential_readable_by(user=user, client=client, roles=roles):
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


def trajectories_for(
    *, user: User, client: Client, roles: Roles | None = None
) -> QuerySet[Trajectory]:
    """The client's trajectories, newest first, with steps and debts prefetched, and as lists
    `recent_events` and `recent_journal` the newest TIMELINE_LENGTH events and linked journal
    entries the user may read (health notes only for the worker and the team lead): five
    queries, whatever the number of trajectories.
    """
    journal = journal_for(user=user, client=client, roles=roles).order_by("-occurred_on", "-pk")
    events = TrajectoryEvent.objects.select_related("actor").order_by("-at", "-pk")
    return (
        Trajectory.objects.filter(client=client)
        .prefetch_related(
            Prefetch("steps", queryset=TrajectoryStep.objects.order_by("done_on", "due_on", "pk")),
            Prefetch("debts", queryset=Debt.objects.order_by("creditor", "pk")),
            # Sliced prefetches (a window function per trajectory) keep old timelines off the page.
            Prefetch("events", queryset=events[:TIMELINE_LENGTH], to_attr="recent_events"),
            Prefetch("journal", queryset=journal[:TIMELINE_LENGTH], to_attr="recent_journal"),
        )
        .order_by("-opened_on", "-pk")
    )


def prefetched_timeline(trajectory: Trajectory) -> tuple[list[TrajectoryEvent], list[JournalEntry]]:
    """The newest events and readable journal entries `trajectories_for` loaded onto it."""
    # Prefetch(to_attr=...) adds attributes the model class does not declare.
    return trajectory.recent_events, trajectory.recent_journal  # type: ignore[attr-defined]


def debt_totals_by_trajectory(*, client: Client) -> dict[int, DebtTotals]:
    """`debt_totals` for every trajectory of the client at once (trajectory id -> totals).

    One query; trajectories without debts are absent.
    """
    return _debt_totals(Debt.objects.filter(trajectory__client=client))


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


# --- caseloads (clients/views/caseload.py) ---
# A caseload counts the open client files (closed_on empty) a social worker holds now. Every
# read below starts from clients_visible_to (a worker's own files: clients_assigned_to, its
# cheaper part) and costs the same few queries whatever the number of clients: counts are
# grouped in the database, and only a page of rows is ever loaded.


def _caseload_files(user: User, roles: Roles | None) -> QuerySet[Client]:
    """The open client files the user may see (the one door), for the caseload figures."""
    return clients_visible_to(user, roles=roles).filter(closed_on__isnull=True)


def _assigned_to(user: User, roles: Roles | None) -> QuerySet[Client]:
    """The user's own caseload: open files assigned to them now."""
    return clients_assigned_to(user, roles=roles).filter(closed_on__isnull=True)


def my_clients(*, user: User, roles: Roles | None = None) -> QuerySet[Client]:
    """The open client files assigned to the user now, with their number of open
    trajectories (`open_trajectories`), by name."""
    return (
        _assigned_to(user, roles)
        .annotate(open_trajectories=_count(_open_trajectories().filter(client=OuterRef("pk"))))
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
    )


def open_follow_ups(
    *, user: User, roles: Roles | None = None, today: dt.date | None = None
) -> QuerySet[JournalEntry]:
    """Follow-ups due by today on the open files assigned to the user, not done yet."""
    return (
        _follow_ups_due(today)
        .filter(client__in=_assigned_to(user, roles).values("pk"))
        .select_related("client")
        .order_by("follow_up_on", "pk")
    )


def open_trajectory_counts(*, user: User, roles: Roles | None = None) -> dict[str, int]:
    """The open (not closed) trajectories per kind of the open files assigned to the user,
    every kind present. One query: the figures the database keeps per team and worker
    (clients/caseload_counts.py), summed over the user's teams (and team 0, files without one).
    """
    roles = roles if roles is not None else roles_for(user)
    counts = dict.fromkeys(Trajectory.Kind.values, 0)
    if not roles.is_social_worker:  # as `clients_assigned_to`: nothing for anyone else
        return counts
    sums = CaseloadCount.objects.filter(worker=user).aggregate(
        **{kind: Sum(column) for kind, column in KIND_COLUMNS.items()}
    )
    counts.update({kind: n for kind, n in sums.items() if n})
    return counts


OPEN_TRAJECTORY_STATUSES = [Trajectory.Status.OPEN, Trajectory.Status.ACTIVE]  # not closed


def _open_trajectories() -> QuerySet[Trajectory]:
    return Trajectory.objects.filter(status__in=OPEN_TRAJECTORY_STATUSES)


def _follow_ups_due(today: dt.date | None) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(
        follow_up_on__lte=today or timezone.localdate(), follow_up_done_at__isnull=True
    )


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """COUNT(*) of a correlated queryset as a scalar subquery, 0 when nothing matches.

    A subquery per figure, rather than joins on the outer query, so that counting trajectories
    does not multiply the follow-ups (and the other way round).
    """
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _lead_team_ids(roles: Roles, team_id: int | None) -> list[int]:
    if team_id is not None:
        return [team_id] if team_id in roles.lead_team_ids else []
    return sorted(roles.lead_team_ids)


@dataclass
class Caseload:
    """One row of the team page: a social worker and the figures of their open files in the
    counted teams. `in_team` is False for a former member who still holds files there;
    `team_names` are the counted teams they work in now."""

    worker: User
    in_team: bool
    team_names: list[str]
    client_count: int = 0
    intake_count: int = 0
    debt_help_count: int = 0
    activation_count: int = 0
    overdue_count: int = 0

    @property
    def pk(self) -> int:
        return self.worker.pk

    @property
    def team_name(self) -> str:
        """The first team, for sorting ("" for a former member)."""
        return self.team_names[0] if self.team_names else ""

    def __str__(self) -> str:
        return str(self.worker)


def team_caseload(
    *,
    user: User,
    team_id: int | None = None,
    roles: Roles | None = None,
    today: dt.date | None = None,
) -> list[Caseload]:
    """The caseload per social worker of the teams the user leads (or of one of them), by name.

    A row per social worker of those teams, and per former member who still holds files there,
    with the number of open files, of open trajectories per kind and of follow-ups due by today
    (not done), all over the open files of those teams only. The figures are kept per team and
    worker by database triggers (clients/caseload_counts.py), so they are read, not counted:
    three queries, whatever the number of clients and workers (a fourth loads former members,
    if any).
    """
    roles = roles if roles is not None else roles_for(user)
    team_ids = _lead_team_ids(roles, team_id)
    if not team_ids:
        return []
    today = today or timezone.localdate()
    figures: dict[int, dict[str, int]] = {}
    sums = (
        CaseloadCount.objects.filter(team_id__in=team_ids)
        .values("worker_id")
        .annotate(
            client_count=Sum("files"),
            intake_count=Sum("intake"),
            debt_help_count=Sum("debt_help"),
            activation_count=Sum("activation"),
        )
        .order_by()
    )
    for row in sums:
        counts = {field: n for field, n in row.items() if field != "worker_id" and n}
        if counts:  # a worker whose files all went elsewhere keeps a row of zeros
            figures[row["worker_id"]] = counts
    due = (
        FollowUpCount.objects.filter(team_id__in=team_ids, due_on__lte=today)
        .values("worker_id")
        .annotate(n=Sum("entries"))
        .order_by()
    )
    for row in due:
        if row["n"]:
            figures.setdefault(row["worker_id"], {})["overdue_count"] = row["n"]

    # A row shows the worker's name and teams: of a hundred workers nothing else is read, and
    # each worker is one User (the other fields deferred), not a membership, user and team each.
    names = ["id", "username", "first_name", "last_name"]
    members = (
        active_memberships(on=today)
        .filter(team_id__in=team_ids, role=Membership.Role.SOCIAL_WORKER)
        .order_by("team__name", "pk")
        .values_list(*(f"user__{name}" for name in names), "team__name")
    )
    rows: dict[int, Caseload] = {}
    for *user_fields, team_name in members:
        caseload = rows.get(user_fields[0])
        if caseload is None:
            worker = User.from_db(DEFAULT_DB_ALIAS, names, user_fields)
            caseload = rows[worker.pk] = Caseload(worker, True, [])
        caseload.team_names.append(team_name)
    formers = set(figures) - set(rows)
    for former in User.objects.filter(pk__in=formers) if formers else []:
        rows[former.pk] = Caseload(former, False, [])
    for worker_id, counts in figures.items():
        for field, n in counts.items():
            setattr(rows[worker_id], field, n)
    return sorted(rows.values(), key=lambda r: (r.worker.last_name, r.worker.first_name, r.pk))


def caseload_worker(*, user: User, worker_id: int, roles: Roles | None = None) -> User:
    """A social worker on the user's team page (a member of a led team, or someone holding open
    files there), or 404. One query."""
    roles = roles if roles is not None else roles_for(user)
    team_ids = _lead_team_ids(roles, None)
    memberships = active_memberships().filter(
        user=OuterRef("pk"), team_id__in=team_ids, role=Membership.Role.SOCIAL_WORKER
    )
    files = _caseload_files(user, roles).filter(team_id__in=team_ids)
    holds_files = Assignment.objects.filter(
        worker=OuterRef("pk"), ended_at__isnull=True, client__in=files.values("pk")
    )
    try:
        return User.objects.filter(Exists(memberships) | Exists(holds_files)).get(pk=worker_id)
    except User.DoesNotExist:
        raise Http404 from None


def worker_caseload_clients(
    *,
    user: User,
    worker_id: int,
    roles: Roles | None = None,
    today: dt.date | None = None,
) -> QuerySet[Client]:
    """The open files of the teams the user leads that are assigned to the worker now, with
    `open_trajectories` and `overdue_follow_ups`, by name. One query."""
    roles = roles if roles is not None else roles_for(user)
    team_ids = _lead_team_ids(roles, None)
    if not team_ids:
        return Client.objects.none()
    return (
        _caseload_files(user, roles)
        .filter(
            team_id__in=team_ids,
            assignments__worker_id=worker_id,
            assignments__ended_at__isnull=True,
        )
        .annotate(
            open_trajectories=_count(_open_trajectories().filter(client=OuterRef("pk"))),
            overdue_follow_ups=_count(_follow_ups_due(today).filter(client=OuterRef("pk"))),
        )
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
    )


# --- search and intake lookup --------------------------------------------------------------


def search_text() -> Concat:
    """The fields a search word may occur in, as one string: first and last name, street and
    municipality, separated by spaces. A word (never a space) occurs in it exactly when it
    occurs in one of the fields. On PostgreSQL a trigram index on UPPER() of this expression
    serves `icontains`, so a search reads the matching rows, not all clients.
    """
    return Concat(
        "first_name",
        Value(" "),
        "last_name",
        Value(" "),
        "street",
        Value(" "),
        "municipality",
        output_field=CharField(),
    )


def client_search(*, user: User, query: str, roles: Roles | None = None) -> QuerySet[Client]:
    """Visible clients matching a search: a valid national number matches exactly; otherwise
    every word must appear in the first or last name, street or municipality, or begin the
    postcode.

    Each client carries `worker_first_name` and `worker_last_name` of its current social worker,
    so a page of results is one query (plus the paginator's count).
    """
    query = query.strip()
    visible = clients_visible_to(user, roles=roles)
    if not query:
        return visible.none()
    try:
        number = national_number_clean(query)
    except ValidationError:
        visible = visible.alias(search_text=search_text())
        for word in query.split():
            # icontains: LIKE on SQLite (case-insensitive for ASCII), UPPER(..) LIKE on PostgreSQL.
            match = Q(search_text__icontains=word)
            if word.isascii() and word.isdigit():  # a postcode is four digits, or empty
                match |= Q(postcode__startswith=word)
            visible = visible.filter(match)
    else:
        visible = visible.filter(national_number=number)
    current = Assignment.objects.filter(client=OuterRef("pk"), ended_at__isnull=True)
    return (
        visible.select_related("team")
        .annotate(
            worker_first_name=Subquery(current.values("worker__first_name")[:1]),
            worker_last_name=Subquery(current.values("worker__last_name")[:1]),
        )
        # By name, as `last_name || ''`: the same order, but one no index provides. Otherwise
        # PostgreSQL may walk a name index for the first 25 matches, guessing they come early,
        # and read all 100,000 clients when they are Vandenberghes (seconds instead of ms).
        .order_by(Concat("last_name", Value("")), "first_name", "pk")
    )


@dataclass(frozen=True)
class ExistingFile:
    """A client file found by the intake lookup. `client` is set only if the user may see it;
    otherwise only the team and whom to contact there are told, never anything of the client."""

    client: Client | None
    team_name: str
    contacts: tuple[str, ...]
    by_national_number: bool
    # For the access log only (finding a file is a look at it); never shown.
    client_id: int


def client_lookup(
    *,
    user: User,
    national_number: str = "",
    last_name: str = "",
    birth_date: dt.date | None = None,
    limit: int = 10,
) -> list[ExistingFile]:
    """Intake, search first: does a file exist for this person, in any team?

    Matches a (clean) national number exactly, or the last name (case-insensitive) with the
    birth date. Looks at ALL clients, so a second file cannot be made for someone helped by
    another team, but reveals only what `user` may see. Three queries at most.
    """
    match = Q(pk__in=[])
    if national_number:
        match |= Q(national_number=national_number)
    if last_name.strip() and birth_date is not None:
        match |= Q(last_name__iexact=last_name.strip(), birth_date=birth_date)
    found = list(Client.objects.filter(match).select_related("team").order_by("pk")[:limit])
    if not found:
        return []
    visible_ids = set(
        clients_visible_to(user).filter(pk__in=[c.pk for c in found]).values_list("pk", flat=True)
    )
    hidden_team_ids = {c.team_id for c in found if c.pk not in visible_ids and c.team_id}
    leads: dict[int, list[str]] = {}
    if hidden_team_ids:
        for membership in team_members(team_ids=frozenset(hidden_team_ids)).filter(
            role=Membership.Role.TEAM_LEAD
        ):
            name = membership.user.get_full_name() or membership.user.username
            leads.setdefault(membership.team_id, []).append(name)
    return [
        ExistingFile(
            client=client if client.pk in visible_ids else None,
            team_name=client.team.name if client.team else "",
            contacts=() if client.pk in visible_ids else tuple(leads.get(client.team_id or 0, ())),
            by_national_number=bool(national_number) and client.national_number == national_number,
            client_id=client.pk,
        )
        for client in found
    ]


# --- the client file's overview ------------------------------------------------------------


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
