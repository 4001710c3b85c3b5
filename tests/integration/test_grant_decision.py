"""The procedure's decision on a leefloon request makes the granted leefloon (issue 20 point 4):
from the calculation its proposal rests on, never before the request, with its first amount and
its income line in the file (point 7); a decision not ratified or a withdrawn request keeps none.

Time stands on Monday 16 March 2026; the request is received on 10 March."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clients.models import AccessLog, Income
from integration.log_actions import LOG_GRANT_ENDED, LOG_GRANT_REMOVED, LOG_GRANTED
from integration.models import GrantAmount, LeefloonGrant
from integration.services.grants import grant_from_decision
from procedure import registry
from procedure.models import Decision, Request
from procedure.services.decisions import decision_record_urgent
from tests.factories import IncomeFactory, client_of, request_kind
from tests.integration.grants_helpers import RECEIVED, decide, proposed_leefloon
from wijkteams.models import User

pytestmark = pytest.mark.usefixtures("today")


def test_a_granted_leefloon_request_makes_the_leefloon_from_its_calculation(
    worker: User, lead: User
) -> None:
    client = client_of(worker)
    request, calculation = proposed_leefloon(client, worker)
    decision = decide(lead, request, amount=Decimal("1300.00"), months=6)
    grant = LeefloonGrant.objects.get(decision=decision)
    assert (grant.calculation, grant.category, grant.starts_on) == (calculation, "single", RECEIVED)
    assert grant.review_on == dt.date(2026, 9, 10)
    amount = grant.amounts.get()
    assert (amount.valid_from, amount.monthly_amount, amount.reason, amount.scale) == (
        RECEIVED,
        Decimal("1300.00"),
        GrantAmount.Reason.DECISION,
        calculation.scale,
    )
    line = Income.objects.get(client=client, kind="leefloon")
    assert (line.member, line.net_monthly, line.starts_on, line.ends_on) == (
        None,
        Decimal("1300.00"),
        RECEIVED,
        None,
    )
    assert line.leefloon_category == "single"
    client.refresh_from_db()
    assert client.leefloon_since == RECEIVED
    logged = AccessLog.objects.get(client=client, what_key=LOG_GRANTED)
    assert logged.what_params == {"day": "10/03/2026", "request": request.pk}


def test_the_leefloon_changes_a_running_leefloon_line_from_its_start(
    worker: User, lead: User
) -> None:
    client = client_of(worker)
    old = IncomeFactory.create(
        client=client,
        kind="leefloon",
        leefloon_category="single",
        net_monthly=Decimal("900.00"),
        starts_on=dt.date(2025, 1, 1),
    )
    request, _calculation = proposed_leefloon(client, worker)
    decide(lead, request)
    old.refresh_from_db()
    assert old.ends_on == dt.date(2026, 3, 9)
    new = Income.objects.get(client=client, kind="leefloon", starts_on=RECEIVED)
    assert new.net_monthly == Decimal("1314.20")


def test_a_refusal_makes_no_leefloon(worker: User, lead: User) -> None:
    client = client_of(worker)
    request, _calculation = proposed_leefloon(client, worker)
    decide(lead, request, outcome="refused")
    assert not LeefloonGrant.objects.exists()
    assert not Income.objects.filter(client=client).exists()


def test_a_grant_without_a_calculation_is_refused_and_nothing_is_saved(
    worker: User, lead: User
) -> None:
    client = client_of(worker)
    request, _calculation = proposed_leefloon(client, worker, linked=False)
    with pytest.raises(ValidationError) as refused:
        decide(lead, request)
    assert "berekening" in " ".join(refused.value.messages)
    assert not Decision.objects.exists()
    assert not LeefloonGrant.objects.exists()
    request.refresh_from_db()
    assert request.state == Request.State.PROPOSED


def test_a_start_before_the_request_is_refused_at_the_start(worker: User, lead: User) -> None:
    client = client_of(worker)
    request, _calculation = proposed_leefloon(client, worker)
    decision = decide(lead, request)
    LeefloonGrant.objects.all().delete()
    # Past the procedure's own check (as a decision recorded elsewhere could be).
    Decision.objects.filter(pk=decision.pk).update(starts_on=dt.date(2026, 3, 1))
    decision.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        grant_from_decision(decision=decision)
    assert "starts_on" in refused.value.message_dict
    assert "10/03/2026" in refused.value.message_dict["starts_on"][0]


def test_the_listener_is_registered_and_does_not_grant_twice(worker: User, lead: User) -> None:
    client = client_of(worker)
    request, _calculation = proposed_leefloon(client, worker)
    decision = decide(lead, request)
    for listener in registry.decision_listeners():
        listener(decision)
    assert LeefloonGrant.objects.count() == 1
    assert GrantAmount.objects.count() == 1


def test_an_urgent_decision_not_ratified_removes_the_leefloon_and_its_income_line(
    worker: User, lead: User
) -> None:
    client = client_of(worker)
    request, _calculation = proposed_leefloon(client, worker)
    request.refresh_from_db()
    decision = decision_record_urgent(
        actor=lead,
        request=request,
        expected_version=request.version,
        outcome="granted",
        motivation="Dringend.",
        decided_on=dt.date(2026, 3, 16),
        amount=Decimal("1314.20"),
        starts_on=RECEIVED,
        months=12,
    )
    assert LeefloonGrant.objects.filter(decision=decision).exists()
    Decision.objects.filter(pk=decision.pk).update(ratification=Decision.Ratification.NOT_RATIFIED)
    decision.refresh_from_db()
    for listener in registry.decision_listeners():
        listener(decision)
    assert not LeefloonGrant.objects.exists()
    assert not Income.objects.filter(client=client, kind="leefloon").exists()
    client.refresh_from_db()
    assert client.leefloon_since is None
    # The file's log says it was removed, not that it ended.
    logged = AccessLog.objects.filter(client=client)
    assert logged.filter(what_key=LOG_GRANT_REMOVED, actor=lead).count() == 1
    assert not logged.filter(what_key=LOG_GRANT_ENDED).exists()


def test_another_kind_of_help_makes_no_leefloon(worker: User, lead: User) -> None:
    client = client_of(worker)
    request, _calculation = proposed_leefloon(client, worker)
    Request.objects.filter(pk=request.pk).update(kind=request_kind("equivalent_leefloon"))
    decision = decide(lead, request)
    assert decision.outcome == "granted"
    assert not LeefloonGrant.objects.exists()
