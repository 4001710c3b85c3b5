"""The demo reference budget: plausible totals, labelled as demo, seeded once."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from budgets.calculation import (
    CLIENT_KEY,
    Costs,
    Household,
    Person,
    PolicyValues,
    budget_table_load,
    calculate,
)
from budgets.models import AidPolicy, BudgetVersion, VersionStatus
from clients.models import Client
from demo.budgets import DEMO_POLICY_NAME, DEMO_VERSION_NAME, seed_budgets
from demo.city import seed_city
from demo.clients import seed_clients
from demo.clients.plans import years_before
from wijkteams.models import User

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 9, 1)


def household(rent: str, *people: tuple[str, int]) -> Household:
    """The first person is the client; the others are household members."""
    persons = tuple(
        Person(
            key=CLIENT_KEY if i == 0 else f"member-{i}",
            name=f"Persoon {i}",
            relation=CLIENT_KEY if i == 0 else "child",
            sex=sex,
            age=age,
        )
        for i, (sex, age) in enumerate(people)
    )
    return Household(on=ON, persons=persons, incomes=(), costs=Costs(rent=Decimal(rent)))


def demo_total(household: Household) -> Decimal:
    version = BudgetVersion.objects.get(name=DEMO_VERSION_NAME)
    policy = AidPolicy.objects.get(name=DEMO_POLICY_NAME)
    result = calculate(household, budget_table_load(version), PolicyValues.of(policy))
    return result.reference_budget


@pytest.fixture
def demo(admin_user: User) -> None:
    assert seed_budgets(administrator=admin_user)


# The ranges of shared/domain/reference-budgets.md for 2025-era private renters; the rents
# are typical private rents in Kortrijk for these households in 2025.
@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    ("what", "case", "low", "high"),
    [
        # A woman of 40 alone, renting a one-bedroom flat for 750.00.
        ("single", household("750.00", ("F", 40)), 1400, 1900),
        # A mother of 34 with a son of 8 and a daughter of 4, two bedrooms for 850.00.
        ("single parent", household("850.00", ("F", 34), ("M", 8), ("F", 4)), 2400, 3100),
        # A man of 41 and a woman of 39 with a girl of 11 and a boy of 7, a house for 900.00.
        (
            "couple with two children",
            household("900.00", ("M", 41), ("F", 39), ("F", 11), ("M", 7)),
            2900,
            3500,
        ),
    ],
)
def test_demo_totals_are_plausible(what: str, case: Household, low: int, high: int) -> None:
    total = demo_total(case)

    assert low <= total <= high, f"{what}: {total}"


@pytest.mark.usefixtures("demo")
def test_the_demo_version_is_labelled_demo_and_published() -> None:
    version = BudgetVersion.objects.get(is_demo=True)

    assert "Demo" in version.name
    assert version.status == VersionStatus.PUBLISHED
    assert "Demo" in AidPolicy.objects.get(status=VersionStatus.PUBLISHED).name


def test_seed_demo_creates_the_demo_budget_once() -> None:
    for _ in range(2):
        call_command("seed_demo", stdout=StringIO())

    assert BudgetVersion.objects.filter(is_demo=True).count() == 1
    assert BudgetVersion.objects.count() == 1
    assert AidPolicy.objects.count() == 1


def test_seed_budgets_says_when_there_was_nothing_to_do(admin_user: User) -> None:
    assert seed_budgets(administrator=admin_user)
    assert not seed_budgets(administrator=admin_user)


def test_demo_client_files_have_realistic_actual_costs() -> None:
    seed_city()
    seed_clients(target=400)
    clients = Client.objects.all()

    private = clients.filter(tenure=Client.Tenure.PRIVATE)
    assert private.exists()
    assert not private.filter(rent__isnull=True).exists()
    # Sometimes child care, school or illness costs (about 26, 44 and 57 of 400 files); rarely
    # a necessary car (about 8), and car costs only then.
    assert 0 < clients.filter(childcare_costs__isnull=False).count() < 60
    assert 0 < clients.filter(school_costs__isnull=False).count() < 100
    assert 0 < clients.filter(illness_costs__isnull=False).count() < 100
    assert 0 < clients.filter(car_necessary=True).count() < 20
    assert not clients.filter(car_necessary=False, car_costs__isnull=False).exists()
    # Child care only for households with a child under three.
    three_years_ago = years_before(timezone.localdate(), 3)
    for client in clients.filter(childcare_costs__isnull=False).prefetch_related("members"):
        assert max(m.birth_date for m in client.members.all()) > three_years_ago
