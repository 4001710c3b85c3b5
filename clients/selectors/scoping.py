"""The door to client data: `clients_visible_to` (every read of client files starts from it),
its cheaper part for a worker's own files, and who may edit a file or read its health notes."""

from enum import Enum

from django.db.models import (
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
)
from django.http import Http404

from clients.models import (
    Assignment,
    Client,
)
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


def client_file_get(
    *, user: User, pk: int, roles: Roles | None = None
) -> tuple[Client, Assignment | None]:
    """`client_get` and `current_assignment` in one query: the visible client (404 otherwise)
    with its open assignment and that social worker, joined on the open assignment (at most
    one per client: the constraint assignment_one_open_per_client). What every page of a
    client file reads first (clients.views.common)."""
    try:
        client = (
            clients_visible_to(user, roles=roles)
            .select_related("team", "household_confirmed_by")
            .annotate(
                open_assignment=FilteredRelation(
                    "assignments", condition=Q(assignments__ended_at__isnull=True)
                )
            )
            .select_related("open_assignment__worker")  # type: ignore[misc]  # the annotation
            .get(pk=pk)
        )
    except Client.DoesNotExist:
        raise Http404 from None
    # Set by select_related: the open assignment, or None when the file has none.
    assignment: Assignment | None = getattr(client, "open_assignment", None)
    return client, assignment


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


class _NotRead(Enum):
    NOT_READ = 0


NOT_READ = _NotRead.NOT_READ


def client_editable_by(
    *,
    user: User,
    client: Client,
    roles: Roles | None = None,
    open_assignment: Assignment | _NotRead | None = NOT_READ,
) -> bool:
    """The assigned social worker and the team's lead edit; colleagues only read.
    `open_assignment`: the client's open assignment when the caller has read it already (None:
    the file has none; at most one per client, a unique constraint), so no query is made."""
    if client_is_led_by(user, client, roles=roles):
        return True
    if open_assignment is NOT_READ:
        return client_is_assigned_to(user, client)
    return open_assignment is not None and open_assignment.worker_id == user.pk


def confidential_readable_by(*, user: User, client: Client, roles: Roles | None = None) -> bool:
    """Health notes: only the assigned social worker and the team lead."""
    return client_editable_by(user=user, client=client, roles=roles)
