"""A leefloon request up to its proposal resting on a calculation, and the delegated decision on
it, for the tests of granted leefloons (the proposal is stored as the procedure's form would,
so these tests do not depend on who registers the proposal basis)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from clients.models import Client
from integration.models import CALCULATION_LINK, LeefloonCalculation
from procedure.models import Decider, Decision, Outcome, Proposal, Request
from procedure.services.decisions import decision_record_delegated
from tests.factories import (
    HelpRequestFactory,
    LeefloonCalculationFactory,
    request_kind,
)
from wijkteams.models import User

RECEIVED = dt.date(2026, 3, 10)


def proposed_leefloon(
    client: Client, worker: User, *, received_on: dt.date = RECEIVED, linked: bool = True
) -> tuple[Request, LeefloonCalculation]:
    request = HelpRequestFactory.create(
        client=client,
        kind=request_kind("leefloon"),
        received_on=received_on,
        received_by=worker,
        state=Request.State.PROPOSED,
    )
    calculation = LeefloonCalculationFactory.create(request=request, created_by=worker)
    Proposal.objects.create(
        request=request,
        outcome=Outcome.GRANT,
        amount=calculation.monthly_amount,
        starts_on=received_on,
        months=12,
        motivation="Geen inkomen.",
        link_code=CALCULATION_LINK if linked else "",
        link_id=calculation.pk if linked else None,
        decider=Decider.TEAM_LEAD,
        proposed_by=worker,
        proposed_at=timezone.now(),
    )
    return request, calculation


def decide(
    lead: User,
    request: Request,
    *,
    outcome: str = "granted",
    amount: Decimal | None = Decimal("1314.20"),
    starts_on: dt.date | None = None,
    months: int | None = 12,
) -> Decision:
    request.refresh_from_db()
    grant = outcome != "refused"
    return decision_record_delegated(
        actor=lead,
        request=request,
        expected_version=request.version,
        outcome=outcome,
        motivation="Akkoord.",
        decided_on=timezone.localdate(),
        amount=amount if grant else None,
        starts_on=(starts_on or request.received_on) if grant else None,
        months=months if grant else None,
    )
