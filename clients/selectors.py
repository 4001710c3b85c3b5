"""Reads of client files. `clients_visible_to` is the only door to client data."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from clients.models import AccessLog, Assignment, Client, Debt, JournalEntry, Trajectory
from wijkteams.models import User
from wijkteams.selectors import Roles, roles_for


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


def client_get(*, user: User, pk: int, roles: Roles | None = None) -> Client:
    """One visible client with team and current worker loaded, or 404 (never 403: no leak)."""
    try:
        return clients_visible_to(user, roles=roles).select_related("team").get(pk=pk)
    except Client.DoesNotExist:
        raise Http404 from None


def current_assignment(client: Client) -> Assignment | None:
    return (
        Assignment.objects.filter(client=client, ended_at__isnull=True)
        .select_related("worker")
        .first()
    )


def client_editable_by(*, user: User, client: Client, roles: Roles | None = None) -> bool:
    """The assigned social worker and the team's lead edit; colleagues only read."""
    roles = roles if roles is not None else roles_for(user)
    if client.team_id is not None and client.team_id in roles.lead_team_ids:
        return True
    return Assignment.objects.filter(client=client, worker=user, ended_at__isnull=True).exists()


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


def open_follow_ups(*, user: User, today: dt.date | None = None) -> QuerySet[JournalEntry]:
    """Follow-ups due by today on the clients assigned to the user, not done yet."""
    today = today or timezone.localdate()
    return (
        JournalEntry.objects.filter(
            follow_up_on__lte=today,
            follow_up_done_at__isnull=True,
            client__assignments__worker=user,
            client__assignments__ended_at__isnull=True,
        )
        .select_related("client")
        .order_by("follow_up_on", "pk")
    )


def my_clients(*, user: User) -> QuerySet[Client]:
    """The clients assigned to the user now, with their number of open trajectories."""
    return (
        Client.objects.filter(assignments__worker=user, assignments__ended_at__isnull=True)
        .annotate(
            open_trajectories=Count(
                "trajectories", filter=~Q(trajectories__status=Trajectory.Status.CLOSED)
            )
        )
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
    )


def access_history(*, client: Client) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(client=client).select_related("actor")


@dataclass(frozen=True)
class DebtTotals:
    original: Decimal
    outstanding: Decimal
    monthly_repayment: Decimal
    count: int


def debt_totals(*, trajectory: Trajectory) -> DebtTotals:
    """The overview of a debt-help trajectory: sums over its debts. One query."""
    sums = Debt.objects.filter(trajectory=trajectory).aggregate(
        original=Sum("original_amount"),
        outstanding=Sum("outstanding_amount"),
        monthly=Sum("monthly_repayment"),
        count=Count("pk"),
    )
    zero = Decimal("0.00")
    return DebtTotals(
        original=sums["original"] or zero,
        outstanding=sums["outstanding"] or zero,
        monthly_repayment=sums["monthly"] or zero,
        count=sums["count"],
    )
