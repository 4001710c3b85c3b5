"""Aid proposals and decisions: the rules of the services, the proposal submitted on a request
for supplementary aid in the procedure, the procedure's decision followed (four eyes), the pages
(propose, team list, detail, withdraw) and the Dutch decision letter.

Since issue 19 the team lead no longer approves or rejects here: the procedure decides (a
delegated team lead, or the committee) and the aid proposal follows. The tests that approved or
rejected through budgets' own services now decide through the procedure's delegated decision
(tests/budgets/aid_requests.py) and assert the same outcome on the aid proposal.

Time stands on Monday 16 March 2026: "this month" is March, "next month" April. Requests are
received on 1 March unless a test says otherwise.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.template.loader import render_to_string
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from budgets.log_actions import (
    LOG_APPROVED,
    LOG_LISTED,
    LOG_PROPOSED,
    LOG_REJECTED,
    LOG_WITHDRAWN,
)
from budgets.models import AidCalculation, AidDecision, AidPolicy
from budgets.selectors.decisions import decisions_for_client
from budgets.services.calculations import aid_calculation_save
from budgets.services.decisions import aid_decision_propose, aid_decision_withdraw
from clients.models import AccessLog, Client
from clients.services import EditConflictError
from procedure.models import AgendaItem, Decider, Delegation, Proposal, Request
from procedure.services.decisions import notification_record
from procedure.services.sessions import agenda_item_record, session_plan
from tests.budgets.aid_requests import (
    decide,
    delegate_to_team_leads,
    request_of,
    request_under_inquiry,
)
from tests.conftest import TODAY, login
from tests.factories import (
    AidDecisionFactory,
    MembershipFactory,
    WijkteamFactory,
    aid_policy,
    budget_version,
    client_of,
    committee_member,
    social_worker,
    team_lead,
)
from wijkteams.models import Membership, User, Wijkteam

pytestmark = pytest.mark.usefixtures("today")

THIS_MONTH = dt.date(2026, 3, 1)
NEXT_MONTH = dt.date(2026, 4, 1)


def _policy(**fields: Any) -> AidPolicy:
    """A published budget version and a policy (100 % of the gap, 6 months, activation)."""
    budget_version(name="Referentiebudget 2026")
    return aid_policy(name="Steunbeleid 2026", **fields)


@pytest.fixture
def policy(db: None) -> AidPolicy:
    return _policy()


@pytest.fixture(autouse=True)
def _delegated(db: None) -> None:
    """The council delegated supplementary aid to team leads, whatever the amount."""
    delegate_to_team_leads()


@pytest.fixture
def second_lead(team: Wijkteam) -> User:
    return team_lead(team, username="lead2.test", first_name="Els", last_name="Maes")


def _calculation(actor: User, client: Client) -> AidCalculation:
    # A calculation is saved only from a known household and housing.
    Client.objects.filter(pk=client.pk).update(
        household_confirmed_on=TODAY, tenure=Client.Tenure.OWNER
    )
    client.refresh_from_db()
    return aid_calculation_save(actor=actor, client=client, on=TODAY)


def _propose(
    actor: User, calculation: AidCalculation, request: Request | None = None, **fields: Any
) -> AidDecision:
    """`actor` proposes on `calculation`, answering `request` (default: a new request of the
    client under inquiry)."""
    if request is None:
        request = request_under_inquiry(calculation.client)
    values: dict[str, Any] = {
        "amount": Decimal("250.00"),
        "starts_on": NEXT_MONTH,
        "months": 3,
        "motivation": "Structureel tekort na de scheiding.",
        "activation_commitment": "Volgt een opleiding logistiek.",
        **fields,
    }
    return aid_decision_propose(actor=actor, calculation=calculation, request=request, **values)


@pytest.fixture
def proposal(worker: User, policy: AidPolicy) -> AidDecision:
    return _propose(worker, _calculation(worker, client_of(worker)))


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- proposing ----------------------------------------------------------------------------


def test_worker_proposes_aid_on_a_saved_calculation(worker: User, policy: AidPolicy) -> None:
    client = client_of(worker)
    calculation = _calculation(worker, client)
    decision = _propose(worker, calculation, amount=Decimal("250.00"))
    decision.refresh_from_db()
    assert decision.status == AidDecision.Status.PROPOSED
    assert decision.client == client
    assert decision.calculation == calculation
    assert decision.proposed_by == worker
    assert decision.ends_on == dt.date(2026, 6, 30)


def test_the_proposal_is_submitted_on_the_request_in_the_procedure(
    worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    request = request_under_inquiry(calculation.client)
    decision = _propose(worker, calculation, request, amount=Decimal("250.00"), months=3)
    assert decision.request == request
    request.refresh_from_db()
    assert request.state == Request.State.PROPOSED
    proposal = Proposal.objects.get(request=request)
    assert (proposal.outcome, proposal.amount, proposal.starts_on, proposal.months) == (
        "grant",
        Decimal("250.00"),
        NEXT_MONTH,
        3,
    )
    assert (proposal.link_code, proposal.link_id) == ("budgets.calculation", calculation.pk)
    assert proposal.proposed_by == worker
    assert proposal.motivation == "Structureel tekort na de scheiding."


def test_the_procedure_routes_the_proposal_by_the_delegation_table(
    worker: User, lead: User, policy: AidPolicy
) -> None:
    delegate_to_team_leads(up_to=Decimal("300.00"))
    calculation = _calculation(worker, client_of(worker))
    small = _propose(worker, calculation, amount=Decimal("300.00"))
    assert Proposal.objects.get(request=small.request_id).decider == Decider.TEAM_LEAD
    decide(lead, small, outcome="refused", motivation="Nee.")
    large = _propose(worker, calculation, amount=Decimal("300.01"))
    assert Proposal.objects.get(request=large.request_id).decider == Decider.COMMITTEE


def test_proposal_writes_an_access_log_row(worker: User, proposal: AidDecision) -> None:
    row = AccessLog.objects.get(client=proposal.client, what_key=LOG_PROPOSED)
    assert (row.actor, row.action) == (worker, AccessLog.Action.CREATE)


def test_colleague_cannot_propose(worker: User, team: Wijkteam, policy: AidPolicy) -> None:
    calculation = _calculation(worker, client_of(worker))
    with pytest.raises(PermissionDenied):
        _propose(social_worker(team), calculation)
    assert not AidDecision.objects.exists()
    assert not Proposal.objects.exists()


def test_team_lead_may_propose(worker: User, lead: User, policy: AidPolicy) -> None:
    decision = _propose(lead, _calculation(worker, client_of(worker)))
    assert decision.proposed_by == lead


def test_a_proposal_needs_a_request(worker: User, policy: AidPolicy) -> None:
    calculation = _calculation(worker, client_of(worker))
    with pytest.raises(ValidationError) as excinfo:
        aid_decision_propose(
            actor=worker,
            calculation=calculation,
            request=None,
            amount=Decimal("250.00"),
            starts_on=NEXT_MONTH,
            months=3,
            motivation="Tekort.",
            activation_commitment="Opleiding.",
        )
    assert "help_request" in _errors(excinfo)
    assert not AidDecision.objects.exists()


def test_a_request_of_another_client_is_refused(worker: User, policy: AidPolicy) -> None:
    calculation = _calculation(worker, client_of(worker))
    others = request_under_inquiry(client_of(worker))
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, calculation, others)
    assert "help_request" in _errors(excinfo)
    assert not AidDecision.objects.exists()
    others.refresh_from_db()
    assert others.state == Request.State.UNDER_INQUIRY


def test_a_request_not_under_inquiry_is_refused_and_nothing_is_saved(
    worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    request = request_under_inquiry(calculation.client)
    _propose(worker, calculation, request)
    AidDecision.objects.all().delete()  # as if budgets had not seen it: the procedure refuses
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, calculation, request)
    assert "voorgesteld" in " ".join(_errors(excinfo)["__all__"])
    assert not AidDecision.objects.exists()


def test_the_procedures_rules_show_next_to_the_same_fields(worker: User, policy: AidPolicy) -> None:
    """A start before the request was received: the procedure refuses it, next to the start;
    nothing of either side is written."""
    calculation = _calculation(worker, client_of(worker))
    request = request_under_inquiry(calculation.client, received_on=dt.date(2026, 3, 12))
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, calculation, request, starts_on=THIS_MONTH)
    assert "12/03/2026" in _errors(excinfo)["starts_on"][0]
    assert not AidDecision.objects.exists()
    assert not Proposal.objects.exists()
    request.refresh_from_db()
    assert request.state == Request.State.UNDER_INQUIRY


def test_errors_of_budgets_and_the_procedure_show_together(worker: User, policy: AidPolicy) -> None:
    calculation = _calculation(worker, client_of(worker))
    request = request_under_inquiry(calculation.client, received_on=dt.date(2026, 3, 12))
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, calculation, request, starts_on=THIS_MONTH, activation_commitment="")
    assert {"starts_on", "activation_commitment"} <= set(_errors(excinfo))
    assert not Proposal.objects.exists()


def test_a_home_visit_is_required_by_the_procedure(worker: User, policy: AidPolicy) -> None:
    from procedure.models import Inquiry

    calculation = _calculation(worker, client_of(worker))
    request = request_under_inquiry(calculation.client)
    Inquiry.objects.filter(request=request).update(home_visit_on=None)
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, calculation, request)
    assert "__all__" in _errors(excinfo)  # the procedure's message, above the form
    assert not AidDecision.objects.exists()
    assert not Proposal.objects.exists()


def test_proposal_refused_above_cap(worker: User) -> None:
    _policy(monthly_cap=Decimal("300.00"))
    calculation = _calculation(worker, client_of(worker))
    request = request_under_inquiry(calculation.client)
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, calculation, request, amount=Decimal("300.01"))
    assert "amount" in _errors(excinfo)
    assert "300,00" in _errors(excinfo)["amount"][0]
    assert _propose(worker, calculation, request, amount=Decimal("300.00")).amount == Decimal(
        "300.00"
    )


def test_proposal_refused_for_zero_amount(worker: User, policy: AidPolicy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, _calculation(worker, client_of(worker)), amount=Decimal("0.00"))
    assert "amount" in _errors(excinfo)


def test_amount_above_the_calculation_is_allowed_with_a_motivation(
    worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    more = calculation.proposed_aid + Decimal("50.00")
    assert _propose(worker, calculation, amount=more).amount == more


def test_motivation_required(worker: User, policy: AidPolicy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, _calculation(worker, client_of(worker)), motivation="  ")
    assert "motivation" in _errors(excinfo)


def test_start_in_past_month_refused(worker: User, policy: AidPolicy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, _calculation(worker, client_of(worker)), starts_on=dt.date(2026, 2, 1))
    assert "starts_on" in _errors(excinfo)
    assert "retroactief" in _errors(excinfo)["starts_on"][0]


def test_start_this_month_allowed(worker: User, policy: AidPolicy) -> None:
    decision = _propose(worker, _calculation(worker, client_of(worker)), starts_on=THIS_MONTH)
    assert decision.starts_on == THIS_MONTH


def test_start_must_be_the_first_of_a_month(worker: User, policy: AidPolicy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, _calculation(worker, client_of(worker)), starts_on=dt.date(2026, 4, 15))
    assert "starts_on" in _errors(excinfo)


def test_period_longer_than_the_policy_allows_refused(worker: User) -> None:
    _policy(max_months=6)
    calculation = _calculation(worker, client_of(worker))
    request = request_under_inquiry(calculation.client)
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, calculation, request, months=7)
    assert "months" in _errors(excinfo)
    assert _propose(worker, calculation, request, months=6).months == 6


def test_activation_commitment_or_exemption_required(worker: User, policy: AidPolicy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, _calculation(worker, client_of(worker)), activation_commitment="")
    assert "activation_commitment" in _errors(excinfo)


def test_exemption_needs_a_reason(worker: User, policy: AidPolicy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _propose(
            worker,
            _calculation(worker, client_of(worker)),
            activation_commitment="",
            exemption=AidDecision.Exemption.HEALTH,
        )
    assert "exemption_reason" in _errors(excinfo)


def test_exemption_with_a_reason_replaces_the_commitment(worker: User, policy: AidPolicy) -> None:
    decision = _propose(
        worker,
        _calculation(worker, client_of(worker)),
        activation_commitment="",
        exemption=AidDecision.Exemption.HEALTH,
        exemption_reason="Langdurig ziek, attest huisarts.",
    )
    assert decision.exemption == AidDecision.Exemption.HEALTH


def test_no_commitment_needed_when_the_policy_does_not_ask_one(worker: User) -> None:
    _policy(activation_required=False)
    decision = _propose(worker, _calculation(worker, client_of(worker)), activation_commitment="")
    assert decision.activation_commitment == ""


def test_second_open_proposal_refused(worker: User, proposal: AidDecision) -> None:
    second_request = request_under_inquiry(proposal.client)
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, proposal.calculation, second_request)
    assert "__all__" in _errors(excinfo)
    assert AidDecision.objects.count() == 1
    second_request.refresh_from_db()
    assert second_request.state == Request.State.UNDER_INQUIRY


def test_new_proposal_allowed_once_the_open_one_is_decided(
    worker: User, lead: User, proposal: AidDecision
) -> None:
    decide(lead, proposal, outcome="refused", motivation="Eerst recht op huurpremie.")
    assert _propose(worker, proposal.calculation).status == AidDecision.Status.PROPOSED


# --- the procedure's decision, followed -------------------------------------------------------


def test_a_delegated_grant_approves_the_proposal(lead: User, proposal: AidDecision) -> None:
    decision = decide(lead, proposal, motivation="Akkoord.")
    aid = AidDecision.objects.get(pk=proposal.pk)
    assert aid.status == AidDecision.Status.APPROVED
    assert (aid.decided_by, aid.decision_motivation) == (lead, "Akkoord.")
    assert aid.decided_at is not None
    assert timezone.localdate(aid.decided_at) == decision.decided_on
    assert (aid.amount, aid.starts_on, aid.months) == (Decimal("250.00"), NEXT_MONTH, 3)


def test_a_grant_with_changes_approves_the_decisions_amount_and_period(
    lead: User, proposal: AidDecision
) -> None:
    decide(
        lead,
        proposal,
        outcome="amended",
        motivation="Minder, want de huurpremie loopt.",
        amount=Decimal("180.00"),
        starts_on=dt.date(2026, 5, 1),
        months=2,
    )
    aid = AidDecision.objects.get(pk=proposal.pk)
    assert aid.status == AidDecision.Status.APPROVED
    assert (aid.amount, aid.starts_on, aid.months) == (Decimal("180.00"), dt.date(2026, 5, 1), 2)
    assert aid.ends_on == dt.date(2026, 6, 30)


def test_a_delegated_refusal_rejects_the_proposal(lead: User, proposal: AidDecision) -> None:
    decide(lead, proposal, outcome="refused", motivation="Eerst huurpremie.")
    aid = AidDecision.objects.get(pk=proposal.pk)
    assert aid.status == AidDecision.Status.REJECTED
    assert (aid.decided_by, aid.decision_motivation) == (lead, "Eerst huurpremie.")
    assert aid.amount == Decimal("250.00")  # what was proposed, for the letter


@pytest.mark.parametrize(
    ("outcome", "what"), [("granted", LOG_APPROVED), ("refused", LOG_REJECTED)]
)
def test_a_followed_decision_writes_an_access_log_row(
    lead: User, proposal: AidDecision, outcome: str, what: str
) -> None:
    decide(lead, proposal, outcome=outcome, motivation="Gemotiveerd.")
    row = AccessLog.objects.get(client=proposal.client, what_key=what)
    assert (row.actor, row.action) == (lead, AccessLog.Action.CHANGE)


def test_team_lead_cannot_approve_own_proposal(
    worker: User, lead: User, second_lead: User, policy: AidPolicy
) -> None:
    decision = _propose(lead, _calculation(worker, client_of(worker)))
    with pytest.raises(PermissionDenied):
        decide(lead, decision, motivation="Zelf goedgekeurd.")
    assert AidDecision.objects.get(pk=decision.pk).status == AidDecision.Status.PROPOSED
    decide(second_lead, decision, motivation="Vier ogen.")
    assert AidDecision.objects.get(pk=decision.pk).decided_by == second_lead


def test_database_refuses_a_decision_by_the_proposer(worker: User, proposal: AidDecision) -> None:
    with pytest.raises(IntegrityError):
        AidDecision.objects.filter(pk=proposal.pk).update(
            status=AidDecision.Status.APPROVED, decided_by=worker, decided_at=timezone.now()
        )


def test_worker_cannot_decide(worker: User, proposal: AidDecision) -> None:
    with pytest.raises(PermissionDenied):
        decide(worker, proposal, motivation="Mag niet.")
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.PROPOSED


def test_lead_of_another_team_cannot_decide(proposal: AidDecision) -> None:
    other_lead = team_lead(WijkteamFactory.create(name="Heule"))
    with pytest.raises(PermissionDenied):
        decide(other_lead, proposal, motivation="Mag niet.")


@pytest.mark.parametrize("outcome", ["granted", "refused"])
def test_decision_needs_a_motivation(lead: User, proposal: AidDecision, outcome: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        decide(lead, proposal, outcome=outcome, motivation=" ")
    assert "motivation" in _errors(excinfo)
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.PROPOSED


def test_concurrent_decisions(lead: User, second_lead: User, proposal: AidDecision) -> None:
    # Both leads loaded the open request; the first grants, the second then refuses.
    from procedure.services.decisions import decision_record_delegated

    seen_by_second = request_of(proposal)
    decide(lead, proposal, motivation="Akkoord.")
    with pytest.raises(EditConflictError):
        decision_record_delegated(
            actor=second_lead,
            request=seen_by_second,
            expected_version=seen_by_second.version,
            outcome="refused",
            motivation="Niet akkoord.",
            decided_on=TODAY,
        )
    decided = AidDecision.objects.get(pk=proposal.pk)
    assert (decided.status, decided.decided_by) == (AidDecision.Status.APPROVED, lead)


def test_decision_on_a_withdrawn_proposal_refused(
    worker: User, lead: User, proposal: AidDecision
) -> None:
    aid_decision_withdraw(actor=worker, decision=proposal, reason="Werk gevonden.")
    with pytest.raises(ValidationError):
        decide(lead, proposal, motivation="Te laat.")
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.WITHDRAWN


def test_a_committee_proposal_is_not_decided_by_a_team_lead(
    worker: User, lead: User, policy: AidPolicy
) -> None:
    delegate_to_team_leads(up_to=Decimal("100.00"))
    decision = _propose(worker, _calculation(worker, client_of(worker)))
    with pytest.raises(PermissionDenied):
        decide(lead, decision)
    assert AidDecision.objects.get(pk=decision.pk).status == AidDecision.Status.PROPOSED


# --- withdrawing --------------------------------------------------------------------------


def test_proposer_withdraws_the_request_and_the_proposal(
    worker: User, proposal: AidDecision
) -> None:
    aid_decision_withdraw(actor=worker, decision=proposal, reason="Werk gevonden.")
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.WITHDRAWN
    request = request_of(proposal)
    assert (request.state, request.withdrawal_reason) == (
        Request.State.WITHDRAWN,
        "Werk gevonden.",
    )
    row = AccessLog.objects.get(client=proposal.client, what_key=LOG_WITHDRAWN)
    assert (row.actor, row.action) == (worker, AccessLog.Action.CHANGE)


def test_a_withdrawal_needs_the_reason_and_changes_nothing_without(
    worker: User, proposal: AidDecision
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        aid_decision_withdraw(actor=worker, decision=proposal, reason=" ")
    assert "reason" in _errors(excinfo)
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.PROPOSED
    assert request_of(proposal).state == Request.State.PROPOSED


def test_withdrawing_the_request_in_the_procedure_withdraws_the_proposal(
    lead: User, proposal: AidDecision
) -> None:
    from procedure.services.requests import request_withdraw

    request = request_of(proposal)
    request_withdraw(
        actor=lead, request=request, expected_version=request.version, reason="Verhuisd."
    )
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.WITHDRAWN


def test_colleague_cannot_withdraw(team: Wijkteam, proposal: AidDecision) -> None:
    with pytest.raises(PermissionDenied):
        aid_decision_withdraw(actor=social_worker(team), decision=proposal, reason="x")
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.PROPOSED


def test_decided_proposal_cannot_be_withdrawn(
    worker: User, lead: User, proposal: AidDecision
) -> None:
    decide(lead, proposal, motivation="Akkoord.")
    with pytest.raises(ValidationError):
        aid_decision_withdraw(actor=worker, decision=proposal, reason="Te laat.")
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.APPROVED


def _old_proposal(worker: User, policy: AidPolicy) -> AidDecision:
    """A proposal made before requests for help: no request."""
    calculation = _calculation(worker, client_of(worker))
    return AidDecisionFactory.create(
        client=calculation.client,
        calculation=calculation,
        amount=Decimal("250.00"),
        starts_on=NEXT_MONTH,
        proposed_by=worker,
    )


def test_a_proposal_from_before_requests_is_withdrawn_without_a_reason(
    worker: User, policy: AidPolicy
) -> None:
    old = _old_proposal(worker, policy)
    aid_decision_withdraw(actor=worker, decision=old)
    assert AidDecision.objects.get(pk=old.pk).status == AidDecision.Status.WITHDRAWN


# --- the proposal page ------------------------------------------------------------------


def _propose_url(calculation: AidCalculation) -> str:
    return reverse("budgets:decision_propose", args=[calculation.client_id, calculation.pk])


def _form_data(request: Request, **changes: str) -> dict[str, str]:
    return {
        "help_request": str(request.pk),
        "amount": "1.234,56",
        "starts_on": "2026-04-01",
        "months": "3",
        "motivation": "Hoge huur.",
        "activation_commitment": "Taalles.",
        "exemption": "",
        "exemption_reason": "",
        **changes,
    }


def test_propose_page_is_prefilled_from_the_calculation(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    request = request_under_inquiry(calculation.client)
    login(client, worker)
    response = client.get(_propose_url(calculation))
    form = response.context["form"]
    assert form.initial["amount"] == calculation.proposed_aid
    assert form.initial["starts_on"] == NEXT_MONTH
    assert form.initial["months"] == policy.max_months
    # The one request under inquiry is the only choice.
    assert form.fields["help_request"].choices == [
        (request.pk, "Aanvullende financiële hulp, ontvangen op 01/03/2026")
    ]
    assert "Referentiebudget 2026" in response.content.decode()
    assert AccessLog.objects.filter(
        client=calculation.client, actor=worker, action=AccessLog.Action.VIEW
    ).exists()


def test_propose_page_without_a_request_says_where_to_register_one(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    login(client, worker)
    page = client.get(_propose_url(calculation)).content.decode()
    assert "Registreer de aanvraag" in page
    assert reverse("procedure:file_requests", args=[calculation.client_id]) in page


def test_propose_form_creates_the_proposal(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    request = request_under_inquiry(calculation.client)
    login(client, worker)
    response = client.post(_propose_url(calculation), _form_data(request))
    decision = AidDecision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("budgets:decision_detail", args=[decision.pk])
    assert decision.amount == Decimal("1234.56")
    assert decision.request == request
    assert Proposal.objects.get(request=request).amount == Decimal("1234.56")


def test_refused_proposal_shows_the_error_and_keeps_the_input(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    request = request_under_inquiry(calculation.client)
    login(client, worker)
    response = client.post(
        _propose_url(calculation),
        _form_data(request, amount="125,50", starts_on="2026-02-01"),
    )
    assert response.status_code == 200
    assert "starts_on" in response.context["form"].errors
    assert 'value="125,50"' in response.content.decode()
    assert not AidDecision.objects.exists()
    assert not Proposal.objects.exists()


def test_the_procedures_refusal_shows_next_to_the_field_over_http(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    request = request_under_inquiry(calculation.client, received_on=dt.date(2026, 3, 12))
    login(client, worker)
    response = client.post(_propose_url(calculation), _form_data(request, starts_on="2026-03-01"))
    assert response.status_code == 200
    assert "12/03/2026" in response.context["form"].errors["starts_on"][0]
    assert "Hoge huur." in response.content.decode()  # the motivation typed, kept
    assert not AidDecision.objects.exists()
    assert not Proposal.objects.exists()


def test_a_request_of_another_client_is_refused_over_http(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    request_under_inquiry(calculation.client)
    others = request_under_inquiry(client_of(worker))
    login(client, worker)
    response = client.post(_propose_url(calculation), _form_data(others))
    assert response.status_code == 200
    assert "help_request" in response.context["form"].errors
    assert not AidDecision.objects.exists()
    assert not Proposal.objects.exists()


def test_calculation_of_another_client_is_not_found(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    other = client_of(worker)
    login(client, worker)
    url = reverse("budgets:decision_propose", args=[other.pk, calculation.pk])
    assert client.get(url).status_code == 404


# --- the detail page and withdrawing over HTTP ----------------------------------------------


def _detail_url(decision: AidDecision) -> str:
    return reverse("budgets:decision_detail", args=[decision.pk])


def test_detail_links_the_request_where_it_is_decided(
    client: HttpClient, lead: User, proposal: AidDecision
) -> None:
    login(client, lead)
    response = client.get(_detail_url(proposal))
    page = response.content.decode()
    tab = reverse("procedure:file_requests", args=[proposal.client_id])
    assert f"{tab}#aanvraag-{proposal.request_id}" in page
    assert "Voorgesteld" in page  # the request's state
    assert response.context["decider"] == "een teamverantwoordelijke (gedelegeerd)"
    assert "Goedkeuren" not in page  # no decision here any more


def test_proposer_sees_the_proposal_with_a_withdraw_form(
    client: HttpClient, worker: User, proposal: AidDecision
) -> None:
    login(client, worker)
    response = client.get(_detail_url(proposal))
    page = response.content.decode()
    assert response.context["withdraw_form"] is not None
    assert reverse("budgets:decision_withdraw", args=[proposal.pk]) in page


def test_a_colleague_sees_no_withdraw_form(
    client: HttpClient, team: Wijkteam, proposal: AidDecision
) -> None:
    login(client, social_worker(team))
    response = client.get(_detail_url(proposal))
    assert response.context["withdraw_form"] is None


def test_a_proposal_from_before_requests_says_to_propose_again(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    old = _old_proposal(worker, policy)
    login(client, worker)
    page = client.get(_detail_url(old)).content.decode()
    assert "opnieuw voor op een aanvraag" in page
    assert reverse("budgets:decision_withdraw", args=[old.pk]) in page


def test_detail_page_writes_a_view_row(
    client: HttpClient, lead: User, proposal: AidDecision
) -> None:
    login(client, lead)
    client.get(_detail_url(proposal))
    assert AccessLog.objects.filter(
        client=proposal.client, actor=lead, action=AccessLog.Action.VIEW
    ).exists()


def test_proposer_withdraws_over_http(
    client: HttpClient, worker: User, proposal: AidDecision
) -> None:
    login(client, worker)
    response = client.post(
        reverse("budgets:decision_withdraw", args=[proposal.pk]), {"reason": "Werk gevonden."}
    )
    assert response.status_code == 302
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.WITHDRAWN
    assert request_of(proposal).state == Request.State.WITHDRAWN


def test_withdrawal_without_reason_shows_the_error_next_to_the_field(
    client: HttpClient, worker: User, proposal: AidDecision
) -> None:
    login(client, worker)
    response = client.post(reverse("budgets:decision_withdraw", args=[proposal.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["withdraw_form"].errors
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.PROPOSED


def test_stale_withdrawal_over_http_says_who_decided(
    client: HttpClient, worker: User, second_lead: User, proposal: AidDecision
) -> None:
    decide(second_lead, proposal, motivation="Akkoord.")
    login(client, worker)
    response = client.post(
        reverse("budgets:decision_withdraw", args=[proposal.pk]),
        {"reason": "Werk gevonden."},
        follow=True,
    )
    assert "Els Maes" in response.content.decode()
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.APPROVED


# --- the team list ------------------------------------------------------------------------


LIST_URL = reverse("budgets:decision_list")


@pytest.fixture
def listed(worker: User, lead: User, team: Wijkteam, policy: AidPolicy) -> dict[str, Any]:
    """Centrum: Ann's open proposal from April, Bart's approved one from March. Heule: one."""
    ann = social_worker(team, first_name="Ann", last_name="Aerts")
    bart = social_worker(team, first_name="Bart", last_name="Bogaert")
    open_ = _propose(ann, _calculation(ann, client_of(ann)), starts_on=NEXT_MONTH, months=2)
    approved = _propose(bart, _calculation(bart, client_of(bart)), starts_on=THIS_MONTH, months=1)
    decide(lead, approved, motivation="Akkoord.")
    heule = WijkteamFactory.create(name="Heule")
    elsewhere = social_worker(heule)
    _propose(elsewhere, _calculation(elsewhere, client_of(elsewhere)))
    return {"ann": ann, "bart": bart, "open": open_, "approved": approved}


def _listed(client: HttpClient, **params: str) -> list[AidDecision]:
    return list(client.get(LIST_URL, params).context["page"])


def test_list_shows_the_own_teams_proposals_open_first(
    client: HttpClient, lead: User, listed: dict[str, Any]
) -> None:
    login(client, lead)
    assert _listed(client) == [listed["open"], listed["approved"]]


def test_list_shows_each_requests_state_with_a_link_and_no_decision_buttons(
    client: HttpClient, lead: User, listed: dict[str, Any]
) -> None:
    login(client, lead)
    page = client.get(LIST_URL).content.decode()
    for name, state in (("open", "Voorgesteld"), ("approved", "Beslist")):
        decision = listed[name]
        tab = reverse("procedure:file_requests", args=[decision.client_id])
        assert f'href="{tab}#aanvraag-{decision.request_id}">{state}' in page
    assert "Goedkeuren" not in page


def test_social_worker_sees_the_proposals_of_the_team(
    client: HttpClient, worker: User, listed: dict[str, Any]
) -> None:
    login(client, worker)
    assert _listed(client) == [listed["open"], listed["approved"]]


def test_list_filters_by_status(client: HttpClient, lead: User, listed: dict[str, Any]) -> None:
    login(client, lead)
    assert _listed(client, status="approved") == [listed["approved"]]


def test_list_filters_by_worker(client: HttpClient, lead: User, listed: dict[str, Any]) -> None:
    login(client, lead)
    assert _listed(client, worker=str(listed["ann"].pk)) == [listed["open"]]


@pytest.mark.parametrize(
    ("month", "expected"),
    [("2026-03", ["approved"]), ("2026-05", ["open"]), ("04/2026", ["open"]), ("2026-06", [])],
)
def test_list_filters_by_aid_month(
    client: HttpClient, lead: User, listed: dict[str, Any], month: str, expected: list[str]
) -> None:
    login(client, lead)
    assert _listed(client, month=month) == [listed[name] for name in expected]


def test_list_filters_by_team_for_a_lead_of_two_teams(
    client: HttpClient, lead: User, listed: dict[str, Any]
) -> None:
    heule = Wijkteam.objects.get(name="Heule")
    MembershipFactory.create(user=lead, team=heule, role=Membership.Role.TEAM_LEAD)
    login(client, lead)
    assert len(_listed(client)) == 3
    assert _listed(client, team=str(heule.pk)) == list(
        AidDecision.objects.filter(client__team=heule)
    )


def test_list_writes_a_view_row_per_client_shown(
    client: HttpClient, lead: User, listed: dict[str, Any]
) -> None:
    login(client, lead)
    client.get(LIST_URL)
    rows = AccessLog.objects.filter(actor=lead, action=AccessLog.Action.VIEW, what_key=LOG_LISTED)
    assert {row.client_id for row in rows} == {
        listed["open"].client_id,
        listed["approved"].client_id,
    }


@pytest.mark.parametrize("size", [2, 30])
def test_list_query_count_does_not_grow_with_proposals(
    client: HttpClient,
    lead: User,
    team: Wijkteam,
    policy: AidPolicy,
    size: int,
    django_assert_num_queries: Any,
) -> None:
    for _ in range(size):
        proposer = social_worker(team)
        _propose(proposer, _calculation(proposer, client_of(proposer)))
    login(client, lead)
    # session, user, roles (memberships in force), the teams, the proposers (worker filter),
    # count, the page (clients, teams, proposers and deciders joined), the access-log rows
    with django_assert_num_queries(8):
        response = client.get(LIST_URL, {"status": "proposed"})
    assert len(response.context["page"]) == min(size, 25)


def test_administrator_gets_no_list(client: HttpClient, admin_user: User) -> None:
    login(client, admin_user)
    assert client.get(LIST_URL).status_code == 403


# --- the client's decisions (a partial for the client file) -------------------------------


def test_client_decisions_partial_lists_the_clients_decisions(
    lead: User, proposal: AidDecision
) -> None:
    decide(lead, proposal, motivation="Akkoord.")
    html = render_to_string(
        "budgets/decisions/client_decisions.html",
        {"decisions": decisions_for_client(client=proposal.client)},
    )
    assert "€&nbsp;250,00" in html
    assert reverse("budgets:decision_letter", args=[proposal.pk]) in html


# --- the decision letter ------------------------------------------------------------------


def _letter_url(decision: AidDecision) -> str:
    return reverse("budgets:decision_letter", args=[decision.pk])


@pytest.fixture
def approved(worker: User, lead: User, policy: AidPolicy) -> AidDecision:
    client = client_of(
        worker, first_name="Fatima", last_name="El Amrani", street="Budastraat", house_number="12"
    )
    decision = _propose(worker, _calculation(worker, client), amount=Decimal("1234.56"))
    decide(lead, decision, motivation="Tekort is structureel.")
    return AidDecision.objects.get(pk=decision.pk)


def test_letter_shows_dutch_text_and_belgian_amounts(
    client: HttpClient, worker: User, approved: AidDecision
) -> None:
    login(client, worker)
    client.cookies["ocmw_language"] = "en"  # the worker uses the English interface
    page = client.get(_letter_url(approved)).content.decode()
    assert "Back to the proposal" in page  # the page around the letter: English
    assert "Betreft: beslissing over aanvullende financiële hulp" in page
    assert "€&nbsp;1.234,56 per maand" in page
    assert "van 1 april 2026 tot en met 30 juni 2026" in page
    assert "Fatima El Amrani" in page
    assert "Budastraat 12" in page
    assert "Tekort is structureel." in page
    assert "Volgt een opleiding logistiek." in page
    assert "arbeidsrechtbank" in page
    assert "binnen drie maanden" in page
    assert "Referentiebudget 2026" in page
    assert "Steunbeleid 2026" in page
    assert approved.decided_by is not None
    assert approved.decided_by.get_full_name() in page
    # Signed in the role of who decided it in the procedure, in Dutch: a delegated team lead.
    assert "een teamverantwoordelijke (gedelegeerd)" in page
    # The appeal paragraph names the labour court of the district; not notified yet: no date.
    assert "Arbeidsrechtbank Gent, afdeling Kortrijk" in page
    assert "binnen drie maanden na de kennisgeving van deze beslissing" in page


def test_letter_of_a_notified_decision_names_the_last_day_to_appeal(
    client: HttpClient, worker: User, approved: AidDecision, today: dt.date
) -> None:
    request = request_of(approved)
    notification_record(
        actor=worker,
        request=request,
        expected_version=request.version,
        notified_on=today,
        way="registered",
    )
    login(client, worker)
    page = client.get(_letter_url(approved)).content.decode()
    # Notified Monday 16 March 2026: three months, to Tuesday 16 June 2026 (art. 54 Ger.W.).
    assert "uiterlijk op <strong>16 juni 2026</strong>" in page


def test_letter_of_a_committee_decision_is_signed_for_the_committee(
    client: HttpClient, worker: User, lead: User, policy: AidPolicy, today: dt.date
) -> None:
    Delegation.objects.all().delete()  # no delegation: the committee decides
    proposal = _propose(worker, _calculation(worker, client_of(worker)))
    member = committee_member()
    session = session_plan(
        actor=lead, held_on=today, place="Raadzaal", member_ids=[member.pk], chair_id=member.pk
    )
    request = request_of(proposal)
    agenda_item_record(
        actor=lead,
        item=AgendaItem.objects.get(session=session, request=request),
        expected_version=request.version,
        result=AgendaItem.Result.GRANTED,
        motivation="Het comité volgt het voorstel.",
        decided_on=today,
        amount=proposal.amount,
        starts_on=proposal.starts_on,
        months=proposal.months,
    )
    login(client, worker)
    page = client.get(_letter_url(proposal)).content.decode()
    assert "het Bijzonder Comité voor de Sociale Dienst" in page
    assert "een teamverantwoordelijke" not in page


def test_letter_of_a_rejection_says_so(
    client: HttpClient, worker: User, lead: User, proposal: AidDecision
) -> None:
    decide(lead, proposal, outcome="refused", motivation="Eerst de huurpremie.")
    login(client, worker)
    page = client.get(_letter_url(proposal)).content.decode()
    assert "niet toe te kennen" in page
    assert "Eerst de huurpremie." in page


def test_letter_links_a_print_stylesheet_and_script(
    client: HttpClient, worker: User, approved: AidDecision
) -> None:
    login(client, worker)
    page = client.get(_letter_url(approved)).content.decode()
    assert "css/letter.css" in page
    assert "js/print.js" in page
    assert "onclick" not in page


def test_letter_writes_a_view_row(client: HttpClient, worker: User, approved: AidDecision) -> None:
    login(client, worker)
    client.get(_letter_url(approved))
    assert AccessLog.objects.filter(
        client=approved.client, actor=worker, action=AccessLog.Action.VIEW
    ).exists()


def test_no_letter_for_an_open_proposal(
    client: HttpClient, worker: User, proposal: AidDecision
) -> None:
    login(client, worker)
    response = client.get(_letter_url(proposal))
    assert response.status_code == 302
    assert response["Location"] == _detail_url(proposal)


def test_letter_of_another_team_is_not_found(client: HttpClient, approved: AidDecision) -> None:
    login(client, social_worker(WijkteamFactory.create(name="Heule")))
    assert client.get(_letter_url(approved)).status_code == 404
