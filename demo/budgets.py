"""A demo reference budget and a demo aid policy, clearly labelled as demo.

REMI's real item prices are inside a licensed tool and are not public (see
shared/domain/reference-budgets.md), so these figures are invented. They are chosen so that a
2025-era private-renting household lands in the plausibility ranges of the domain document
(tested in tests/demo/test_demo_budget.py): a single person 1,400-1,900; a single parent with
two children 2,400-3,100; a couple with two children 2,900-3,500 (rent included).
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from budgets.models import (
    KNOWN_SPI_EXEMPTION,
    KNOWN_SPI_EXEMPTION_SOURCE,
    AgeBand,
    AidPolicy,
    BudgetVersion,
    Component,
    VersionStatus,
)
from budgets.services.versions import (
    Cell,
    aid_policy_create,
    aid_policy_publish,
    budget_version_create,
    budget_version_publish,
    household_cell,
    person_cell,
)
from wijkteams.models import User

DEMO_VERSION_NAME = "Demo-referentiebudget 2025 (fictieve bedragen)"
DEMO_POLICY_NAME = "Demo-steunbeleid 2025"
DEMO_VALID_FROM = dt.date(2025, 1, 1)

C = Component
B = AgeBand
# Per person and month, by age band; food also by sex (female, male).
FOOD = {
    B.AGE_0_2: (120, 120),
    B.AGE_3_5: (135, 135),
    B.AGE_6_11: (165, 175),
    B.AGE_12_17: (240, 265),
    B.AGE_18_64: (230, 260),
    B.AGE_65: (215, 240),
}
PERSON = {
    #                 clothing health personal rest mobility childhood night
    B.AGE_0_2: (40, 30, 45, 20, 5, 220, 20),
    B.AGE_3_5: (40, 25, 15, 35, 10, 140, 12),
    B.AGE_6_11: (45, 25, 15, 45, 20, 110, 12),
    B.AGE_12_17: (65, 30, 30, 60, 35, 90, 15),
    B.AGE_18_64: (55, 45, 35, 75, 50, 0, 15),
    B.AGE_65: (45, 70, 35, 70, 40, 0, 15),
}
PERSON_ORDER = (
    C.CLOTHING,
    C.HEALTH_CARE,
    C.PERSONAL_CARE,
    C.REST_RELAXATION,
    C.MOBILITY,
    C.SAFE_CHILDHOOD,
    C.NIGHT_REST,
)
# Per household and month, by household size 1 to 6 (6: six or more).
HOUSEHOLD = {
    C.HOUSING: (40, 45, 55, 60, 65, 70),
    C.ENERGY_WATER: (160, 200, 230, 245, 270, 290),
    C.RELATIONS: (95, 110, 120, 130, 140, 150),
    C.SAFETY: (35, 40, 45, 50, 55, 60),
    C.UNFORESEEN: (50, 65, 80, 90, 100, 110),
}


def demo_amounts() -> dict[Cell, Decimal]:
    amounts: dict[Cell, Decimal] = {}
    for band, (female, male) in FOOD.items():
        amounts[person_cell(C.FOOD, band, "F")] = Decimal(female)
        amounts[person_cell(C.FOOD, band, "M")] = Decimal(male)
    for band, values in PERSON.items():
        for component, value in zip(PERSON_ORDER, values, strict=True):
            for sex in ("F", "M"):
                amounts[person_cell(component, band, sex)] = Decimal(value)
    for component, sizes in HOUSEHOLD.items():
        for size, value in enumerate(sizes, start=1):
            amounts[household_cell(component, size)] = Decimal(value)
    return {cell: amount.quantize(Decimal("0.01")) for cell, amount in amounts.items()}


@transaction.atomic
def seed_budgets(*, administrator: User) -> bool:
    """The demo version and policy, published from 1 January 2025. Idempotent: True if made."""
    if BudgetVersion.objects.filter(name=DEMO_VERSION_NAME).exists():
        return False
    version = budget_version_create(
        actor=administrator,
        name=DEMO_VERSION_NAME,
        valid_from=DEMO_VALID_FROM,
        is_demo=True,
        notes="Demo: fictieve bedragen om de toepassing uit te proberen, geen REMI-prijzen.",
        amounts=demo_amounts(),
    )
    budget_version_publish(actor=administrator, version=version)
    if not AidPolicy.objects.filter(status=VersionStatus.PUBLISHED).exists():
        policy = aid_policy_create(
            actor=administrator,
            fields={
                "name": DEMO_POLICY_NAME,
                "valid_from": DEMO_VALID_FROM,
                "notes": "Demo: een voorbeeld van lokaal beleid.",
                "coverage_percent": Decimal("100.00"),
                "monthly_cap": Decimal("500.00"),
                "minimum_amount": Decimal("10.00"),
                "rounding": AidPolicy.Rounding.EURO_DOWN,
                "max_months": 6,
                "activation_required": True,
                "excluded_income_kinds": [],
                "spi_exemption": KNOWN_SPI_EXEMPTION,
                "spi_exemption_source": KNOWN_SPI_EXEMPTION_SOURCE,
            },
        )
        aid_policy_publish(actor=administrator, policy=policy)
    return True
