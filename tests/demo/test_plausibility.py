"""Demo households obey the same rules as real ones (issue 15): no leefloon at eleven, no
pension at thirty, no child benefit at forty, no gross income of last year on a job begun this
year. First the rules themselves (each must catch what it names), then every demo file the seed
saves, at 300 and at 10,000 clients."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from clients.models import Client, HouseholdMember, Income
from demo.clients import demo_client_count
from demo.plausibility import file_problems

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 5)
D = Decimal
Kind = Income.Kind
Relation = HouseholdMember.Relation
Level = HouseholdMember.SchoolLevel


def client(born: dt.date = dt.date(1990, 1, 1), **fields: Any) -> Client:
    return Client(first_name="An", last_name="Peeters", birth_date=born, sex="F", **fields)


def member(relation: str, born: dt.date, **fields: Any) -> HouseholdMember:
    return HouseholdMember(
        first_name="Lid", last_name="Peeters", birth_date=born, sex="M", relation=relation, **fields
    )


def income(kind: str, net: str = "1000.00", **fields: Any) -> Income:
    return Income(kind=kind, net_monthly=D(net), **fields)


def problems(person: Client, members: list[HouseholdMember], lines: list[Any]) -> list[str]:
    return file_problems(person, members, lines, today=TODAY)


CHILD_2008 = member(Relation.CHILD, dt.date(2008, 5, 1), is_dependant=True)
IMPLAUSIBLE = [
    pytest.param(
        client(dt.date(2008, 10, 9), leefloon_since=dt.date(2020, 8, 29)),
        [],
        [(income(Kind.LEEFLOON, "1314.20", starts_on=dt.date(2020, 8, 29)), None)],
        "not yet 18",
        id="leefloon-at-eleven",
    ),
    pytest.param(client(), [], [(income(Kind.PENSION), None)], "pension", id="pension-at-36"),
    pytest.param(client(pensioner=True), [], [], "pensioner of 36", id="pensioner-at-36"),
    pytest.param(
        client(dt.date(1958, 1, 1)),
        [],
        [(income(Kind.IGO, "300.00", starts_on=dt.date(2020, 1, 1)), None)],
        "before age 65",
        id="igo-before-pension-age",
    ),
    pytest.param(
        client(),
        [member(Relation.CHILD, dt.date(1996, 1, 1))],
        [],
        "only 6 years younger",
        id="child-six-years-younger",
    ),
    pytest.param(
        client(dt.date(1960, 1, 1)),
        [adult := member(Relation.CHILD, dt.date(1985, 1, 1), is_dependant=True)],
        [(income(Kind.GROEIPAKKET, "190.00"), adult)],
        "child benefit",
        id="child-benefit-at-41",
    ),
    pytest.param(
        client(),
        [],
        [(income(Kind.LEEFLOON, "2500.00"), None)],
        "leefloon of 2500",
        id="leefloon-above-the-family-amount",
    ),
    pytest.param(
        client(),
        [],
        [
            (
                income(
                    Kind.WAGE, starts_on=dt.date(2026, 3, 1), gross_taxable_last_year=D("20000")
                ),
                None,
            )
        ],
        "gross amount of last year",
        id="gross-of-last-year-on-a-job-of-this-year",
    ),
    pytest.param(
        client(),
        [],
        [(income(Kind.LEEFLOON, "1776.07", leefloon_category="family"), None)],
        "without a dependant",
        id="family-leefloon-without-dependant",
    ),
    pytest.param(
        client(),
        [member(Relation.CHILD, dt.date(2022, 1, 1), school_level=Level.SECONDARY)],
        [],
        "secondary school at 4",
        id="secondary-school-at-four",
    ),
    pytest.param(
        client(),
        [],
        [(income(Kind.GROEIPAKKET, "190.00", gross_taxable_last_year=D("1")), None)],
        "not taxed",
        id="gross-on-an-untaxed-income",
    ),
]


@pytest.mark.parametrize(("person", "members", "lines", "found"), IMPLAUSIBLE)
def test_each_rule_catches_what_it_names(
    person: Client, members: list[HouseholdMember], lines: list[Any], found: str
) -> None:
    assert any(found in problem for problem in problems(person, members, lines)), problems(
        person, members, lines
    )


def test_a_minor_mother_may_have_a_leefloon() -> None:
    """The law opens the leefloon to a minor with a child (and so does the check)."""
    mother = client(dt.date(2009, 3, 1), leefloon_since=dt.date(2026, 6, 1))
    baby = member(Relation.CHILD, dt.date(2026, 2, 1), is_dependant=True)
    line = income(
        Kind.LEEFLOON, "1776.07", leefloon_category="family", starts_on=dt.date(2026, 6, 1)
    )
    assert problems(mother, [baby], [(line, None)]) == []
    too_young = client(dt.date(2011, 3, 1), leefloon_since=dt.date(2026, 6, 1))
    assert any("not yet 18" in p for p in problems(too_young, [], [(line, None)]))


def test_a_plausible_household_has_no_problem() -> None:
    parent = client(dt.date(1985, 1, 1), leefloon_since=dt.date(2024, 1, 1))
    child = member(Relation.CHILD, dt.date(2015, 1, 1), is_dependant=True, school_level="primary")
    lines = [
        (
            income(
                Kind.LEEFLOON, "1776.07", leefloon_category="family", starts_on=dt.date(2024, 1, 1)
            ),
            None,
        ),
        (income(Kind.GROEIPAKKET, "210.00"), child),
        (
            income(
                Kind.WAGE,
                "600.00",
                starts_on=dt.date(2023, 4, 1),
                gross_taxable_last_year=D("9000"),
            ),
            None,
        ),
    ]
    assert problems(parent, [child], lines) == []


# --- the demo the seed saves ------------------------------------------------------------------


@pytest.mark.parametrize("count", [300, 10_000])
def test_every_saved_demo_file_is_plausible(count: int) -> None:
    call_command("seed_demo", "--clients", str(count), stdout=StringIO())
    members: dict[int, list[HouseholdMember]] = defaultdict(list)
    by_pk: dict[int, HouseholdMember] = {}
    for row in HouseholdMember.objects.order_by("pk"):
        members[row.client_id].append(row)
        by_pk[row.pk] = row
    lines: dict[int, list[tuple[Income, HouseholdMember | None]]] = defaultdict(list)
    for line in Income.objects.order_by("pk"):
        lines[line.client_id].append((line, by_pk.get(line.member_id or 0)))
    today = timezone.localdate()
    found = {
        person.pk: problems_of
        for person in Client.objects.order_by("pk")
        if (problems_of := file_problems(person, members[person.pk], lines[person.pk], today=today))
    }
    # The files of `--clients` and those the leefloon demo drew, all plausible.
    assert demo_client_count() == count
    assert Client.objects.count() >= count
    assert found == {}
