"""Reads of the request register. The client is already scoped by the caller (the file was
opened through clients' scoping door); these only read its requests."""

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.models import Client
from clients.selectors import clients_assigned_to
from procedure import deadlines
from procedure.deadlines import Clock
from procedure.models import (
    Appeal,
    Decision,
    Notification,
    Request,
    RequestDocument,
    RequestKind,
)
from wijkteams.models import User
from wijkteams.selectors import Roles, roles_for


def request_kinds_active() -> QuerySet[RequestKind]:
    return RequestKind.objects.filter(is_active=True)


def _with_decision(requests: QuerySet[Request]) -> QuerySet[Request]:
    """With the standing decision (`standing_decisions`, a list of at most one: an urgent
    decision the committee did not ratify is not standing) and the notification, for the
    clocks: one query more."""
    return requests.prefetch_related(
        Prefetch(
            "decisions",
            queryset=Decision.objects.standing().select_related("notification"),
            to_attr="standing_decisions",
        )
    )


def standing_decision_of(request: Request) -> Decision | None:
    """The decision that stands on `request` (loaded by the selectors here), or None."""
    decisions = getattr(request, "standing_decisions", None)
    every = getattr(request, "decision_rows", None)  # every decision (client_requests)
    if decisions is None and every is not None:
        decisions = [
            decision
            for decision in every
            if decision.ratification != Decision.Ratification.NOT_RATIFIED
        ]
    if decisions is None:
        decisions = list(Decision.objects.standing().filter(request=request))
    return decisions[0] if decisions else None


def standing_notification_of(request: Request) -> Notification | None:
    """The notification of the decision that stands on `request`, or None (not notified yet;
    the notification of an urgent decision the committee did not ratify is not it)."""
    decision = standing_decision_of(request)
    if decision is None:
        return None
    try:
        return decision.notification
    except Notification.DoesNotExist:
        return None


def requests_of_led_teams(*, user: User, roles: Roles | None = None) -> QuerySet[Request]:
    """The register for a team lead: the requests of the clients of the teams they lead,
    newest received first, with what a row shows (one query per page). None for anyone else."""
    roles = roles if roles is not None else roles_for(user)
    return _with_decision(
        Request.objects.filter(client__team_id__in=roles.lead_team_ids)
        .select_related("client", "client__team", "kind", "received_by", "forwarding")
        .order_by("-received_on", "-pk")
    )


def client_requests(*, client: Client, health_data: bool = False) -> QuerySet[Request]:
    """The client's requests, newest received first, with what the tab shows: each step's row
    and who did it, every decision (also one the committee did not ratify), the appeals and the
    documents. Four queries, whatever the number of requests (the standing decision is read
    from every decision: standing_decision_of). Without `health_data`
    (clients.selectors.confidential_readable_by) the documents of a confidential type are left
    out, as on the documents tab."""
    links = RequestDocument.objects.select_related("document__document_type").order_by(
        "-document__document_date", "-document_id"
    )
    if not health_data:
        links = links.exclude(document__document_type__confidential=True)
    return (
        Request.objects.filter(client=client)
        .select_related(
            "kind",
            "received_by",
            "withdrawn_by",
            "forwarding",
            "forwarding__forwarded_by",
            "inquiry",
            "inquiry__written_by",
            "proposal",
            "proposal__proposed_by",
        )
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related(
                    "decided_by", "notification", "notification__recorded_by"
                ).order_by("created_at", "pk"),
                to_attr="decision_rows",
            ),
            Prefetch(
                "appeals",
                queryset=Appeal.objects.select_related("recorded_by").order_by("lodged_on", "pk"),
                to_attr="appeal_rows",
            ),
            Prefetch("document_links", queryset=links, to_attr="document_rows"),
        )
    )


def client_requests_under_inquiry(*, client: Client, kind_code: str) -> QuerySet[Request]:
    """The client's requests of this kind whose social inquiry is under way: those a proposal
    can be submitted on (a higher app offers them, budgets for supplementary aid), oldest
    received first."""
    return (
        Request.objects.filter(
            client=client, kind__code=kind_code, state=Request.State.UNDER_INQUIRY
        )
        .select_related("kind")
        .order_by("received_on", "pk")
    )


def client_request_get(*, client: Client, pk: int) -> Request:
    """One request of this client, with its kind and receiver (Request.DoesNotExist for another
    client's): for a form's POST, whose service loads and locks what it changes."""
    return Request.objects.select_related("kind", "received_by").get(client=client, pk=pk)


def client_appeal_get(*, request: Request, pk: int) -> Appeal:
    """One appeal against this request (Appeal.DoesNotExist for another request's)."""
    return Appeal.objects.get(request=request, pk=pk)


def period_end(starts_on: dt.date, months: int) -> dt.date:
    """The last day of a period of `months` months from `starts_on`: the day before the same
    day number `months` later (1 March, 3 months: 31 May; 15 January, 1 month: 14 February),
    or the last day of that month when it has no such day (31 January, 1 month: 28 or 29
    February, not the day before it)."""
    same_day = deadlines.add_months(starts_on, months)
    if same_day.day < starts_on.day:  # the month is shorter: add_months gave its last day
        return same_day
    return same_day - dt.timedelta(days=1)


def appeal_last_day(notified_on: dt.date) -> dt.date:
    """The last day to appeal a decision notified on `notified_on` (3 months, art. 54 Ger.W.)."""
    return deadlines.last_day_in_months(notified_on, deadlines.APPEAL_MONTHS)


# --- the history of a request ------------------------------------------------------------------


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


@dataclass(frozen=True)
class HistoryStep:
    """One step a request went through, read from the row that records it (no log of its own):
    what happened, on which day, who did it (`who_label` says in which role), and a detail."""

    what: str
    on: dt.date
    who: str = ""
    who_label: str = ""
    detail: str = ""


def _decision_step(decision: Decision) -> HistoryStep:
    detail = _("%(outcome)s, by %(body)s") % {
        "outcome": decision.get_outcome_display(),
        "body": decision.get_body_display(),
    }
    if decision.body == Decision.Body.CHAIR:
        detail += "; " + _("ratification: %(state)s") % {
            "state": decision.get_ratification_display()
        }
    return HistoryStep(
        _("Decided"), decision.decided_on, _name(decision.decided_by), _("recorded by"), detail
    )


def request_history(request: Request) -> list[HistoryStep]:
    """The steps of `request` in the order of the procedure, from the rows client_requests
    loaded with it: received, forwarded, inquired, proposed (and who decides), decided (body,
    who recorded it, ratification), notified, appealed and judged, withdrawn."""
    steps = [
        HistoryStep(
            _("Received"),
            request.received_on,
            _name(request.received_by),
            _("received by"),
            request.location,
        )
    ]
    forwarding = getattr(request, "forwarding", None)
    if forwarding is not None:
        steps.append(
            HistoryStep(
                _("Forwarded"),
                forwarding.forwarded_on,
                _name(forwarding.forwarded_by),
                _("forwarded by"),
                _("to %(ocmw)s") % {"ocmw": forwarding.forwarded_to},
            )
        )
    inquiry = getattr(request, "inquiry", None)
    if inquiry is not None:
        visit = (
            _("home visit on %(day)s") % {"day": f"{inquiry.home_visit_on:%d/%m/%Y}"}
            if inquiry.home_visit_on
            else ""
        )
        steps.append(
            HistoryStep(
                _("Social inquiry"),
                timezone.localdate(inquiry.updated_at),
                _name(inquiry.written_by),
                _("written by"),
                visit,
            )
        )
    proposal = getattr(request, "proposal", None)
    if proposal is not None:
        steps.append(
            HistoryStep(
                _("Proposed"),
                timezone.localdate(proposal.proposed_at),
                _name(proposal.proposed_by),
                _("proposed by"),
                _("%(outcome)s; decided by %(decider)s")
                % {
                    "outcome": proposal.get_outcome_display(),
                    "decider": proposal.get_decider_display(),
                },
            )
        )
    for decision in getattr(request, "decision_rows", []):
        steps.append(_decision_step(decision))
        # Each decision's own notification: an urgent decision notified and then not
        # ratified keeps its row, and the committee's decision is notified again.
        try:
            notification = decision.notification
        except Notification.DoesNotExist:
            continue
        steps.append(
            HistoryStep(
                _("Notified"),
                notification.notified_on,
                _name(notification.recorded_by),
                _("recorded by"),
                notification.get_way_display(),
            )
        )
    for appeal in getattr(request, "appeal_rows", []):
        steps.append(
            HistoryStep(
                _("Appeal lodged"),
                appeal.lodged_on,
                _name(appeal.recorded_by),
                _("recorded by"),
                appeal.court,
            )
        )
        if appeal.judgment_on is not None:
            steps.append(
                HistoryStep(_("Judgment"), appeal.judgment_on, detail=appeal.get_result_display())
            )
    if request.withdrawn_at is not None:
        steps.append(
            HistoryStep(
                _("Withdrawn"),
                timezone.localdate(request.withdrawn_at),
                _name(request.withdrawn_by),
                _("withdrawn by"),
                request.withdrawal_reason,
            )
        )
    return steps


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
            (gettext_lazy("Forwarding due"), self.forwarding),
            (gettext_lazy("Decision due"), self.decision),
            (gettext_lazy("Notification due"), self.notification),
            (gettext_lazy("Appeal open until"), self.appeal),
        ]
        return [(label, clock) for label, clock in clocks if clock is not None]

    @property
    def no_decision_appealable(self) -> bool:
        """No decision by the last day of the 30 days: from the next day the applicant may
        appeal against the OCMW's silence, until the appeal clock's last day."""
        return (
            self.decision is not None
            and self.decision.status == deadlines.ClockStatus.PAST
            and self.appeal is not None
            and self.appeal.status in (deadlines.ClockStatus.OPEN, deadlines.ClockStatus.DUE_SOON)
        )


def request_clocks(request: Request, *, today: dt.date) -> RequestClocks:
    """The clocks of `request` on `today`, from the dates recorded: receipt, forwarding,
    decision, notification. A request in state decided or notified whose date is missing (a
    row from before decisions were recorded) shows that clock as unknown, never as computed
    from a missing date."""
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
    decision = standing_decision_of(request) if decided else None
    decided_on = decision.decided_on if decision else None
    notification = standing_notification_of(request) if notified else None
    notified_on = notification.notified_on if notification else None
    # The appeals client_requests loaded with it (none loaded: the clock runs on as if none).
    appeals: list[Appeal] = getattr(request, "appeal_rows", [])
    if decided and decided_on is None:
        decision_clock = Clock(deadlines.ClockStatus.UNKNOWN)
    else:
        decision_clock = deadlines.decision_clock(
            received_on=request.received_on, decided_on=decided_on, today=today
        )
    return RequestClocks(
        decision=decision_clock,
        notification=deadlines.notification_clock(
            decided=decided, decided_on=decided_on, notified_on=notified_on, today=today
        ),
        appeal=deadlines.appeal_clock(
            received_on=request.received_on,
            decided=decided,
            notified=notified,
            notified_on=notified_on,
            today=today,
            appealed_on=min((appeal.lodged_on for appeal in appeals), default=None),
        ),
    )


def forwarding_due(request: Request) -> dt.date:
    """The last day to forward `request` (5 days from its receipt)."""
    return deadlines.last_day_in_days(request.received_on, deadlines.FORWARDING_DAYS)


def decision_due(request: Request) -> dt.date:
    """The last day to decide `request` (30 days from its receipt), as the receipt states it."""
    return deadlines.last_day_in_days(request.received_on, deadlines.DECISION_DAYS)


# --- requests near or past a deadline: the worker's home and the lead's team page ------------

DeadlineScope = Literal["assigned", "led"]


def _standing_decided_on() -> Subquery:
    """The date of the request's standing decision (an urgent decision the committee did not
    ratify does not stand), for an annotation."""
    standing = Decision.objects.standing().filter(request=OuterRef("pk"))
    return Subquery(standing.order_by("-decided_on", "-pk").values("decided_on")[:1])


def _requests_in_scope(*, user: User, roles: Roles, scope: DeadlineScope) -> QuerySet[Request]:
    """The requests of the clients assigned to the user now ("assigned") or of the teams the
    user leads ("led")."""
    if scope == "assigned":
        clients = clients_assigned_to(user, roles=roles)
        return Request.objects.filter(client__in=clients.values("pk"))
    return Request.objects.filter(client__team_id__in=roles.lead_team_ids)


def _for_a_deadline_row(requests: QuerySet[Request]) -> QuerySet[Request]:
    return requests.select_related("client", "kind").only(
        "client_id",
        "kind_id",
        "received_on",
        "state",
        "client__first_name",
        "client__last_name",
        "kind__name_nl",
        "kind__name_en",
    )


def requests_decision_due(
    *, user: User, scope: DeadlineScope, today: dt.date, roles: Roles | None = None
) -> QuerySet[Request]:
    """The open requests (received, under inquiry, proposed) whose 30 days end within
    DECISION_SOON_DAYS of `today` or have ended, longest past first. The last day is chosen
    in the query, exactly, on the date of receipt (deadlines.latest_act_due_by)."""
    roles = roles if roles is not None else roles_for(user)
    received_by = deadlines.latest_act_due_by(
        today + dt.timedelta(days=deadlines.DECISION_SOON_DAYS), deadlines.DECISION_DAYS
    )
    return _for_a_deadline_row(
        _requests_in_scope(user=user, roles=roles, scope=scope)
        .filter(state__in=Request.OPEN_STATES, received_on__lte=received_by)
        .order_by("received_on", "pk")
    )


def requests_notification_due(
    *, user: User, scope: DeadlineScope, today: dt.date, roles: Roles | None = None
) -> QuerySet[Request]:
    """The decided requests not notified yet whose 8 days from the standing decision
    (`standing_decided_on`) end within NOTIFICATION_SOON_DAYS of `today` or have ended,
    longest past first. A decided request without a recorded decision has no clock to show
    (unknown, not late) and is left out."""
    roles = roles if roles is not None else roles_for(user)
    decided_by = deadlines.latest_act_due_by(
        today + dt.timedelta(days=deadlines.NOTIFICATION_SOON_DAYS), deadlines.NOTIFICATION_DAYS
    )
    return _for_a_deadline_row(
        _requests_in_scope(user=user, roles=roles, scope=scope)
        .filter(state=Request.State.DECIDED)
        .annotate(standing_decided_on=_standing_decided_on())
        .filter(standing_decided_on__lte=decided_by)
        .order_by("standing_decided_on", "pk")
    )


def request_figure_rows(
    *, user: User, since: dt.date, roles: Roles | None = None
) -> QuerySet[Request, tuple[dt.date, dt.date | None, str]]:
    """(received on, date of the standing decision or None, state) of every request of the
    led teams received on or after `since`: what the monthly figures count, in one query."""
    roles = roles if roles is not None else roles_for(user)
    return (
        Request.objects.filter(client__team_id__in=roles.lead_team_ids, received_on__gte=since)
        .annotate(standing_decided_on=_standing_decided_on())
        .values_list("received_on", "standing_decided_on", "state")
    )
