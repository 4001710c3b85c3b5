"""The impact preview of a draft budget version: the latest calculation of each recently
calculated client, run again with the draft's amounts; counts and sums per wijkteam.

Hand-computed with budget_version(): a household of n people costs 8 x n x person +
5 x household. The published version has person 10 and household 100, the draft 12 and 110;
the policy covers the whole shortfall, without cap, minimum or rounding.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from budgets.impact import impact_preview, latest_calculations
from budgets.models import AidCalculation, BudgetVersion
from budgets.services.calculations import aid_calculation_save
from budgets.services.versions import household_cell, person_cell
from clients.models import Client, Income
from tests.factories import (
    HouseholdMemberFactory,
    IncomeFactory,
    WijkteamFactory,
    aid_calculations_forge,
    aid_policy,
    budget_version,
    client_of,
    social_worker,
)
from wijkteams.models import User

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _now(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def draft(admin_user: User) -> BudgetVersion:
    budget_version(actor=admin_user)
    aid_policy(actor=admin_user)
    return budget_version(
        actor=admin_user,
        published=False,
        valid_from=dt.date(2030, 1, 1),
        person=Decimal("12.00"),
        household=Decimal("110.00"),
    )


def _client(worker: User, income: str, **fields: Any) -> Client:
    client = client_of(worker, birth_date=dt.date(1980, 5, 1), complete=True, **fields)
    IncomeFactory.create(client=client, kind="wage", net_monthly=Decimal(income))
    return client


def _save(worker: User, client: Client) -> AidCalculation:
    return aid_calculation_save(actor=worker, client=client, on=timezone.localdate())


@pytest.fixture
def calculated(draft: BudgetVersion) -> dict[str, Client]:
    """Three clients in two teams.

    alone, income 300 (Centrum): 580 now -> aid 280; draft 646 -> aid 346 (+66)
    with a child, income 1000 (Centrum): 660 -> aid 0; draft 742 -> aid 0 (same)
    alone, income 600 (Heule): 580 -> aid 0; draft 646 -> aid 46 (+46)
    """
    centrum, heule = WijkteamFactory.create(name="Centrum"), WijkteamFactory.create(name="Heule")
    sofie, jonas = social_worker(centrum), social_worker(heule)
    alone = _client(sofie, "300.00")
    parent = _client(sofie, "1000.00")
    HouseholdMemberFactory.create(
        client=parent,
        first_name="Noor",
        last_name="X",
        birth_date=dt.date(2015, 3, 1),
        sex="F",
        relation="child",
    )
    other = _client(jonas, "600.00", team=heule)
    for worker, client in ((sofie, alone), (sofie, parent), (jonas, other)):
        _save(worker, client)
    return {"alone": alone, "parent": parent, "other": other}


def test_saved_aid_is_as_computed_by_hand(calculated: dict[str, Client]) -> None:
    saved = {
        name: AidCalculation.objects.get(client=client).proposed_aid
        for name, client in calculated.items()
    }
    assert saved == {
        "alone": Decimal("280.00"),
        "parent": Decimal("0.00"),
        "other": Decimal("0.00"),
    }


def test_preview_counts_the_clients_whose_aid_would_differ(
    calculated: dict[str, Client], draft: BudgetVersion
) -> None:
    impact = impact_preview(version=draft)
    assert impact.total.clients == 3
    assert impact.total.changed == 2
    assert impact.total.higher == 2
    assert impact.total.lower == 0
    assert impact.total.old_total == Decimal("280.00")
    assert impact.total.new_total == Decimal("392.00")
    assert impact.total.difference == Decimal("112.00")


def test_preview_gives_the_same_figures_per_team(
    calculated: dict[str, Client], draft: BudgetVersion
) -> None:
    impact = impact_preview(version=draft)
    figures = [(t.team, t.clients, t.changed, t.difference) for t in impact.teams]
    assert figures == [
        ("Centrum", 2, 1, Decimal("66.00")),
        ("Heule", 1, 1, Decimal("46.00")),
    ]


def test_preview_uses_the_policy_values_of_the_snapshot(
    calculated: dict[str, Client], draft: BudgetVersion
) -> None:
    # A later change to the policy does not touch the saved snapshot.
    calc = AidCalculation.objects.get(client=calculated["alone"])
    breakdown = calc.breakdown
    breakdown["policy"]["coverage_percent"] = "50.00"
    aid_calculations_forge(AidCalculation.objects.filter(pk=calc.pk), breakdown=breakdown)
    impact = impact_preview(version=draft)
    centrum = impact.teams[0]
    # Alone: half of the 646 - 300 shortfall is 173, against 280 saved.
    assert centrum.new_total == Decimal("173.00")
    assert centrum.difference == Decimal("-107.00")
    assert impact.total.lower == 1


def test_preview_uses_only_the_latest_calculation_of_a_client(
    calculated: dict[str, Client], draft: BudgetVersion
) -> None:
    alone = calculated["alone"]
    Income.objects.filter(client=alone).update(net_monthly=Decimal("2000.00"))
    worker = alone.assignments.get().worker
    _save(worker, alone)  # aid 0 now; with the draft still 0
    impact = impact_preview(version=draft)
    assert impact.total.clients == 3
    assert impact.teams[0].changed == 0


def test_preview_leaves_out_calculations_older_than_twelve_months(
    calculated: dict[str, Client], draft: BudgetVersion
) -> None:
    aid_calculations_forge(
        AidCalculation.objects.filter(client=calculated["other"]),
        created_at=NOW - dt.timedelta(days=366),
    )
    impact = impact_preview(version=draft)
    assert [t.team for t in impact.teams] == ["Centrum"]
    assert impact.since == dt.date(2025, 3, 16)


def test_preview_names_no_client(calculated: dict[str, Client], draft: BudgetVersion) -> None:
    text = repr(impact_preview(version=draft))
    for client in calculated.values():
        assert client.last_name not in text


def test_preview_of_an_incomplete_draft_compares_nothing(
    calculated: dict[str, Client], admin_user: User
) -> None:
    incomplete = budget_version(
        actor=admin_user,
        published=False,
        valid_from=dt.date(2031, 1, 1),
        amounts={
            person_cell("food", "18-64", "F"): Decimal("1.00"),
            household_cell("safety", 1): Decimal("1.00"),
        },
    )
    impact = impact_preview(version=incomplete)
    assert len(impact.missing) == 126 - 2
    assert impact.total.clients == 0


@pytest.mark.parametrize("extra", [0, 6])
def test_preview_queries_do_not_grow_with_calculations(
    calculated: dict[str, Client], draft: BudgetVersion, extra: int, django_assert_num_queries: Any
) -> None:
    worker = calculated["alone"].assignments.get().worker
    for _ in range(extra):
        _save(worker, _client(worker, "100.00"))
    # the draft's amounts, the latest calculations with their clients' teams
    with django_assert_num_queries(2):
        impact = impact_preview(version=draft)
    assert impact.total.clients == 3 + extra


def test_latest_calculations_is_one_query_with_the_team(
    calculated: dict[str, Client], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        teams = [str(c.client.team) for c in latest_calculations(since=NOW - dt.timedelta(days=1))]
    assert sorted(teams) == ["Centrum", "Centrum", "Heule"]
