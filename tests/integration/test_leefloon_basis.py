"""A leefloon request's proposal rests on a saved leefloon calculation of the client (the
proposal basis integration registers with procedure/registry.py): a grant without one is
refused at the field, one of another client is refused, the chosen one is linked and the
proposal page offers the client's calculations with their amount."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation

from integration.models import CALCULATION_LINK, LEEFLOON_KIND, LeefloonCalculation
from integration.selectors_eligibility import conditions
from procedure import registry
from procedure.models import Proposal, Request
from procedure.services import decisions
from tests.conftest import login
from tests.factories import LeefloonCalculationFactory, client_of, request_kind, social_worker
from tests.procedure import helpers
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker() -> User:
    return social_worker(Wijkteam.objects.create(name="Kortrijk-Centrum"))


@pytest.fixture
def inquired(worker: User) -> Request:
    request = helpers.received(client_of(worker), worker, kind=request_kind(LEEFLOON_KIND))
    return helpers.inquired(request, worker)


def _propose(worker: User, request: Request, link_id: int | None) -> Proposal:
    return decisions.proposal_submit(
        actor=worker,
        request=request,
        expected_version=request.version,
        outcome="grant",
        motivation="Geen inkomen, geen andere rechten open.",
        amount=Decimal("1314.20"),
        starts_on=request.received_on,
        months=12,
        link_id=link_id,
    )


def test_the_basis_is_registered_for_the_leefloon() -> None:
    basis = registry.proposal_basis_for(LEEFLOON_KIND)

    assert basis is not None
    assert (basis.link_code, basis.required) == (CALCULATION_LINK, True)


def test_a_grant_needs_a_calculation(worker: User, inquired: Request) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, inquired, None)

    assert "link_id" in excinfo.value.message_dict
    assert not Proposal.objects.exists()


def test_the_proposal_rests_on_the_clients_calculation(worker: User, inquired: Request) -> None:
    calculation = LeefloonCalculationFactory.create(request=inquired, created_by=worker)

    proposal = _propose(worker, inquired, calculation.pk)

    assert (proposal.link_code, proposal.link_id) == (CALCULATION_LINK, calculation.pk)
    basis = registry.proposal_basis_for(LEEFLOON_KIND)
    assert basis is not None
    assert basis.url(inquired.client, calculation.pk) == reverse(
        "integration:calculation_detail", args=[inquired.client_id, calculation.pk]
    )
    (choice,) = basis.choices(inquired.client)
    assert choice.amount == Decimal("1314.20")


def test_another_clients_calculation_is_refused(worker: User, inquired: Request) -> None:
    other = LeefloonCalculationFactory.create(created_by=worker)

    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, inquired, other.pk)

    assert "link_id" in excinfo.value.message_dict


def test_a_calculation_of_another_request_of_the_client_is_refused(
    worker: User, inquired: Request
) -> None:
    earlier = helpers.received(inquired.client, worker, kind=request_kind(LEEFLOON_KIND))
    of_earlier = LeefloonCalculationFactory.create(request=earlier, created_by=worker)

    with pytest.raises(ValidationError) as excinfo:
        _propose(worker, inquired, of_earlier.pk)

    assert "andere aanvraag" in excinfo.value.message_dict["link_id"][0]
    assert not Proposal.objects.filter(request=inquired).exists()


def test_the_proposal_form_offers_the_calculations(
    client: HttpClient, worker: User, inquired: Request
) -> None:
    calculation = LeefloonCalculationFactory.create(request=inquired, created_by=worker)
    login(client, worker)

    page = client.get(reverse("procedure:file_requests", args=[inquired.client_id]))

    html = page.content.decode()
    assert f'<option value="{calculation.pk}">' in html
    assert "1.314,20" in html or "1314,20" in html


def test_a_calculation_made_after_midnight_in_brussels_is_dated_that_day(
    worker: User, inquired: Request
) -> None:
    # 23:30 UTC on 6 December is 00:30 on 7 December in Brussels: the choice and the
    # eligibility check name the local day, not the UTC one.
    calculation = LeefloonCalculationFactory.create(request=inquired, created_by=worker)
    LeefloonCalculation.objects.filter(pk=calculation.pk).update(
        created_at=dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
    )
    basis = registry.proposal_basis_for(LEEFLOON_KIND)
    assert basis is not None

    with translation.override("nl"):
        (choice,) = basis.choices(inquired.client)
        calculation.refresh_from_db()
        rows = {row.key: row for row in conditions(inquired, None, calculation)}

    assert choice.label.startswith("berekening van 07/12/2026 voor de aanvraag van ")
    assert rows["resources"].found == "laatste berekening van 07/12/2026: € 1.314,20 per maand"
