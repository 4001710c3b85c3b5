"""The what-if "they take a job", without a database: the leefloon continues, less the net wage
above the exemption for socio-professional integration (art. 35 KB 11 juli 2002); the
unemployment benefit stops; nobody else's income changes.

Figures: the single leefloon of 1,314.20 and the exemption of 309.48, both from 1-2-2025.
"""

import datetime as dt
from decimal import Decimal

import pytest

from budgets.calculation import (
    CLIENT_KEY,
    Costs,
    Household,
    IncomeLine,
    Person,
    job_start,
    with_job,
)
from clients.models import Income

D = Decimal
EXEMPTION = D("309.48")
PARTNER = "member-1"


def line(kind: str, amount: str, key: str = CLIENT_KEY, hypothetical: bool = False) -> IncomeLine:
    return IncomeLine(person_key=key, kind=kind, amount=D(amount), hypothetical=hypothetical)


def household(*incomes: IncomeLine) -> Household:
    return Household(
        on=dt.date(2025, 6, 1),
        persons=(
            Person(key=CLIENT_KEY, name="Fatima", relation=CLIENT_KEY, sex="F", age=38),
            Person(key=PARTNER, name="Karim", relation="partner", sex="M", age=40),
        ),
        incomes=incomes,
        costs=Costs(),
    )


LEEFLOON = line(Income.Kind.LEEFLOON, "1314.20")
WAGE = Income.Kind.WAGE


def test_the_leefloon_continues_less_the_wage_above_the_exemption() -> None:
    # 1,314.20 - (1,600.00 - 309.48) = 23.68.
    after = with_job(household(LEEFLOON), CLIENT_KEY, D("1600.00"), EXEMPTION)

    assert after.incomes == (
        line(Income.Kind.LEEFLOON, "23.68", hypothetical=True),
        line(WAGE, "1600.00", hypothetical=True),
    )
    job = job_start(household(LEEFLOON), CLIENT_KEY, D("1600.00"), EXEMPTION)
    assert (job.leefloon, job.counted_wage, job.leefloon_kept) == (
        D("1314.20"),
        D("1290.52"),
        D("23.68"),
    )
    assert job.leefloon_outcome == "reduced"


@pytest.mark.parametrize("wage", ["120.00", "309.48"])
def test_a_wage_within_the_exemption_keeps_the_whole_leefloon(wage: str) -> None:
    after = with_job(household(LEEFLOON), CLIENT_KEY, D(wage), EXEMPTION)

    assert after.incomes == (LEEFLOON, line(WAGE, wage, hypothetical=True))
    job = job_start(household(LEEFLOON), CLIENT_KEY, D(wage), EXEMPTION)
    assert (job.leefloon_kept, job.leefloon_outcome) == (D("1314.20"), "whole")


@pytest.mark.parametrize("wage", ["1623.68", "3000.00"])
def test_a_wage_far_above_the_exemption_stops_the_leefloon(wage: str) -> None:
    # From 1,314.20 + 309.48 = 1,623.68 on, nothing of the leefloon is left.
    after = with_job(household(LEEFLOON), CLIENT_KEY, D(wage), EXEMPTION)

    assert after.incomes == (line(WAGE, wage, hypothetical=True),)
    job = job_start(household(LEEFLOON), CLIENT_KEY, D(wage), EXEMPTION)
    assert (job.leefloon_kept, job.leefloon_outcome) == (D("0.00"), "stops")


def test_the_unemployment_benefit_stops_and_no_exemption_applies() -> None:
    benefit = line(Income.Kind.UNEMPLOYMENT, "1100.00")
    child_benefit = line(Income.Kind.GROEIPAKKET, "180.00")

    after = with_job(household(benefit, child_benefit), CLIENT_KEY, D("1400.00"), EXEMPTION)

    assert after.incomes == (child_benefit, line(WAGE, "1400.00", hypothetical=True))
    job = job_start(household(benefit, child_benefit), CLIENT_KEY, D("1400.00"), EXEMPTION)
    assert (job.leefloon, job.leefloon_outcome, job.stopped) == (None, "none", (benefit,))


def test_another_persons_leefloon_and_benefit_are_untouched() -> None:
    partners_leefloon = line(Income.Kind.LEEFLOON, "876.13", key=PARTNER)
    partners_benefit = line(Income.Kind.UNEMPLOYMENT, "900.00", key=PARTNER)

    after = with_job(
        household(LEEFLOON, partners_leefloon, partners_benefit),
        CLIENT_KEY,
        D("3000.00"),
        EXEMPTION,
    )

    assert after.incomes == (
        partners_leefloon,
        partners_benefit,
        line(WAGE, "3000.00", hypothetical=True),
    )


def test_two_leefloon_lines_of_one_person_count_as_one_leefloon() -> None:
    # 600.00 + 714.20 = 1,314.20, less 1,600.00 - 309.48: 23.68 left, in one line.
    split = (line(Income.Kind.LEEFLOON, "600.00"), line(Income.Kind.LEEFLOON, "714.20"))

    after = with_job(household(*split), CLIENT_KEY, D("1600.00"), EXEMPTION)

    assert after.incomes == (
        line(Income.Kind.LEEFLOON, "23.68", hypothetical=True),
        line(WAGE, "1600.00", hypothetical=True),
    )
