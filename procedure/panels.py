"""The requests near or past a deadline, on pages of other apps: the worker's home
(clients/my_cases.html) and the lead's team page (wijkteams/my_team.html). procedure/hooks.py
registers a panel there with a context function; the page's view calls it, so the reads and
the access-log rows for the clients it names happen in the view, before the template renders.

Two clocks are work to do: the decision (30 days from the receipt, for a request still open)
and the notification (8 days from the decision, for a decided request not notified yet). The
forwarding clock is not listed: the app learns that the OCMW is not competent only when the
forwarding is recorded, and then the clock is done. The appeal's 3 months are the applicant's
to use, not a task of the OCMW: the Requests tab shows them."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clients.access_log import access_log_listed
from procedure import deadlines, selectors
from procedure.deadlines import Clock, ClockStatus
from procedure.log_actions import SEEN_DEADLINES_LISTED
from procedure.models import Request
from procedure.selectors import DeadlineScope
from wijkteams.models import User
from wijkteams.permissions import get_roles

DEADLINE_LIST_LIMIT = 50
_TO_DO = (ClockStatus.DUE_SOON, ClockStatus.PAST)


@dataclass(frozen=True)
class DeadlineRow:
    """A row of the lists: one clock of one request that is due soon or past."""

    request_id: int
    client_id: int
    client_name: str
    kind_name: str
    label: Promise  # which clock: "Decision due", "Notification due"
    clock: Clock
    # No decision by the end of the 30 days: the applicant may appeal (the mark on the row).
    no_decision_appealable: bool = False

    @property
    def days_late(self) -> int:
        return -(self.clock.days_left or 0)


@dataclass(frozen=True)
class DeadlineList:
    rows: list[DeadlineRow]
    more: bool  # there are more than the rows shown


def _decision_rows(requests: list[Request], today: dt.date) -> list[DeadlineRow]:
    rows = []
    for help_request in requests:
        # An open request: request_clocks reads no decision or notification (no query).
        clocks = selectors.request_clocks(help_request, today=today)
        if clocks.decision is None or clocks.decision.status not in _TO_DO:
            continue
        rows.append(
            DeadlineRow(
                request_id=help_request.pk,
                client_id=help_request.client_id,
                client_name=help_request.client.full_name,
                kind_name=help_request.kind.name,
                label=_("Decision due"),
                clock=clocks.decision,
                no_decision_appealable=clocks.no_decision_appealable,
            )
        )
    return rows


def _notification_rows(requests: list[Request], today: dt.date) -> list[DeadlineRow]:
    rows = []
    for help_request in requests:
        clock = deadlines.notification_clock(
            decided=True,
            decided_on=getattr(help_request, "standing_decided_on", None),
            notified_on=None,
            today=today,
        )
        if clock.status not in _TO_DO:
            continue
        rows.append(
            DeadlineRow(
                request_id=help_request.pk,
                client_id=help_request.client_id,
                client_name=help_request.client.full_name,
                kind_name=help_request.kind.name,
                label=_("Notification due"),
                clock=clock,
            )
        )
    return rows


def deadline_list(request: HttpRequest, scope: DeadlineScope) -> DeadlineList:
    """The clocks due soon or past of the requests of the user's own clients ("assigned") or
    of the teams the user leads ("led"), the earliest last day first, at most
    DEADLINE_LIST_LIMIT rows. Three queries whatever the number of requests: the decisions
    due, the notifications due, and one access-log row per client shown (in one insert; on
    the worker's home in the page's one insert, access_log_listed_together)."""
    user = request.user
    if not isinstance(user, User):
        return DeadlineList(rows=[], more=False)
    roles = get_roles(request)
    today = timezone.localdate()
    # Each query selects exactly the requests due by the horizon, ordered by their last day:
    # one row more than shown of each is enough to know the first ones of both, and whether
    # there are more.
    limit = DEADLINE_LIST_LIMIT + 1
    decisions = selectors.requests_decision_due(user=user, scope=scope, today=today, roles=roles)
    notifications = selectors.requests_notification_due(
        user=user, scope=scope, today=today, roles=roles
    )
    rows = _decision_rows(list(decisions[:limit]), today) + _notification_rows(
        list(notifications[:limit]), today
    )
    rows.sort(key=lambda row: (row.clock.due or today, row.client_name, row.request_id))
    shown = rows[:DEADLINE_LIST_LIMIT]
    # The names on the page: each a view of that client's file.
    access_log_listed(
        actor=user,
        client_ids=[row.client_id for row in shown],
        what=SEEN_DEADLINES_LISTED,
        request=request,
    )
    return DeadlineList(rows=shown, more=len(rows) > len(shown))


def deadline_context(scope: DeadlineScope) -> Callable[[HttpRequest], dict[str, Any]]:
    """The context function of a panel: `deadlines` for the request."""

    def context(request: HttpRequest) -> dict[str, Any]:
        return {"deadlines": deadline_list(request, scope)}

    return context
