"""The procedure's path around an aid proposal, for the tests of budgets: a request for
supplementary aid under inquiry (registered, its social inquiry written with the home visit),
the delegation that lets a team lead decide it, and the delegated decision itself."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from budgets.models import SUPPLEMENTARY_AID, AidDecision
from clients.models import Client
from clients.selectors import current_assignment
from procedure.models import Decider, Decision, Delegation, Request, RequestKind
from procedure.services.decisions import decision_record_delegated, inquiry_save
from procedure.services.requests import request_register
from tests.factories import RequestKindFactory
from wijkteams.models import User


def supplementary_aid() -> RequestKind:
    """The kind seeded by procedure's migrations (made again, with its flags, when a
    transactional test's flush emptied the table)."""
    return RequestKindFactory.create(
        code=SUPPLEMENTARY_AID,
        name_nl="Aanvullende financiële hulp",
        name_en="Supplementary financial aid",
        has_amount=True,
        home_visit_required=True,
    )


def request_under_inquiry(
    client: Client,
    *,
    actor: User | None = None,
    received_on: dt.date | None = None,
    kind: RequestKind | None = None,
) -> Request:
    """A request of `kind` (default: supplementary aid) of `client`, registered by `actor`
    (default: the client's social worker) on `received_on` (default: the first of this month),
    with its social inquiry and home visit on the same day."""
    if actor is None:
        assignment = current_assignment(client)
        assert assignment is not None
        actor = assignment.worker
    received_on = received_on or timezone.localdate().replace(day=1)
    request = request_register(
        actor=actor,
        client=client,
        kind=kind or supplementary_aid(),
        received_on=received_on,
        location="Sociaal huis",
        own_words="Ik kom niet rond met mijn inkomen.",
    )
    inquiry_save(
        actor=actor,
        request=request,
        expected_version=request.version,
        findings={"income": "Leefloon, hoge huur.", "housing": "Huurt privé."},
        home_visit_on=received_on,
    )
    request.refresh_from_db()
    return request


def delegate_to_team_leads(*, up_to: Decimal | None = None) -> Delegation:
    """The council's delegation: a team lead decides supplementary aid (up to `up_to` a month;
    None: any amount), refusals too."""
    delegation, _created = Delegation.objects.update_or_create(
        kind=supplementary_aid(),
        decider=Decider.TEAM_LEAD,
        defaults={"up_to_amount": up_to, "covers_refusals": True},
    )
    return delegation


def request_of(aid: AidDecision) -> Request:
    """The request `aid` answers, as it is now in the database."""
    assert aid.request_id is not None
    return Request.objects.get(pk=aid.request_id)


def decide(
    lead: User,
    aid: AidDecision,
    *,
    outcome: str = "granted",
    motivation: str = "Akkoord.",
    amount: Decimal | None = None,
    starts_on: dt.date | None = None,
    months: int | None = None,
) -> Decision:
    """`lead` records the delegated decision on the request of `aid`: a grant takes the
    proposal's amount and period unless others are given; a refusal names none."""
    request = request_of(aid)
    grant = outcome != "refused"
    return decision_record_delegated(
        actor=lead,
        request=request,
        expected_version=request.version,
        outcome=outcome,
        motivation=motivation,
        decided_on=timezone.localdate(),
        amount=(amount or aid.amount) if grant else None,
        starts_on=(starts_on or aid.starts_on) if grant else None,
        months=(months or aid.months) if grant else None,
    )
