"""Caseloads (clients/views/caseload.py).

A caseload counts the open client files (closed_on empty) a social worker holds now. Every
read below starts from clients_visible_to (a worker's own files: clients_assigned_to, its
cheaper part) and costs the same few queries whatever the number of clients: counts are
grouped in the database, and only a page of rows is ever loaded."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from clients.caseload_counts import KIND_COLUMNS
from clients.models import (
    Assignment,
    CaseloadCount,
    Client,
    FollowUpCount,
    JournalEntry,
    Trajectory,
)
from clients.selectors.scoping import clients_assigned_to, clients_visible_to
from wijkteams.models import Membership, User
from wijkteams.selectors import Roles, active_memberships, roles_for


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
