"""Supplementary aid in the procedure (issue 19): budgets plugs in through procedure.registry.
The proposal basis (the client's saved calculations, checked by the procedure), the decision
listener (the aid proposal follows the procedure's decision, also an urgent one the committee
does not ratify), the withdrawal listener, and the whole path from a calculation to aid the
rights scan counts.

Time stands on Monday 16 March 2026; requests are received on 1 March.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgets.log_actions import LOG_APPROVED, LOG_PROPOSED, LOG_REOPENED
from budgets.models import AidCalculation, AidDecision, AidPolicy
from budgets.services.calculations import aid_calculation_save
from budgets.services.decisions import aid_decision_propose
from clients.models import AccessLog, Client
from procedure import registry
from procedure.models import Decider, Decision, Delegation, Proposal, Request
from procedure.services.decisions import (
    decision_record_delegated,
    decision_record_urgent,
    proposal_submit,
)
from rights.scan.reads import batch_rows
from tests.budgets.aid_requests import (
    decide,
    delegate_to_team_leads,
    request_of,
    request_under_inquiry,
)
from tests.conftest import TODAY
from tests.factories import (
    AidCalculationFactory,
    aid_policy,
    budget_version,
    client_of,
    request_kind,
    team_lead,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.usefixtures("today")

NEXT_MONTH = dt.date(2026, 4, 1)
IN_APRIL = dt.date(2026, 4, 15)


@pytest.fixture
def policy(db: None) -> AidPolicy:
    budget_version(name="Referentiebudget 2026")
    return aid_policy(name="Steunbeleid 2026")


@pytest.fixture
def second_lead(team: Wijkteam) -> User:
    return team_lead(team, username="lead2.test", first_name="Els", last_name="Maes")


def _calculation(actor: User, client: Client) -> AidCalculation:
    Client.objects.filter(pk=client.pk).update(
        household_confirmed_on=TODAY, tenure=Client.Tenure.OWNER
    )
    client.refresh_from_db()
    return aid_calculation_save(actor=actor, client=client, on=TODAY)


def _propose(actor: User, calculation: AidCalculation, **fields: Any) -> AidDecision:
    values: dict[str, Any] = {
        "request": request_under_inquiry(calculation.client),
        "amount": Decimal("250.00"),
        "starts_on": NEXT_MONTH,
        "months": 3,
        "motivation": "Structureel tekort.",
        "activation_commitment": "Opleiding.",
        **fields,
    }
    return aid_decision_propose(actor=actor, calculation=calculation, **values)


def _covered_in_april(client: Client) -> bool:
    """What the rights scan reads: an approved aid decision covers April."""
    return client.pk in batch_rows([client], on=IN_APRIL).decision_covers_month


def _tell_the_listeners(decision: Decision) -> None:
    """What the procedure does when the committee does not ratify an urgent decision (the
    committee's sessions build it): the decision is marked, and the listeners are told."""
    Decision.objects.filter(pk=decision.pk).update(ratification=Decision.Ratification.NOT_RATIFIED)
    decision.refresh_from_db()
    for listener in registry.decision_listeners():
        listener(decision)


# --- the proposal basis ---------------------------------------------------------------------


def test_budgets_registers_the_calculation_as_the_basis_of_supplementary_aid(db: None) -> None:
    basis = registry.proposal_basis_for("supplementary_aid")
    assert basis is not None
    assert basis.link_code == "budgets.calculation"
    assert registry.proposal_basis_by_link("budgets.calculation") is basis
    assert basis.required


def test_the_basis_offers_the_clients_calculations_newest_first(worker: User) -> None:
    client = client_of(worker)
    older = AidCalculationFactory.create(
        client=client, calculated_on=dt.date(2026, 2, 2), proposed_aid=Decimal("1234.50")
    )
    newer = AidCalculationFactory.create(
        client=client, calculated_on=dt.date(2026, 3, 10), proposed_aid=Decimal("0.00")
    )
    AidCalculationFactory.create(client=client_of(worker))  # another client's
    basis = registry.proposal_basis_for("supplementary_aid")
    assert basis is not None
    choices = basis.choices(client)
    assert [choice.id for choice in choices] == [newer.pk, older.pk]
    assert choices[1].label == "berekening van 02/02/2026: € 1.234,50 per maand"
    assert [choice.amount for choice in choices] == [Decimal("0.00"), Decimal("1234.50")]
    assert basis.url(client, older.pk) == reverse(
        "budgets:calculation_detail", args=[client.pk, older.pk]
    )


def _submit(actor: User, request: Request, link_id: int | None) -> Proposal:
    return proposal_submit(
        actor=actor,
        request=request,
        expected_version=request.version,
        outcome="grant",
        motivation="Tekort.",
        amount=Decimal("200.00"),
        starts_on=NEXT_MONTH,
        months=2,
        link_id=link_id,
    )


def test_the_procedure_refuses_another_clients_calculation(worker: User) -> None:
    client = client_of(worker)
    request = request_under_inquiry(client)
    others = AidCalculationFactory.create(client=client_of(worker))
    with pytest.raises(ValidationError) as refused:
        _submit(worker, request, others.pk)
    assert "link_id" in refused.value.message_dict
    assert not Proposal.objects.exists()


def test_the_procedure_needs_a_calculation_to_grant_supplementary_aid(worker: User) -> None:
    request = request_under_inquiry(client_of(worker))
    with pytest.raises(ValidationError) as refused:
        _submit(worker, request, None)
    assert "link_id" in refused.value.message_dict


def test_the_procedure_links_the_clients_own_calculation(worker: User) -> None:
    client = client_of(worker)
    own = AidCalculationFactory.create(client=client)
    proposal = _submit(worker, request_under_inquiry(client), own.pk)
    assert (proposal.link_code, proposal.link_id) == ("budgets.calculation", own.pk)


# --- the whole path ---------------------------------------------------------------------------


def test_calculation_to_approved_aid_through_the_procedure(
    worker: User, lead: User, policy: AidPolicy
) -> None:
    """A calculation, the proposal on a request under inquiry, the delegated decision of a
    team lead who did not propose it: the aid is approved, and the rights scan counts it."""
    delegate_to_team_leads()
    client = client_of(worker)
    calculation = _calculation(worker, client)
    request = request_under_inquiry(client)
    aid = aid_decision_propose(
        actor=worker,
        calculation=calculation,
        request=request,
        amount=Decimal("450.00"),
        starts_on=NEXT_MONTH,
        months=3,
        motivation="Structureel tekort.",
        activation_commitment="Opleiding logistiek.",
    )
    assert not _covered_in_april(client)
    decision = decide(lead, aid, motivation="Het tekort is structureel.")
    aid.refresh_from_db()
    assert aid.status == AidDecision.Status.APPROVED
    assert (aid.amount, aid.starts_on, aid.months) == (Decimal("450.00"), NEXT_MONTH, 3)
    assert (aid.proposed_by, aid.decided_by) == (worker, lead)
    assert aid.decision_motivation == "Het tekort is structureel."
    assert (decision.proposed_by, decision.decided_by, decision.body) == (
        worker,
        lead,
        Decision.Body.TEAM_LEAD,
    )
    request.refresh_from_db()
    assert request.state == Request.State.DECIDED
    assert _covered_in_april(client)
    logged = set(AccessLog.objects.filter(client=client).values_list("what_key", flat=True))
    assert {LOG_PROPOSED, LOG_APPROVED, "procedure.proposed", "procedure.decided"} <= logged


def test_a_grant_proposed_in_the_procedure_itself_is_recorded_as_approved_aid(
    worker: User, lead: User
) -> None:
    """The request's own proposal form offers the calculations too: the grant still reaches
    budgets, which the rights scan reads."""
    delegate_to_team_leads()
    client = client_of(worker)
    calculation = AidCalculationFactory.create(client=client)
    request = request_under_inquiry(client)
    proposal = _submit(worker, request, calculation.pk)
    request.refresh_from_db()
    decision_record_delegated(
        actor=lead,
        request=request,
        expected_version=request.version,
        outcome="granted",
        motivation="Akkoord.",
        decided_on=TODAY,
        amount=Decimal("200.00"),
        starts_on=NEXT_MONTH,
        months=2,
    )
    aid = AidDecision.objects.get(request=request)
    assert (aid.status, aid.calculation, aid.amount, aid.months) == (
        AidDecision.Status.APPROVED,
        calculation,
        Decimal("200.00"),
        2,
    )
    assert (aid.proposed_by, aid.decided_by, aid.motivation) == (worker, lead, "Tekort.")
    assert aid.proposed_at == proposal.proposed_at
    assert _covered_in_april(client)


def test_a_refusal_proposed_in_the_procedure_itself_adds_no_aid_decision(
    worker: User, lead: User
) -> None:
    delegate_to_team_leads()
    client = client_of(worker)
    calculation = AidCalculationFactory.create(client=client)
    request = request_under_inquiry(client)
    _submit(worker, request, calculation.pk)
    request.refresh_from_db()
    decision_record_delegated(
        actor=lead,
        request=request,
        expected_version=request.version,
        outcome="refused",
        motivation="Nee.",
        decided_on=TODAY,
    )
    assert not AidDecision.objects.exists()


def test_a_decision_on_another_kind_of_help_leaves_aid_alone(
    worker: User, lead: User, policy: AidPolicy
) -> None:
    aid = _propose(worker, _calculation(worker, client_of(worker)))
    medical = request_kind("medical_card")
    Delegation.objects.create(kind=medical, decider=Decider.TEAM_LEAD, covers_refusals=True)
    other = request_under_inquiry(aid.client, kind=medical)
    proposal_submit(
        actor=worker,
        request=other,
        expected_version=other.version,
        outcome="grant",
        motivation="Medische kosten.",
    )
    other.refresh_from_db()
    decision_record_delegated(
        actor=lead,
        request=other,
        expected_version=other.version,
        outcome="granted",
        motivation="Akkoord.",
        decided_on=TODAY,
    )
    assert AidDecision.objects.get(pk=aid.pk).status == AidDecision.Status.PROPOSED


# --- an urgent decision, not ratified -------------------------------------------------------


def _urgent(lead: User, aid: AidDecision, outcome: str = "granted") -> Decision:
    request = request_of(aid)
    grant = outcome == "granted"
    return decision_record_urgent(
        actor=lead,
        request=request,
        expected_version=request.version,
        outcome=outcome,
        motivation="Dringend: huurachterstand.",
        decided_on=TODAY,
        amount=Decimal("300.00") if grant else None,
        starts_on=NEXT_MONTH if grant else None,
        months=1 if grant else None,
    )


def test_an_urgent_grant_approves_the_aid_until_the_committee_says_otherwise(
    worker: User, lead: User, policy: AidPolicy
) -> None:
    aid = _propose(worker, _calculation(worker, client_of(worker)))
    urgent = _urgent(lead, aid)
    aid.refresh_from_db()
    assert (aid.status, aid.amount, aid.months) == (
        AidDecision.Status.APPROVED,
        Decimal("300.00"),
        1,
    )
    assert _covered_in_april(aid.client)

    _tell_the_listeners(urgent)
    aid.refresh_from_db()
    # Open again, as proposed: the committee's own decision on the request decides it, and
    # meanwhile nothing counts as granted (no letter, the rights scan sees no aid).
    assert aid.status == AidDecision.Status.PROPOSED
    assert (aid.amount, aid.starts_on, aid.months) == (Decimal("250.00"), NEXT_MONTH, 3)
    assert (aid.decided_by, aid.decided_at, aid.decision_motivation) == (None, None, "")
    assert not _covered_in_april(aid.client)
    row = AccessLog.objects.get(client=aid.client, what_key=LOG_REOPENED)
    assert (row.action, row.actor, row.actor_label) == (AccessLog.Action.CHANGE, None, "procedure")


def test_an_urgent_refusal_not_ratified_opens_the_proposal_again(
    worker: User, lead: User, policy: AidPolicy
) -> None:
    aid = _propose(worker, _calculation(worker, client_of(worker)))
    urgent = _urgent(lead, aid, outcome="refused")
    assert AidDecision.objects.get(pk=aid.pk).status == AidDecision.Status.REJECTED
    _tell_the_listeners(urgent)
    assert AidDecision.objects.get(pk=aid.pk).status == AidDecision.Status.PROPOSED


def test_no_new_proposal_while_an_urgent_decision_waits_for_ratification(
    worker: User, lead: User, policy: AidPolicy
) -> None:
    aid = _propose(worker, _calculation(worker, client_of(worker)))
    _urgent(lead, aid)
    with pytest.raises(ValidationError) as refused:
        _propose(worker, aid.calculation)
    assert "bekrachtiging" in " ".join(refused.value.message_dict["__all__"])
    assert AidDecision.objects.count() == 1


def test_not_ratified_while_another_proposal_is_open_waits_withdrawn(
    worker: User, lead: User, policy: AidPolicy
) -> None:
    """One open proposal per client holds: the other (made in the procedure's own form, which
    budgets does not check) stays open, this one waits withdrawn for the committee's decision,
    which the listener follows whatever the status."""
    delegate_to_team_leads()
    client = client_of(worker)
    first_request = request_under_inquiry(client)
    calculation = AidCalculationFactory.create(client=client)
    _submit(worker, first_request, calculation.pk)
    first_request.refresh_from_db()
    urgent = decision_record_urgent(
        actor=lead,
        request=first_request,
        expected_version=first_request.version,
        outcome="granted",
        motivation="Dringend.",
        decided_on=TODAY,
        amount=Decimal("200.00"),
        starts_on=NEXT_MONTH,
        months=2,
    )
    other = AidDecision.objects.create(
        client=client,
        calculation=calculation,
        amount=Decimal("100.00"),
        starts_on=NEXT_MONTH,
        months=1,
        motivation="Ander voorstel.",
        proposed_by=worker,
        proposed_at=urgent.created_at,
    )
    _tell_the_listeners(urgent)
    assert AidDecision.objects.get(request=first_request).status == AidDecision.Status.WITHDRAWN
    assert AidDecision.objects.get(pk=other.pk).status == AidDecision.Status.PROPOSED
