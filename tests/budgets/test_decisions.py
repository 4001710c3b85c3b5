"""Aid proposals and decisions: the rules of the services, the four-eyes principle, the pages
(propose, team list, detail, decide, withdraw) and the Dutch decision letter.

Time stands on Monday 16 March 2026: "this month" is March, "next month" April.
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
from budgets.services.decisions import (
    aid_decision_approve,
    aid_decision_propose,
    aid_decision_reject,
    aid_decision_withdraw,
)
from clients.models import AccessLog, Client
from tests.conftest import TODAY, login
from tests.factories import (
    MembershipFactory,
    WijkteamFactory,
    aid_policy,
    budget_version,
    client_of,
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


def _propose(actor: User, calculation: AidCalculation, **fields: Any) -> AidDecision:
    values: dict[str, Any] = {
        "amount": Decimal("250.00"),
        "starts_on": NEXT_MONTH,
        "months": 3,
        "motivation": "Structureel tekort na de scheiding.",
        "activation_commitment": "Volgt een opleiding logistiek.",
        **fields,
    }
    return aid_decision_propose(actor=actor, calculation=calculation, **values)


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


def test_proposal_writes_an_access_log_row(worker: User, proposal: AidDecision) -> None:
    row = AccessLog.objects.get(client=proposal.client, what_key=LOG_PROPOSED)
    assert (row.actor, row.action) == (worker, AccessLog.Action.CREATE)


def test_colleague_cannot_propose(worker: User, team: Wijkteam, policy: AidPolicy) -> None:
    calculation = _calculation(worker, client_of(worker))
    with pytest.raises(PermissionDenied):
        _propose(social_worker(team), calculation)
    assert not AidDecision.objects.exists()


def test_team_lead_may_propose(worker: User, lead: User, policy: AidPolicy) -> None:
    decision = _propose(lead, _calculation(worker, client_of(worker)))
    assert decision.proposed_by == lead


def test_proposal_refused_above_cap(worker: User) -> None:
    _policy(monthly_cap=Decimal("300.00"))
    calculation = _calculation(worker, client_of(worker))
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, calculation, amount=Decimal("300.01"))
    assert "amount" in _errors(excinfo)
    assert "300,00" in _errors(excinfo)["amount"][0]
    assert _propose(worker, calculation, amount=Decimal("300.00")).amount == Decimal("300.00")


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
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, calculation, months=7)
    assert "months" in _errors(excinfo)
    assert _propose(worker, calculation, months=6).months == 6


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
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, proposal.calculation)
    assert "__all__" in _errors(excinfo)
    assert AidDecision.objects.count() == 1


def test_new_proposal_allowed_once_the_open_one_is_decided(
    worker: User, lead: User, proposal: AidDecision
) -> None:
    aid_decision_reject(actor=lead, decision=proposal, motivation="Eerst recht op huurpremie.")
    assert _propose(worker, proposal.calculation).status == AidDecision.Status.PROPOSED


# --- deciding -----------------------------------------------------------------------------


def test_team_lead_approves(lead: User, proposal: AidDecision) -> None:
    decided = aid_decision_approve(actor=lead, decision=proposal, motivation="Akkoord.")
    decided.refresh_from_db()
    assert decided.status == AidDecision.Status.APPROVED
    assert decided.decided_by == lead
    assert decided.decided_at is not None
    assert decided.decision_motivation == "Akkoord."


def test_team_lead_rejects(lead: User, proposal: AidDecision) -> None:
    decided = aid_decision_reject(actor=lead, decision=proposal, motivation="Eerst huurpremie.")
    assert AidDecision.objects.get(pk=decided.pk).status == AidDecision.Status.REJECTED


@pytest.mark.parametrize(
    ("service", "what"), [(aid_decision_approve, LOG_APPROVED), (aid_decision_reject, LOG_REJECTED)]
)
def test_decision_writes_an_access_log_row(
    lead: User, proposal: AidDecision, service: Any, what: str
) -> None:
    service(actor=lead, decision=proposal, motivation="Gemotiveerd.")
    row = AccessLog.objects.filter(client=proposal.client, action=AccessLog.Action.CHANGE).get()
    assert (row.actor, row.what_key) == (lead, what)


def test_team_lead_cannot_approve_own_proposal(
    worker: User, lead: User, second_lead: User, policy: AidPolicy
) -> None:
    decision = _propose(lead, _calculation(worker, client_of(worker)))
    with pytest.raises(PermissionDenied):
        aid_decision_approve(actor=lead, decision=decision, motivation="Zelf goedgekeurd.")
    assert AidDecision.objects.get(pk=decision.pk).status == AidDecision.Status.PROPOSED
    aid_decision_approve(actor=second_lead, decision=decision, motivation="Vier ogen.")
    assert AidDecision.objects.get(pk=decision.pk).decided_by == second_lead


def test_database_refuses_a_decision_by_the_proposer(worker: User, proposal: AidDecision) -> None:
    with pytest.raises(IntegrityError):
        AidDecision.objects.filter(pk=proposal.pk).update(
            status=AidDecision.Status.APPROVED, decided_by=worker, decided_at=timezone.now()
        )


def test_worker_cannot_decide(worker: User, proposal: AidDecision) -> None:
    with pytest.raises(PermissionDenied):
        aid_decision_approve(actor=worker, decision=proposal, motivation="Mag niet.")


def test_lead_of_another_team_cannot_decide(proposal: AidDecision) -> None:
    other_lead = team_lead(WijkteamFactory.create(name="Heule"))
    with pytest.raises(PermissionDenied):
        aid_decision_approve(actor=other_lead, decision=proposal, motivation="Mag niet.")


@pytest.mark.parametrize("service", [aid_decision_approve, aid_decision_reject])
def test_decision_needs_a_motivation(lead: User, proposal: AidDecision, service: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        service(actor=lead, decision=proposal, motivation=" ")
    assert "motivation" in _errors(excinfo)


def test_concurrent_decisions(lead: User, second_lead: User, proposal: AidDecision) -> None:
    # Both leads loaded the open proposal; the first approves, the second then rejects.
    seen_by_second = AidDecision.objects.get(pk=proposal.pk)
    aid_decision_approve(actor=lead, decision=proposal, motivation="Akkoord.")
    with pytest.raises(ValidationError) as excinfo:
        aid_decision_reject(
            actor=second_lead,
            decision=seen_by_second,
            motivation="Niet akkoord.",
            expected_status=AidDecision.Status.PROPOSED,
        )
    assert "goedgekeurd" in excinfo.value.messages[0]
    decided = AidDecision.objects.get(pk=proposal.pk)
    assert (decided.status, decided.decided_by) == (AidDecision.Status.APPROVED, lead)


def test_decision_on_a_withdrawn_proposal_refused(
    worker: User, lead: User, proposal: AidDecision
) -> None:
    aid_decision_withdraw(actor=worker, decision=proposal)
    with pytest.raises(ValidationError):
        aid_decision_approve(actor=lead, decision=proposal, motivation="Te laat.")
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.WITHDRAWN


def test_approval_refused_once_the_start_month_has_passed(
    worker: User, lead: User, policy: AidPolicy, time_machine: Any
) -> None:
    decision = _propose(worker, _calculation(worker, client_of(worker)), starts_on=THIS_MONTH)
    time_machine.move_to(dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC))
    with pytest.raises(ValidationError):
        aid_decision_approve(actor=lead, decision=decision, motivation="Akkoord.")
    # ... but it can still be rejected, so that the worker proposes again.
    aid_decision_reject(actor=lead, decision=decision, motivation="Opnieuw voorstellen.")
    assert AidDecision.objects.get(pk=decision.pk).status == AidDecision.Status.REJECTED


# --- withdrawing --------------------------------------------------------------------------


def test_proposer_withdraws(worker: User, proposal: AidDecision) -> None:
    aid_decision_withdraw(actor=worker, decision=proposal)
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.WITHDRAWN
    row = AccessLog.objects.filter(client=proposal.client, action=AccessLog.Action.CHANGE).get()
    assert row.what_key == LOG_WITHDRAWN


def test_colleague_cannot_withdraw(team: Wijkteam, proposal: AidDecision) -> None:
    with pytest.raises(PermissionDenied):
        aid_decision_withdraw(actor=social_worker(team), decision=proposal)


def test_decided_proposal_cannot_be_withdrawn(
    worker: User, lead: User, proposal: AidDecision
) -> None:
    aid_decision_approve(actor=lead, decision=proposal, motivation="Akkoord.")
    with pytest.raises(ValidationError):
        aid_decision_withdraw(actor=worker, decision=proposal)


# --- the proposal page ------------------------------------------------------------------


def _propose_url(calculation: AidCalculation) -> str:
    return reverse("budgets:decision_propose", args=[calculation.client_id, calculation.pk])


def test_propose_page_is_prefilled_from_the_calculation(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    login(client, worker)
    response = client.get(_propose_url(calculation))
    form = response.context["form"]
    assert form.initial["amount"] == calculation.proposed_aid
    assert form.initial["starts_on"] == NEXT_MONTH
    assert form.initial["months"] == policy.max_months
    assert "Referentiebudget 2026" in response.content.decode()
    assert AccessLog.objects.filter(
        client=calculation.client, actor=worker, action=AccessLog.Action.VIEW
    ).exists()


def test_propose_form_creates_the_proposal(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    login(client, worker)
    response = client.post(
        _propose_url(calculation),
        {
            "amount": "1.234,56",
            "starts_on": "2026-04-01",
            "months": "3",
            "motivation": "Hoge huur.",
            "activation_commitment": "Taalles.",
            "exemption": "",
            "exemption_reason": "",
        },
    )
    decision = AidDecision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("budgets:decision_detail", args=[decision.pk])
    assert decision.amount == Decimal("1234.56")


def test_refused_proposal_shows_the_error_and_keeps_the_input(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    login(client, worker)
    response = client.post(
        _propose_url(calculation),
        {"amount": "125,50", "starts_on": "2026-02-01", "months": "3", "motivation": "Huur."},
    )
    assert response.status_code == 200
    assert "starts_on" in response.context["form"].errors
    assert 'value="125,50"' in response.content.decode()
    assert not AidDecision.objects.exists()


def test_calculation_of_another_client_is_not_found(
    client: HttpClient, worker: User, policy: AidPolicy
) -> None:
    calculation = _calculation(worker, client_of(worker))
    other = client_of(worker)
    login(client, worker)
    url = reverse("budgets:decision_propose", args=[other.pk, calculation.pk])
    assert client.get(url).status_code == 404


# --- the detail page, deciding and withdrawing over HTTP ----------------------------------


def _detail_url(decision: AidDecision) -> str:
    return reverse("budgets:decision_detail", args=[decision.pk])


def test_lead_gets_the_decision_form(client: HttpClient, lead: User, proposal: AidDecision) -> None:
    login(client, lead)
    response = client.get(_detail_url(proposal))
    assert response.context["form"] is not None
    assert reverse("budgets:decision_decide", args=[proposal.pk]) in response.content.decode()


def test_proposer_sees_the_proposal_with_a_withdraw_button_and_no_form(
    client: HttpClient, worker: User, proposal: AidDecision
) -> None:
    login(client, worker)
    response = client.get(_detail_url(proposal))
    page = response.content.decode()
    assert response.context["form"] is None
    assert reverse("budgets:decision_decide", args=[proposal.pk]) not in page
    assert reverse("budgets:decision_withdraw", args=[proposal.pk]) in page


def test_lead_sees_no_decision_form_on_own_proposal(
    client: HttpClient, worker: User, lead: User, policy: AidPolicy
) -> None:
    decision = _propose(lead, _calculation(worker, client_of(worker)))
    login(client, lead)
    response = client.get(_detail_url(decision))
    assert response.context["form"] is None
    assert response.context["actions"].own_proposal_of_lead


def test_detail_page_writes_a_view_row(
    client: HttpClient, lead: User, proposal: AidDecision
) -> None:
    login(client, lead)
    client.get(_detail_url(proposal))
    assert AccessLog.objects.filter(
        client=proposal.client, actor=lead, action=AccessLog.Action.VIEW
    ).exists()


def test_lead_approves_over_http(client: HttpClient, lead: User, proposal: AidDecision) -> None:
    login(client, lead)
    response = client.post(
        reverse("budgets:decision_decide", args=[proposal.pk]),
        {"outcome": "approve", "motivation": "Akkoord.", "expected_status": "proposed"},
    )
    assert response.status_code == 302
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.APPROVED


def test_decision_without_motivation_shows_the_error(
    client: HttpClient, lead: User, proposal: AidDecision
) -> None:
    login(client, lead)
    response = client.post(
        reverse("budgets:decision_decide", args=[proposal.pk]),
        {"outcome": "reject", "motivation": "", "expected_status": "proposed"},
    )
    assert response.status_code == 200
    assert "motivation" in response.context["form"].errors
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.PROPOSED


def test_stale_decision_over_http_says_who_decided(
    client: HttpClient, lead: User, second_lead: User, proposal: AidDecision
) -> None:
    aid_decision_approve(actor=second_lead, decision=proposal, motivation="Akkoord.")
    login(client, lead)
    response = client.post(
        reverse("budgets:decision_decide", args=[proposal.pk]),
        {"outcome": "reject", "motivation": "Nee.", "expected_status": "proposed"},
        follow=True,
    )
    assert "Els Maes" in response.content.decode()
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.APPROVED


def test_lead_cannot_decide_own_proposal_over_http(
    client: HttpClient, worker: User, lead: User, policy: AidPolicy
) -> None:
    decision = _propose(lead, _calculation(worker, client_of(worker)))
    login(client, lead)
    response = client.post(
        reverse("budgets:decision_decide", args=[decision.pk]),
        {"outcome": "approve", "motivation": "Zelf.", "expected_status": "proposed"},
    )
    assert response.status_code == 403
    assert AidDecision.objects.get(pk=decision.pk).status == AidDecision.Status.PROPOSED


def test_proposer_withdraws_over_http(
    client: HttpClient, worker: User, proposal: AidDecision
) -> None:
    login(client, worker)
    response = client.post(reverse("budgets:decision_withdraw", args=[proposal.pk]))
    assert response.status_code == 302
    assert AidDecision.objects.get(pk=proposal.pk).status == AidDecision.Status.WITHDRAWN


# --- the team list ------------------------------------------------------------------------


LIST_URL = reverse("budgets:decision_list")


@pytest.fixture
def listed(worker: User, lead: User, team: Wijkteam, policy: AidPolicy) -> dict[str, Any]:
    """Centrum: Ann's open proposal from April, Bart's approved one from March. Heule: one."""
    ann = social_worker(team, first_name="Ann", last_name="Aerts")
    bart = social_worker(team, first_name="Bart", last_name="Bogaert")
    open_ = _propose(ann, _calculation(ann, client_of(ann)), starts_on=NEXT_MONTH, months=2)
    approved = _propose(bart, _calculation(bart, client_of(bart)), starts_on=THIS_MONTH, months=1)
    aid_decision_approve(actor=lead, decision=approved, motivation="Akkoord.")
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
    aid_decision_approve(actor=lead, decision=proposal, motivation="Akkoord.")
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
    return aid_decision_approve(actor=lead, decision=decision, motivation="Tekort is structureel.")


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


def test_letter_of_a_rejection_says_so(
    client: HttpClient, worker: User, lead: User, proposal: AidDecision
) -> None:
    aid_decision_reject(actor=lead, decision=proposal, motivation="Eerst de huurpremie.")
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
