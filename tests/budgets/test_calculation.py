"""The REMI calculation, checked against households priced by hand.

The budget table below is made up for these tests (it is not the demo's): every component, age
band and sex has its own amount, so a lookup in the wrong cell changes the total. The expected
figures are worked out in the comments from this table, not from the code.

Per person and month (food, clothing, health care, personal care, rest and relaxation,
mobility, safe childhood, night rest) and the person's total:

    0-2   F  100.00  30.00  25.00  45.00  15.00   5.00  210.00  20.00   = 450.00
    0-2   M  102.00  31.00  26.00  46.00  16.00   6.00  211.00  21.00   = 459.00
    3-5   F  130.00  35.00  20.00  15.00  30.00  10.00  140.00  12.00   = 392.00
    3-5   M  134.00  36.00  21.00  16.00  31.00  11.00  141.00  13.00   = 403.00
    6-11  F  160.00  40.00  22.00  14.00  40.00  20.00  110.00  11.00   = 417.00
    6-11  M  170.00  42.00  23.00  15.00  41.00  21.00  111.00  12.00   = 435.00
    12-17 F  235.00  60.00  28.00  30.00  55.00  35.00   90.00  14.00   = 547.00
    12-17 M  265.00  62.00  29.00  31.00  56.00  36.00   91.00  15.00   = 585.00
    18-64 F  225.00  55.00  45.00  35.00  75.00  50.00    0.00  15.00   = 500.00
    18-64 M  255.00  57.00  46.00  36.01  76.00  51.00    0.00  16.00   = 537.01
    65+   F  210.00  45.00  70.00  34.00  70.00  40.00    0.00  14.00   = 483.00
    65+   M  240.00  47.00  71.00  35.00  71.00  41.00    0.00  15.00   = 520.00

Per household and month by size 1 to 6 (housing maintenance, energy and water, relations,
safety, unforeseen) and the household's total:

    1   41.10  150.00   90.05  30.00   45.00   = 356.15
    2   46.20  190.00  105.05  35.00   60.00   = 436.25
    3   51.30  220.00  115.05  40.00   75.00   = 501.35
    4   56.40  240.00  125.05  45.00   85.00   = 551.45
    5   61.50  260.00  135.05  50.00   95.00   = 601.55
    6   66.60  280.00  145.05  55.00  105.00   = 651.65
"""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgets.calculation import (
    CLIENT_KEY,
    RENT_LINE,
    BudgetTable,
    Costs,
    Household,
    IncomeLine,
    Person,
    PolicyValues,
    Result,
    calculate,
    round_aid,
)
from budgets.models import AgeBand, AidPolicy, Component, age_band_for
from clients.models import Income

D = Decimal
C = Component
PERSON_ORDER = (
    C.FOOD,
    C.CLOTHING,
    C.HEALTH_CARE,
    C.PERSONAL_CARE,
    C.REST_RELAXATION,
    C.MOBILITY,
    C.SAFE_CHILDHOOD,
    C.NIGHT_REST,
)
PERSON_ROWS = {
    ("0-2", "F"): ("100.00", "30.00", "25.00", "45.00", "15.00", "5.00", "210.00", "20.00"),
    ("0-2", "M"): ("102.00", "31.00", "26.00", "46.00", "16.00", "6.00", "211.00", "21.00"),
    ("3-5", "F"): ("130.00", "35.00", "20.00", "15.00", "30.00", "10.00", "140.00", "12.00"),
    ("3-5", "M"): ("134.00", "36.00", "21.00", "16.00", "31.00", "11.00", "141.00", "13.00"),
    ("6-11", "F"): ("160.00", "40.00", "22.00", "14.00", "40.00", "20.00", "110.00", "11.00"),
    ("6-11", "M"): ("170.00", "42.00", "23.00", "15.00", "41.00", "21.00", "111.00", "12.00"),
    ("12-17", "F"): ("235.00", "60.00", "28.00", "30.00", "55.00", "35.00", "90.00", "14.00"),
    ("12-17", "M"): ("265.00", "62.00", "29.00", "31.00", "56.00", "36.00", "91.00", "15.00"),
    ("18-64", "F"): ("225.00", "55.00", "45.00", "35.00", "75.00", "50.00", "0.00", "15.00"),
    ("18-64", "M"): ("255.00", "57.00", "46.00", "36.01", "76.00", "51.00", "0.00", "16.00"),
    ("65+", "F"): ("210.00", "45.00", "70.00", "34.00", "70.00", "40.00", "0.00", "14.00"),
    ("65+", "M"): ("240.00", "47.00", "71.00", "35.00", "71.00", "41.00", "0.00", "15.00"),
}
HOUSEHOLD_ORDER = (C.HOUSING, C.ENERGY_WATER, C.RELATIONS, C.SAFETY, C.UNFORESEEN)
HOUSEHOLD_ROWS = {
    1: ("41.10", "150.00", "90.05", "30.00", "45.00"),
    2: ("46.20", "190.00", "105.05", "35.00", "60.00"),
    3: ("51.30", "220.00", "115.05", "40.00", "75.00"),
    4: ("56.40", "240.00", "125.05", "45.00", "85.00"),
    5: ("61.50", "260.00", "135.05", "50.00", "95.00"),
    6: ("66.60", "280.00", "145.05", "55.00", "105.00"),
}
ON = dt.date(2025, 6, 1)


def table() -> BudgetTable:
    return BudgetTable(
        version_id=7,
        version_name="Testversie",
        person={
            (component, band, sex): D(value)
            for (band, sex), values in PERSON_ROWS.items()
            for component, value in zip(PERSON_ORDER, values, strict=True)
        },
        household={
            (component, size): D(value)
            for size, values in HOUSEHOLD_ROWS.items()
            for component, value in zip(HOUSEHOLD_ORDER, values, strict=True)
        },
    )


def policy(**changes: object) -> PolicyValues:
    """Covers the whole shortfall, no cap, no minimum, to the cent, unless told."""
    values = PolicyValues(
        policy_id=3,
        policy_name="Testbeleid",
        coverage_percent=D("100.00"),
        monthly_cap=None,
        minimum_amount=D("0.00"),
        rounding=AidPolicy.Rounding.CENT,
        max_months=6,
        activation_required=True,
        excluded_income_kinds=frozenset(),
        spi_exemption=D("309.48"),
    )
    return replace(values, **changes)  # type: ignore[arg-type]  # test helper: any field


def person(key: str, sex: str, age: int | None, name: str = "", relation: str = "child") -> Person:
    return Person(key=key, name=name or key, relation=relation, sex=sex, age=age)


def client(sex: str, age: int | None, name: str = "Client") -> Person:
    return Person(key=CLIENT_KEY, name=name, relation=CLIENT_KEY, sex=sex, age=age)


def income(kind: str, amount: str, key: str = CLIENT_KEY) -> IncomeLine:
    return IncomeLine(person_key=key, kind=kind, amount=D(amount))


def household(*persons: Person, incomes: tuple[IncomeLine, ...] = (), **costs: object) -> Household:
    return Household(on=ON, persons=persons, incomes=incomes, costs=Costs(**costs))  # type: ignore[arg-type]  # test helper


def line(result: Result, component: str) -> Decimal:
    return next(x.amount for x in result.lines if x.component == component)


def single_woman(**costs: object) -> Household:
    """A woman of 40 on the single leefloon (1,314.20), renting privately for 650.00."""
    return household(
        client("F", 40),
        incomes=(income(Income.Kind.LEEFLOON, "1314.20"),),
        **{"rent": D("650.00"), **costs},
    )


# --- households priced by hand --------------------------------------------------------------


def test_single_adult() -> None:
    # Person 18-64 F 500.00 + household of 1 356.15 + rent 650.00 = 1,506.15.
    # Saldo 1,314.20 - 1,506.15 = -191.95: the whole shortfall, 191.95, is proposed.
    result = calculate(single_woman(), table(), policy())

    assert result.reference_budget == D("1506.15")
    assert result.available_income == D("1314.20")
    assert result.saldo == D("-191.95")
    assert result.shortfall == D("191.95")
    assert result.proposed_aid == D("191.95")
    assert line(result, C.FOOD) == D("225.00")
    assert line(result, C.ENERGY_WATER) == D("150.00")
    assert line(result, RENT_LINE) == D("650.00")


def test_couple() -> None:
    # 18-64 F 500.00 + 18-64 M 537.01 + household of 2 436.25 + rent 750.00 = 2,223.26.
    # Two cohabitant leefloons 876.13 + 876.13 = 1,752.26; saldo -471.00.
    result = calculate(
        household(
            client("F", 35),
            person("member-1", "M", 38, relation="partner"),
            incomes=(
                income(Income.Kind.LEEFLOON, "876.13"),
                income(Income.Kind.LEEFLOON, "876.13", "member-1"),
            ),
            rent=D("750.00"),
        ),
        table(),
        policy(),
    )

    assert result.reference_budget == D("2223.26")
    assert result.available_income == D("1752.26")
    assert result.saldo == D("-471.00")
    assert result.proposed_aid == D("471.00")
    # Food: 225.00 (F) + 255.00 (M); personal care 35.00 + 36.01.
    assert line(result, C.FOOD) == D("480.00")
    assert line(result, C.PERSONAL_CARE) == D("71.01")
    assert line(result, C.HOUSING) == D("46.20")


def test_single_parent_with_two_children() -> None:
    # Mother 32 (18-64 F) 500.00 + son 8 (6-11 M) 435.00 + daughter 4 (3-5 F) 392.00 = 1,327.00;
    # household of 3 501.35; rent 800.00: 2,628.35.
    # Leefloon with family 1,776.07 + Groeipakket 2 x 190.00 = 2,156.07; saldo -472.28.
    result = calculate(
        household(
            client("F", 32),
            person("member-1", "M", 8),
            person("member-2", "F", 4),
            incomes=(
                income(Income.Kind.LEEFLOON, "1776.07"),
                income(Income.Kind.GROEIPAKKET, "190.00", "member-1"),
                income(Income.Kind.GROEIPAKKET, "190.00", "member-2"),
            ),
            rent=D("800.00"),
        ),
        table(),
        policy(),
    )

    assert result.reference_budget == D("2628.35")
    assert result.available_income == D("2156.07")
    assert result.saldo == D("-472.28")
    assert result.proposed_aid == D("472.28")
    # Safe childhood: 0.00 + 111.00 + 140.00.
    assert line(result, C.SAFE_CHILDHOOD) == D("251.00")
    assert line(result, C.UNFORESEEN) == D("75.00")


def test_couple_with_three_children_one_a_teenager() -> None:
    # Father 45 (18-64 M) 537.01 + mother 41 (18-64 F) 500.00 + son 15 (12-17 M) 585.00
    # + daughter 10 (6-11 F) 417.00 + son 1 (0-2 M) 459.00 = 2,498.01; household of 5 601.55;
    # rent 950.00: 4,049.56. Wage 2,100.00 + Groeipakket 3 x 200.00 = 2,700.00; saldo -1,349.56.
    result = calculate(
        household(
            client("M", 45),
            person("member-1", "F", 41, relation="partner"),
            person("member-2", "M", 15),
            person("member-3", "F", 10),
            person("member-4", "M", 1),
            incomes=(
                income(Income.Kind.WAGE, "2100.00"),
                income(Income.Kind.GROEIPAKKET, "200.00", "member-2"),
                income(Income.Kind.GROEIPAKKET, "200.00", "member-3"),
                income(Income.Kind.GROEIPAKKET, "200.00", "member-4"),
            ),
            rent=D("950.00"),
        ),
        table(),
        policy(),
    )

    assert result.reference_budget == D("4049.56")
    assert result.available_income == D("2700.00")
    assert result.saldo == D("-1349.56")
    assert result.proposed_aid == D("1349.56")
    # Food: 255.00 + 225.00 + 265.00 + 160.00 + 102.00.
    assert line(result, C.FOOD) == D("1007.00")
    assert line(result, C.SAFETY) == D("50.00")


def test_zero_income_gets_the_whole_budget() -> None:
    # No income: the shortfall is the reference budget, 1,506.15 (see the single adult).
    result = calculate(replace(single_woman(), incomes=()), table(), policy())

    assert result.available_income == D("0.00")
    assert result.saldo == D("-1506.15")
    assert result.proposed_aid == D("1506.15")


def test_income_above_the_budget_gives_no_aid() -> None:
    # A wage of 2,000.00 against 1,506.15: saldo +493.85, no shortfall.
    wage = household(
        client("F", 40), incomes=(income(Income.Kind.WAGE, "2000.00"),), rent=D("650.00")
    )
    result = calculate(wage, table(), policy())

    assert result.saldo == D("493.85")
    assert result.shortfall == D("0.00")
    assert result.proposed_aid == D("0.00")
    assert not result.below_minimum
    assert not result.capped


# --- pricing rules --------------------------------------------------------------------------


def test_sex_x_is_priced_at_the_mean_of_female_and_male() -> None:
    # 18-64: food (225.00 + 255.00) / 2 = 240.00; personal care (35.00 + 36.01) / 2 = 35.505,
    # half up 35.51. The person: 240.00 + 56.00 + 45.50 + 35.51 + 75.50 + 50.50 + 0 + 15.50
    # = 518.51; with the household of 1 (356.15): 874.66.
    result = calculate(household(client("X", 30)), table(), policy())

    assert line(result, C.FOOD) == D("240.00")
    assert line(result, C.PERSONAL_CARE) == D("35.51")
    assert result.reference_budget == D("874.66")


def test_household_above_six_uses_the_six_column() -> None:
    # Mother 18-64 F 500.00, father 18-64 M 537.01, six girls of 6-11 at 417.00 (2,502.00):
    # persons 3,539.01 + the column for 6 (651.65) = 4,190.66. Eight people, no rent.
    children = [person(f"member-{i}", "F", 7) for i in range(1, 7)]
    result = calculate(
        household(client("F", 40), person("member-9", "M", 42, relation="partner"), *children),
        table(),
        policy(),
    )

    assert result.household.size == 8
    assert line(result, C.HOUSING) == D("66.60")
    assert line(result, C.ENERGY_WATER) == D("280.00")
    assert result.reference_budget == D("4190.66")


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, AgeBand.AGE_0_2),
        (2, AgeBand.AGE_0_2),
        (3, AgeBand.AGE_3_5),
        (5, AgeBand.AGE_3_5),
        (6, AgeBand.AGE_6_11),
        (11, AgeBand.AGE_6_11),
        (12, AgeBand.AGE_12_17),
        (17, AgeBand.AGE_12_17),
        (18, AgeBand.AGE_18_64),
        (64, AgeBand.AGE_18_64),
        (65, AgeBand.AGE_65),
        (101, AgeBand.AGE_65),
    ],
)
def test_age_bands_start_at_their_lower_bound(age: int, band: AgeBand) -> None:
    assert age_band_for(age) == band


def test_actual_rent_is_a_line_of_its_own_after_housing_maintenance() -> None:
    result = calculate(single_woman(), table(), policy())

    components = [x.component for x in result.lines]
    assert components.index(RENT_LINE) == components.index(C.HOUSING) + 1
    rent = result.lines[components.index(RENT_LINE)]
    assert (rent.standard, rent.amount) == (D("0.00"), D("650.00"))
    assert line(result, C.HOUSING) == D("41.10")  # maintenance stays the standard


def test_illness_costs_are_added_to_health_care() -> None:
    # Health care 45.00 + illness 80.00 = 125.00; the budget 1,506.15 + 80.00 = 1,586.15.
    result = calculate(single_woman(illness=D("80.00")), table(), policy())

    health = next(x for x in result.lines if x.component == C.HEALTH_CARE)
    assert (health.standard, health.amount) == (D("45.00"), D("125.00"))
    assert [(a.kind, a.amount) for a in health.adjustments] == [("illness", D("80.00"))]
    assert result.reference_budget == D("1586.15")


def test_car_costs_count_only_when_a_car_is_necessary() -> None:
    # Mobility 50.00; with a necessary car of 150.00: 200.00 and a budget of 1,656.15.
    not_needed = calculate(single_woman(car=D("150.00")), table(), policy())
    needed = calculate(single_woman(car=D("150.00"), car_necessary=True), table(), policy())

    assert line(not_needed, C.MOBILITY) == D("50.00")
    assert not_needed.reference_budget == D("1506.15")
    assert line(needed, C.MOBILITY) == D("200.00")
    assert needed.reference_budget == D("1656.15")


def test_actual_child_care_and_school_costs_replace_the_safe_childhood_standard() -> None:
    # Mother 18-64 F, son 8 (6-11 M), daughter 4 (3-5 F): standard 0 + 111.00 + 140.00 = 251.00;
    # paid child care 120.00 and school 35.00 replace it: 155.00. Budget without rent
    # 1,327.00 + 501.35 = 1,828.35, minus 251.00, plus 155.00 = 1,732.35.
    family = household(client("F", 32), person("member-1", "M", 8), person("member-2", "F", 4))
    standard = calculate(family, table(), policy())
    actual = calculate(
        replace(family, costs=Costs(childcare=D("120.00"), school=D("35.00"))), table(), policy()
    )

    assert standard.reference_budget == D("1828.35")
    childhood = next(x for x in actual.lines if x.component == C.SAFE_CHILDHOOD)
    assert childhood.replaced
    assert (childhood.standard, childhood.amount) == (D("251.00"), D("155.00"))
    assert actual.reference_budget == D("1732.35")


def test_a_paid_amount_of_zero_still_replaces_the_standard() -> None:
    # 0.00 means "we know: nothing is paid", unlike None ("not known, use the standard").
    family = household(client("F", 32), person("member-1", "M", 8), childcare=D("0.00"))

    assert line(calculate(family, table(), policy()), C.SAFE_CHILDHOOD) == D("0.00")


# --- the policy -----------------------------------------------------------------------------


def test_coverage_percent_takes_its_share_of_the_shortfall_down_to_the_cent() -> None:
    # 75 % of 191.95 = 143.9625, to the cent 143.96.
    result = calculate(single_woman(), table(), policy(coverage_percent=D("75.00")))

    assert result.covered == D("143.96")
    assert result.proposed_aid == D("143.96")


def test_half_a_cent_of_the_covered_share_is_not_paid() -> None:
    # 50 % of 191.95 = 95.975: paying 95.98 would be half a cent above the covered share.
    result = calculate(single_woman(), table(), policy(coverage_percent=D("50.00")))

    assert result.covered == D("95.97")
    assert result.proposed_aid == D("95.97")


def test_cap_limits_the_aid() -> None:
    result = calculate(single_woman(), table(), policy(monthly_cap=D("100.00")))

    assert result.proposed_aid == D("100.00")
    assert result.capped


def test_aid_below_the_cap_is_not_capped() -> None:
    result = calculate(single_woman(), table(), policy(monthly_cap=D("191.95")))

    assert result.proposed_aid == D("191.95")
    assert not result.capped


def test_aid_below_the_minimum_is_not_proposed() -> None:
    result = calculate(single_woman(), table(), policy(minimum_amount=D("191.96")))

    assert result.proposed_aid == D("0.00")
    assert result.below_minimum


def test_aid_of_exactly_the_minimum_is_paid() -> None:
    result = calculate(single_woman(), table(), policy(minimum_amount=D("191.95")))

    assert result.proposed_aid == D("191.95")
    assert not result.below_minimum


@pytest.mark.parametrize(
    ("rounding", "rent", "aid", "not_rounded_up"),
    [
        # The rent sets the shortfall: 191.95 + (rent - 650.00).
        (AidPolicy.Rounding.CENT, "650.00", "191.95", False),
        (AidPolicy.Rounding.EURO_DOWN, "650.00", "191.00", False),
        # To the nearest euro: down as usual below .50; at .50 and above, up would pay more
        # than the covered share, so down too; a whole euro stays.
        (AidPolicy.Rounding.EURO_NEAREST, "649.54", "191.00", False),  # 191.49
        (AidPolicy.Rounding.EURO_NEAREST, "649.55", "191.00", True),  # 191.50
        (AidPolicy.Rounding.EURO_NEAREST, "650.00", "191.00", True),  # 191.95
        (AidPolicy.Rounding.EURO_NEAREST, "650.05", "192.00", False),  # 192.00 exactly
        (AidPolicy.Rounding.FIVE_EURO_DOWN, "654.80", "195.00", False),  # 196.75
        (AidPolicy.Rounding.TEN_EURO_DOWN, "654.80", "190.00", False),  # 196.75
        (AidPolicy.Rounding.TEN_EURO_DOWN, "658.05", "200.00", False),  # 200.00 exactly
    ],
)
def test_rounding_modes(rounding: str, rent: str, aid: str, not_rounded_up: bool) -> None:
    result = calculate(single_woman(rent=D(rent)), table(), policy(rounding=rounding))

    assert result.proposed_aid == D(aid)
    assert result.proposed_aid <= result.covered
    assert result.proposed_aid.as_tuple().exponent == -2
    assert result.not_rounded_up is not_rounded_up


@pytest.mark.parametrize(
    ("amount", "rounding", "rounded"),
    [
        (D("100.49"), AidPolicy.Rounding.EURO_NEAREST, D("100.00")),
        (D("100.50"), AidPolicy.Rounding.EURO_NEAREST, D("100.00")),
        (D("100.60"), AidPolicy.Rounding.EURO_NEAREST, D("100.00")),
        (D("100.99"), AidPolicy.Rounding.EURO_NEAREST, D("100.00")),
        (D("101.00"), AidPolicy.Rounding.EURO_NEAREST, D("101.00")),
        (D("0.60"), AidPolicy.Rounding.EURO_NEAREST, D("0.00")),
        (D("100.60"), AidPolicy.Rounding.EURO_DOWN, D("100.00")),
        (D("104.99"), AidPolicy.Rounding.FIVE_EURO_DOWN, D("100.00")),
        (D("105.00"), AidPolicy.Rounding.FIVE_EURO_DOWN, D("105.00")),
        (D("109.99"), AidPolicy.Rounding.TEN_EURO_DOWN, D("100.00")),
        (D("100.60"), AidPolicy.Rounding.CENT, D("100.60")),
        # A share in tenths of a cent (not what `calculate` passes) goes down to the cent,
        # not down to the euro.
        (D("100.605"), AidPolicy.Rounding.CENT, D("100.60")),
        (D("100.604"), AidPolicy.Rounding.CENT, D("100.60")),
    ],
)
def test_round_aid_never_rounds_above_the_amount(
    amount: Decimal, rounding: str, rounded: Decimal
) -> None:
    assert round_aid(amount, rounding) == rounded


def test_after_rounding_down_the_cap_and_the_minimum_still_apply() -> None:
    # Covered 100.60 rounds to 100.00: under a cap of 100.50, so not capped; under a minimum
    # of 100.50, so not proposed. Under a cap of 50.00 the rounding did not matter.
    nearest = AidPolicy.Rounding.EURO_NEAREST
    cheap = single_woman(rent=D("558.65"))

    under_cap = calculate(cheap, table(), policy(rounding=nearest, monthly_cap=D("100.50")))
    under_minimum = calculate(cheap, table(), policy(rounding=nearest, minimum_amount=D("100.50")))
    capped = calculate(cheap, table(), policy(rounding=nearest, monthly_cap=D("50.00")))

    assert (under_cap.proposed_aid, under_cap.capped, under_cap.not_rounded_up) == (
        D("100.00"),
        False,
        True,
    )
    assert (under_minimum.proposed_aid, under_minimum.below_minimum) == (D("0.00"), True)
    assert under_minimum.not_rounded_up
    assert (capped.proposed_aid, capped.capped, capped.not_rounded_up) == (
        D("50.00"),
        True,
        False,
    )


def test_nearest_euro_never_rounds_above_the_covered_share() -> None:
    # Rent 558.65 makes the shortfall 191.95 - 91.35 = 100.60. To the nearest euro that is
    # 101.00, more than the covered share: the aid rounds down to 100.00 instead.
    result = calculate(
        single_woman(rent=D("558.65")), table(), policy(rounding=AidPolicy.Rounding.EURO_NEAREST)
    )

    assert result.covered == D("100.60")
    assert result.proposed_aid == D("100.00")
    assert result.not_rounded_up


def test_nearest_euro_never_rounds_above_a_partly_covered_shortfall() -> None:
    # 50 % of 191.95 = 95.975, down to the cent 95.97; the nearest euro, 96.00, would pay more
    # than the covered share (though less than the shortfall).
    result = calculate(
        single_woman(),
        table(),
        policy(coverage_percent=D("50.00"), rounding=AidPolicy.Rounding.EURO_NEAREST),
    )

    assert result.covered == D("95.97")
    assert result.proposed_aid == D("95.00")
    assert result.not_rounded_up


def test_excluded_income_kinds_do_not_count_but_are_listed() -> None:
    # Leefloon 1,314.20 counts; the rent premium of 200.00 is excluded by the policy.
    with_premium = replace(
        single_woman(),
        incomes=(
            income(Income.Kind.LEEFLOON, "1314.20"),
            income(Income.Kind.RENT_PREMIUM, "200.00"),
        ),
    )
    result = calculate(
        with_premium, table(), policy(excluded_income_kinds=frozenset({"rent_premium"}))
    )

    assert result.available_income == D("1314.20")
    assert result.proposed_aid == D("191.95")
    assert [(i.line.kind, i.counts) for i in result.incomes] == [
        ("leefloon", True),
        ("rent_premium", False),
    ]


# --- bad input ------------------------------------------------------------------------------


def test_member_without_birth_date_is_refused_with_a_dutch_message_naming_them() -> None:
    family = household(client("F", 32, name="Sara Peeters"), person("member-1", "M", None, "Lucas"))

    with pytest.raises(ValidationError) as error:
        calculate(family, table(), policy())

    assert error.value.code == "birth_date_missing"
    assert error.value.messages == [
        "De geboortedatum van Lucas ontbreekt: het budget hangt af van de leeftijd."
    ]


def test_a_version_without_a_needed_cell_names_it() -> None:
    incomplete = table()
    person_cells = {k: v for k, v in incomplete.person.items() if k != ("food", "65+", "M")}
    with pytest.raises(ValidationError) as error:
        calculate(household(client("M", 70)), replace(incomplete, person=person_cells), policy())

    assert error.value.code == "incomplete_version"
    assert "food / 65+ / M" in error.value.messages[0]
    assert "Testversie" in error.value.messages[0]
