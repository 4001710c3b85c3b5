"""A request taken through the procedure's steps by the services themselves (no factory writes
the rows a service would): inquiry, proposal, decision, notification. The dates fit the
`today` fixture (Monday 16 March 2026) and a receipt on Thursday 12 March 2026."""

import datetime as dt
from decimal import Decimal

from clients.models import Client
from procedure.models import Decider, Delegation, Request, RequestKind
from procedure.services import decisions
from tests.factories import HelpRequestFactory, request_kind
from wijkteams.models import User

RECEIVED_ON = dt.date(2026, 3, 12)
HOME_VISIT_ON = dt.date(2026, 3, 13)
DECIDED_ON = dt.date(2026, 3, 16)
AMOUNT = Decimal("500.00")
STARTS_ON = dt.date(2026, 4, 1)


def amount_kind() -> RequestKind:
    """A seeded kind granted as an amount and with a home visit, which no higher app takes over
    (the leefloon's proposals rest on integration's calculation), made again with those flags
    when a transactional test emptied the table."""
    kind = request_kind("equivalent_leefloon")
    if not (kind.has_amount and kind.home_visit_required):
        RequestKind.objects.filter(pk=kind.pk).update(has_amount=True, home_visit_required=True)
        kind.refresh_from_db()
    return kind


def delegate_to_team_leads(kind: RequestKind, up_to: Decimal | None = None) -> Delegation:
    return Delegation.objects.create(
        kind=kind, decider=Decider.TEAM_LEAD, up_to_amount=up_to, covers_refusals=True
    )


def received(client: Client, worker: User, kind: RequestKind | None = None) -> Request:
    return HelpRequestFactory.create(
        client=client,
        kind=kind or amount_kind(),
        received_by=worker,
        received_on=RECEIVED_ON,
        location="Sociaal huis",
    )


def _fresh(request: Request) -> Request:
    return Request.objects.select_related("client", "kind").get(pk=request.pk)


def inquired(request: Request, worker: User) -> Request:
    decisions.inquiry_save(
        actor=worker,
        request=request,
        expected_version=_fresh(request).version,
        findings={"income": "Geen inkomen sinds februari.", "housing": "Huurt een studio."},
        home_visit_on=HOME_VISIT_ON,
    )
    return _fresh(request)


def proposed(request: Request, worker: User, *, outcome: str = "grant") -> Request:
    request = inquired(request, worker)
    grant = outcome == "grant"
    decisions.proposal_submit(
        actor=worker,
        request=request,
        expected_version=request.version,
        outcome=outcome,
        motivation="Geen inkomen, geen andere rechten open.",
        amount=AMOUNT if grant else None,
        starts_on=STARTS_ON if grant else None,
        months=3 if grant else None,
    )
    return _fresh(request)


def decided(request: Request, worker: User, lead: User) -> Request:
    """Proposed by `worker`, decided by `lead` (the kind must be delegated to team leads)."""
    request = proposed(request, worker)
    decisions.decision_record_delegated(
        actor=lead,
        request=request,
        expected_version=request.version,
        outcome="granted",
        motivation="Toegekend: geen bestaansmiddelen.",
        decided_on=DECIDED_ON,
        amount=AMOUNT,
        starts_on=STARTS_ON,
        months=3,
    )
    return _fresh(request)


def notified(request: Request, worker: User, lead: User, letter_id: int | None = None) -> Request:
    request = decided(request, worker, lead)
    decisions.notification_record(
        actor=worker,
        request=request,
        expected_version=request.version,
        notified_on=DECIDED_ON,
        way="registered",
        letter_id=letter_id,
    )
    return _fresh(request)
