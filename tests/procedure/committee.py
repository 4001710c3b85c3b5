"""Requests on their way to the committee, made through the services (inquiry, proposal, an
urgent decision of the chair), for the tests of committee sessions."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from clients.models import Client
from procedure.models import Decision, Request, RequestKind
from procedure.services import decisions
from tests.factories import HelpRequestFactory, RequestKindFactory
from wijkteams.models import User


def kind_in_kind() -> RequestKind:
    """Seeded by procedure's migrations (no amount, no home visit); made again after a flush."""
    return RequestKindFactory.create(
        code="food_material_aid",
        name_nl="Voedsel- of materiële hulp",
        name_en="Food or material aid",
    )


def kind_with_amount() -> RequestKind:
    return RequestKindFactory.create(
        code="heating_allowance",
        name_nl="Verwarmingstoelage",
        name_en="Heating allowance",
        has_amount=True,
    )


def proposed(
    worker: User,
    client: Client,
    *,
    received_on: dt.date | None = None,
    kind: RequestKind | None = None,
    outcome: str = "grant",
    amount: Decimal | None = None,
    months: int | None = None,
    motivation: str = "Geen inkomen sinds februari.",
) -> Request:
    """A request of `client` received on `received_on` (today), inquired into and proposed by
    `worker`; without a delegation the committee decides it."""
    received_on = received_on or timezone.localdate()
    request = HelpRequestFactory.create(
        client=client,
        kind=kind or kind_in_kind(),
        received_on=received_on,
        received_by=worker,
    )
    decisions.inquiry_save(
        actor=worker,
        request=request,
        expected_version=1,
        findings={"income": "Geen inkomen."},
        home_visit_on=None,
    )
    decisions.proposal_submit(
        actor=worker,
        request=request,
        expected_version=2,
        outcome=outcome,
        motivation=motivation,
        amount=amount,
        starts_on=received_on if amount is not None else None,
        months=months,
    )
    request.refresh_from_db()
    return request


def urgent(lead: User, request: Request, *, decided_on: dt.date | None = None) -> Decision:
    """The chair decided `request` alone (granted), recorded by `lead`."""
    return decisions.decision_record_urgent(
        actor=lead,
        request=request,
        expected_version=request.version,
        outcome="granted",
        motivation="Dringend: huur achterstallig.",
        decided_on=decided_on or request.received_on,
    )
