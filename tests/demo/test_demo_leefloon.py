"""The demo leefloon files: for ma.centrum and ma.heule one client at each stage (a request being
checked, one calculated, a leefloon with a GPMI evaluated, a leefloon followed by an art. 60
job), made by the services, so they are plausible: every leefloon rests on its calculation and
starts on or after its request; seeded once."""

import datetime as dt

import pytest

from clients.models import Client, Income
from clients.models.client import age_on
from demo.city import seed_city
from demo.clients import demo_client_count, seed_clients
from demo.procedure import seed_procedure
from demo.seed_integration import WORKERS, seed_integration
from integration.models import (
    Art60Contract,
    Condition,
    Eligibility,
    Employer,
    GpmiEvaluation,
    LeefloonCalculation,
    LeefloonGrant,
)
from integration.selectors_eligibility import conditions
from integration.services.employment import art60_is_running
from procedure.models import Delegation, Request
from wijkteams.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(today: dt.date) -> int:
    seed_city()
    seed_clients(target=120, seed=8500, batch_size=60)
    seed_procedure(today=today)
    return seed_integration(today=today)


def _leefloon_requests(username: str) -> list[Request]:
    worker = User.objects.get(username=username)
    return list(
        Request.objects.filter(
            kind__code="leefloon",
            eligibility__isnull=False,
            client__assignments__worker=worker,
            client__assignments__ended_at__isnull=True,
        ).order_by("-received_on")
    )


@pytest.mark.parametrize("username", list(WORKERS))
def test_each_demo_worker_has_a_client_at_every_stage(
    seeded: int, today: dt.date, username: str
) -> None:
    assert seeded == 2 * 4
    checking, calculated, employed, evaluated = _leefloon_requests(username)
    # A request being checked: some conditions still unknown, nothing calculated.
    assert checking.state == Request.State.RECEIVED
    check = Eligibility.objects.get(request=checking)
    assert check.actual_residence == Condition.MET
    assert check.work_willingness == "unknown"
    assert not LeefloonCalculation.objects.filter(request=checking).exists()
    # Calculated, not yet proposed.
    assert calculated.state == Request.State.UNDER_INQUIRY
    assert LeefloonCalculation.objects.filter(request=calculated).exists()
    assert not LeefloonGrant.objects.filter(request=calculated).exists()
    # Granted about 215 days ago, with a signed GPMI whose first evaluation is held.
    grant = LeefloonGrant.objects.get(request=evaluated)
    assert (today - grant.starts_on).days == 215
    assert grant.ended_on is None
    held = GpmiEvaluation.objects.filter(contract__request=evaluated, held_on__isnull=False)
    assert held.count() == 1
    assert held.get().contract.is_signed
    # Granted about 125 days ago; the art. 60 job runs, the leefloon ended the day before.
    grant = LeefloonGrant.objects.get(request=employed)
    assert (today - grant.starts_on).days == 125
    job = Art60Contract.objects.get(client=employed.client)
    assert art60_is_running(job, today)
    assert grant.ended_on == job.starts_on - dt.timedelta(days=1)
    assert GpmiEvaluation.objects.filter(contract__request=employed).exists()


def test_every_leefloon_rests_on_its_calculation_and_starts_after_its_request(
    seeded: int,
) -> None:
    grants = list(LeefloonGrant.objects.select_related("calculation", "request"))
    assert len(grants) == 2 * 2
    for grant in grants:
        amount = grant.amounts.get()
        assert amount.monthly_amount > 0
        assert amount.monthly_amount == grant.calculation.monthly_amount
        assert grant.calculation.request_id == grant.request_id
        assert grant.starts_on >= grant.request.received_on
        assert grant.decision.decided_by_id != grant.decision.proposed_by_id
        # Every condition of art. 3 met, as the request's page shows them.
        check = Eligibility.objects.get(request=grant.request)
        states = {row.key: row.state for row in conditions(grant.request, check, grant.calculation)}
        assert set(states.values()) == {Condition.MET}, states
    assert Delegation.objects.filter(kind__code="leefloon").exists()
    assert Employer.objects.count() >= 2


def test_the_demo_clients_had_no_income_of_their_own_before_their_request(
    seeded: int, today: dt.date
) -> None:
    for request in Request.objects.filter(eligibility__isnull=False).select_related("client"):
        client: Client = request.client
        assert age_on(client.birth_date, request.received_on) >= 20
        assert age_on(client.birth_date, today) <= 60
        own = Income.objects.filter(client=client, member__isnull=True)
        # Only what the services wrote: the leefloon granted and the art. 60 wage.
        assert set(own.values_list("kind", flat=True)) <= {"leefloon", "wage"}
        assert not own.filter(starts_on__lt=request.received_on).exists()


def test_seeding_again_adds_nothing_and_drawn_files_do_not_count_as_demo_clients(
    seeded: int, today: dt.date
) -> None:
    counts = (Client.objects.count(), Eligibility.objects.count(), Employer.objects.count())
    assert seed_integration(today=today) == 0
    assert (Client.objects.count(), Eligibility.objects.count(), Employer.objects.count()) == (
        counts
    )
    assert demo_client_count() == 120
