"""`decision_actions`: the one place that says what a user may do with an aid proposal. Since
issue 19 deciding is the procedure's (the committee, or a delegated team lead on the request):
here a proposal can only be withdrawn. One on a request is withdrawn with the request, by who
may change the file (the procedure's rule); one from before requests also by its proposer.

This replaces the matrix of the team lead's approve/reject buttons (gone with those buttons)."""

import pytest

from budgets.models import AidDecision
from budgets.selectors.decisions import DecisionActions, decision_actions
from procedure.models import Request
from tests.factories import WijkteamFactory, client_of, social_worker, team_lead

Status = AidDecision.Status


@pytest.mark.parametrize(
    ("own_proposal", "may_edit_file", "on_request", "withdraw"),
    [
        # the client's worker or the team lead: withdraws, on a request or not
        (True, True, True, True),
        (False, True, True, True),
        (False, True, False, True),
        # a proposer who may no longer change the file: only a proposal from before requests
        (True, False, False, True),
        (True, False, True, False),
        # a colleague of the team who may only read: nothing
        (False, False, True, False),
        (False, False, False, False),
    ],
)
def test_who_withdraws_an_open_proposal(
    own_proposal: bool, may_edit_file: bool, on_request: bool, withdraw: bool
) -> None:
    actions = DecisionActions(
        is_open=True,
        own_proposal=own_proposal,
        may_edit_file=may_edit_file,
        on_request=on_request,
    )
    assert actions.withdraw is withdraw


@pytest.mark.parametrize("on_request", [True, False])
def test_a_closed_proposal_offers_nothing(on_request: bool) -> None:
    actions = DecisionActions(
        is_open=False, own_proposal=True, may_edit_file=True, on_request=on_request
    )
    assert not actions.withdraw


@pytest.mark.django_db
def test_decision_actions_reads_who_may_change_the_file() -> None:
    team = WijkteamFactory.create()
    worker, lead, colleague = social_worker(team), team_lead(team), social_worker(team)
    other_lead = team_lead(WijkteamFactory.create())
    on_request = AidDecision(
        client=client_of(worker),
        proposed_by=worker,
        status=Status.PROPOSED,
        request=Request(pk=1),
    )
    assert decision_actions(user=worker, decision=on_request).withdraw
    assert decision_actions(user=lead, decision=on_request).withdraw
    assert not decision_actions(user=colleague, decision=on_request).withdraw
    assert not decision_actions(user=other_lead, decision=on_request).withdraw
    assert decision_actions(user=lead, decision=on_request).on_request
