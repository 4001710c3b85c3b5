"""Reads of the GPMI: a client's contracts with their evaluations, who holds each evaluation
(the client's worker on its due date, read from clients' assignments), the evaluations overdue
or due soon of the user's clients, and who may sign a contract for the OCMW."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Literal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from clients.models import Assignment, Client
from clients.selectors import clients_assigned_to
from integration.models import LEEFLOON_KIND, GpmiContract, GpmiEvaluation
from procedure.models import Request
from wijkteams.models import User
from wijkteams.selectors import Roles, active_memberships, roles_for

# Evaluations due within this many days are listed as "due soon" (issue 20, point 5).
DUE_SOON_DAYS = 14
DueScope = Literal["assigned", "led"]


# --- who holds an evaluation ---------------------------------------------------------------------


def worker_on(assignments: Sequence[Assignment], day: dt.date) -> User | None:
    """The client's social worker on `day`, from the client's assignments (any order): the one
    that started on or before that day and had not ended before it; on the day of a transfer,
    the new worker. None when nobody was assigned that day (unknown, said so on the page). A day
    still to come falls to the worker assigned now: assignments are not planned ahead."""
    holder: Assignment | None = None
    for assignment in assignments:
        started = timezone.localdate(assignment.started_at)
        ended = timezone.localdate(assignment.ended_at) if assignment.ended_at else None
        covers = started <= day and (ended is None or ended > day)
        if covers and (holder is None or assignment.started_at > holder.started_at):
            holder = assignment
    return holder.worker if holder is not None else None


def assignments_of(client_ids: Iterable[int]) -> dict[int, list[Assignment]]:
    """Every assignment (history included) of these clients with its worker, by client id: one
    query whatever their number."""
    by_client: dict[int, list[Assignment]] = defaultdict(list)
    ids = list(dict.fromkeys(client_ids))
    if not ids:
        return by_client
    for assignment in Assignment.objects.filter(client_id__in=ids).select_related("worker"):
        by_client[assignment.client_id].append(assignment)
    return by_client


# --- the Leefloon tab ----------------------------------------------------------------------------


def client_gpmi_contracts(client: Client) -> QuerySet[GpmiContract]:
    """The client's contracts, newest start first, with their request, signer and author and
    their evaluations (with who recorded them): two queries whatever their number."""
    return (
        GpmiContract.objects.filter(client=client)
        .select_related("request__kind", "signed_for_ocmw_by", "created_by")
        .prefetch_related(
            Prefetch(
                "evaluations",
                queryset=GpmiEvaluation.objects.select_related("recorded_by").order_by(
                    "due_on", "pk"
                ),
            )
        )
    )


def client_gpmi_contract(client: Client, pk: int) -> GpmiContract:
    """One contract of this client (DoesNotExist for another client's: the caller answers 404)."""
    return client_gpmi_contracts(client).get(pk=pk)


def leefloon_requests_of(client: Client) -> QuerySet[Request]:
    """The client's requests for a leefloon, which a contract may name, newest first."""
    return (
        Request.objects.filter(client=client, kind__code=LEEFLOON_KIND)
        .select_related("kind")
        .order_by("-received_on", "-pk")
    )


def ocmw_signers(client: Client, *, also: int | None = None) -> QuerySet[User]:
    """Who may sign a contract for the OCMW: the staff of the client's team today (its social
    workers and team leads), and `also` (the signer already recorded, who may have left)."""
    members = active_memberships().filter(team_id=client.team_id).values("user_id")
    condition = Q(pk__in=members)
    if also is not None:
        condition |= Q(pk=also)
    return User.objects.filter(condition, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


# --- overdue and due soon: the worker's home and the lead's team page ----------------------------


def evaluations_due(
    *, user: User, scope: DueScope, today: dt.date, roles: Roles | None = None
) -> QuerySet[GpmiEvaluation]:
    """The evaluations not held whose due day is past or within DUE_SOON_DAYS, of the clients
    assigned to the user now ("assigned") or of the teams the user leads ("led"), the earliest
    due first; closed files left out (nothing more is done in them). With the contract and its
    client loaded: one query."""
    roles = roles if roles is not None else roles_for(user)
    if scope == "assigned":
        clients = Q(contract__client__in=clients_assigned_to(user, roles=roles).values("pk"))
    else:
        clients = Q(contract__client__team_id__in=roles.lead_team_ids)
    return (
        GpmiEvaluation.objects.filter(
            clients,
            held_on__isnull=True,
            due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
            contract__client__closed_on__isnull=True,
        )
        .select_related("contract__client")
        .only(
            "pk",
            "due_on",
            "in_person",
            "held_on",
            "contract__id",
            "contract__client__id",
            "contract__client__first_name",
            "contract__client__last_name",
        )
        .order_by("due_on", "contract__client__last_name", "pk")
    )
