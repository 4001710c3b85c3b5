"""Reads of the request register. The client is already scoped by the caller (the file was
opened through clients' scoping door); these only read its requests."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from procedure import deadlines
from procedure.deadlines import Clock
from procedure.models import Request, RequestKind
from wijkteams.models import User
from wijkteams.selectors import Roles, roles_for


def request_kinds_active() -> QuerySet[RequestKind]:
    return RequestKind.objects.filter(is_active=True)


def requests_of_led_teams(*, user: User, roles: Roles | None = None) -> QuerySet[Request]:
    """The register for a team lead: the requests of the clients of the teams they lead,
    newest received first, with what a row shows (one query per page). None for anyone else."""
    roles = roles if roles is not None else roles_for(user)
    return (
        Request.objects.filter(client__team_id__in=roles.lead_team_ids)
        .select_related("client", "client__team", "kind", "received_by", "forwarding")
        .order_by("-received_on", "-pk")
    )


def client_requests(*, client: Client) -> QuerySet[Request]:
    """The client's requests, newest received first, with what the tab shows: one query."""
    return Request.objects.filter(client=client).select_related(
        "kind", "received_by", "withdrawn_by", "forwarding", "forwarding__forwarded_by"
    )


def client_request_get(*, client: Client, pk: int) -> Request:
    """One request of this client (Request.DoesNotExist for another client's)."""
    return client_requests(client=client).get(pk=pk)


@dataclass(frozen=True)
class RequestClocks:
    """The clocks a request shows; None: the clock does not apply to it (a forwarded request
    is the other OCMW's to decide, a withdrawn one runs no clock)."""

    forwarding: Clock | None = None
    decision: Clock | None = None
    notification: Clock | None = None
    appeal: Clock | None = None

    @property
    def shown(self) -> list[tuple[Promise, Clock]]:
        """(label, clock) of the clocks that apply, in the order of the procedure."""
        clocks = [
            (_("Forwarding due"), self.forwarding),
            (_("Decision due"), self.decision),
            (_("Notification due"), self.notification),
            (_("Appeal open until"), self.appeal),
        ]
        return [(label, clock) for label, clock in clocks if clock is not None]


def request_clocks(request: Request, *, today: dt.date) -> RequestClocks:
    """The clocks of `request` on `today`. The decision and notification dates are not
    recorded yet (they come with the committee's decisions): a request in state decided or
    notified shows those clocks as unknown, never as computed from a missing date."""
    state = request.state
    if state == Request.State.WITHDRAWN:
        return RequestClocks()
    if state == Request.State.FORWARDED:
        forwarding = getattr(request, "forwarding", None)
        return RequestClocks(
            forwarding=deadlines.forwarding_clock(
                received_on=request.received_on,
                forwarded_on=forwarding.forwarded_on if forwarding else None,
                today=today,
            )
        )
    decided = state in (Request.State.DECIDED, Request.State.NOTIFIED)
    notified = state == Request.State.NOTIFIED
    return RequestClocks(
        decision=deadlines.decision_clock(
            received_on=request.received_on, decided_on=None, today=today
        )
        if not decided
        else Clock(deadlines.ClockStatus.UNKNOWN),
        notification=deadlines.notification_clock(
            decided=decided, decided_on=None, notified_on=None, today=today
        ),
        appeal=deadlines.appeal_clock(
            received_on=request.received_on,
            decided=decided,
            notified=notified,
            notified_on=None,
            today=today,
        ),
    )


def forwarding_due(request: Request) -> dt.date:
    """The last day to forward `request` (5 days from its receipt)."""
    return deadlines.last_day_in_days(request.received_on, deadlines.FORWARDING_DAYS)


def decision_due(request: Request) -> dt.date:
    """The last day to decide `request` (30 days from its receipt), as the receipt states it."""
    return deadlines.last_day_in_days(request.received_on, deadlines.DECISION_DAYS)
