"""`decision_actions`: the one place that says what a user may do with an aid proposal (four
eyes: a lead of the client's team decides, never on their own proposal). The detail page and
the decision service both read it."""

import pytest

from budgets.models import AidDecision
from budgets.selectors.decisions import DecisionActions, decision_actions
from tests.factories import ClientFactory, WijkteamFactory, client_of, social_worker, team_lead

Status = AidDecision.Status


@pytest.mark.parametrize(
    ("leads_team", "own_proposal", "may_edit_file", "decide", "withdraw", "own_of_lead"),
    [
        # a lead of the team, someone else's proposal: decides (and rejects, never withdraws)
        (True, False, True, True, False, False),
        # a lead on their own proposal: four eyes, another lead decides; they may withdraw
        (True, True, True, False, True, True),
        # the client's worker who proposed: withdraws
        (False, True, True, False, True, False),
        # the client's worker, a colleague's proposal: withdraws (may edit the file)
        (False, False, True, False, True, False),
        # a colleague of the team who may only read: nothing
        (False, False, False, False, False, False),
    ],
)
def test_the_actions_of_an_open_proposal(
    leads_team: bool,
    own_proposal: bool,
    may_edit_file: bool,
    decide: bool,
    withdraw: bool,
    own_of_lead: bool,
) -> None:
    actions = DecisionActions(
        is_open=True,
        leads_team=leads_team,
        own_proposal=own_proposal,
        may_edit_file=may_edit_file,
    )
    assert (actions.decide, actions.withdraw, actions.own_proposal_of_lead) == (
        decide,
        withdraw,
        own_of_lead,
    )


@pytest.mark.parametrize("leads_team", [True, False])
@pytest.mark.parametrize("own_proposal", [True, False])
def test_a_closed_proposal_offers_nothing(leads_team: bool, own_proposal: bool) -> None:
    actions = DecisionActions(
        is_open=False, leads_team=leads_team, own_proposal=own_proposal, may_edit_file=True
    )
    assert (actions.decide, actions.withdraw, actions.own_proposal_of_lead) == (False,) * 3


@pytest.mark.django_db
def test_decision_actions_reads_who_leads_and_who_proposed() -> None:
    team = WijkteamFactory.create()
    worker, lead = social_worker(team), team_lead(team)
    other_lead = team_lead(WijkteamFactory.create())
    proposal = AidDecision(client=client_of(worker), proposed_by=worker, status=Status.PROPOSED)
    assert decision_actions(user=lead, decision=proposal).decide
    assert not decision_actions(user=other_lead, decision=proposal).decide
    by_worker = decision_actions(user=worker, decision=proposal)
    assert (by_worker.decide, by_worker.withdraw) == (False, True)
    own = AidDecision(client=ClientFactory.create(team=team), proposed_by=lead, status="proposed")
    assert decision_actions(user=lead, decision=own).own_proposal_of_lead
    assert not decision_actions(user=lead, decision=own).decide
