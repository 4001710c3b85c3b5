"""The household of a calculation is the file as it was (or will be) on the calculation date:
members who live there that day, incomes that run that day (issue 15, "everything dated").
Pure: unsaved rows, no database; a property checks that an income valid only after the date
never changes the household, and so never the result."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from budgets.calculation import CLIENT_KEY, household_on, household_to_json
from clients.models import Client, HouseholdMember, Income

ON = dt.date(2026, 3, 31)
D = Decimal


def client(**fields: object) -> Client:
    values: dict[str, object] = {"household_confirmed_on": dt.date(2026, 1, 10), **fields}
    return Client(
        pk=1,
        first_name="Fatima",
        last_name="El Amrani",
        birth_date=dt.date(1987, 4, 12),
        sex="F",
        **values,
    )


def member(pk: int, **fields: object) -> HouseholdMember:
    values: dict[str, object] = {
        "first_name": f"Kind {pk}",
        "last_name": "El Amrani",
        "birth_date": dt.date(2015, 3, 2),
        "sex": "M",
        "relation": HouseholdMember.Relation.CHILD,
        **fields,
    }
    return HouseholdMember(pk=pk, client_id=1, **values)


def income(net: str, *, member_id: int | None = None, **fields: object) -> Income:
    values: dict[str, object] = {"kind": Income.Kind.WAGE, **fields}
    return Income(client_id=1, member_id=member_id, net_monthly=D(net), **values)


def amounts(household: object) -> list[Decimal]:
    return [line.amount for line in household.incomes]  # type: ignore[attr-defined]


def test_an_income_that_starts_next_month_does_not_count_today() -> None:
    lines = [
        income("900.00"),
        income("500.00", kind=Income.Kind.OTHER, starts_on=dt.date(2026, 4, 1)),
    ]
    assert amounts(household_on(client(), ON, members=[], incomes=lines)) == [D("900.00")]
    assert amounts(household_on(client(), dt.date(2026, 4, 1), members=[], incomes=lines)) == [
        D("900.00"),
        D("500.00"),
    ]


def test_a_stopped_income_counts_until_its_last_day_only() -> None:
    stopped = income("1200.00", ends_on=dt.date(2026, 2, 28))
    assert amounts(household_on(client(), dt.date(2026, 2, 28), members=[], incomes=[stopped])) == [
        D("1200.00")
    ]
    assert amounts(household_on(client(), ON, members=[], incomes=[stopped])) == []


def test_a_change_from_a_date_gives_each_day_its_own_amount() -> None:
    """What income_change_from leaves in the file: the old line ended, the new one started."""
    lines = [
        income("1000.00", ends_on=dt.date(2026, 2, 28)),
        income("1100.00", starts_on=dt.date(2026, 3, 1)),
    ]
    assert amounts(household_on(client(), dt.date(2026, 2, 15), members=[], incomes=lines)) == [
        D("1000.00")
    ]
    assert amounts(household_on(client(), ON, members=[], incomes=lines)) == [D("1100.00")]


def test_a_child_born_after_the_date_is_not_priced() -> None:
    baby = member(2, birth_date=dt.date(2026, 5, 3))
    household = household_on(client(), ON, members=[baby], incomes=[])
    assert [p.key for p in household.persons] == [CLIENT_KEY]
    later = household_on(client(), dt.date(2026, 6, 1), members=[baby], incomes=[])
    assert [(p.key, p.age) for p in later.persons] == [(CLIENT_KEY, 39), ("member-2", 0)]


def test_a_member_counts_from_joining_until_leaving_with_their_income() -> None:
    partner = member(
        3,
        relation=HouseholdMember.Relation.PARTNER,
        birth_date=dt.date(1984, 1, 1),
        joined_on=dt.date(2025, 9, 1),
        left_on=dt.date(2026, 2, 14),
    )
    lines = [income("900.00"), income("1500.00", member_id=3)]
    before = household_on(client(), dt.date(2025, 8, 31), members=[partner], incomes=lines)
    during = household_on(client(), dt.date(2026, 1, 1), members=[partner], incomes=lines)
    after = household_on(client(), ON, members=[partner], incomes=lines)
    assert (before.size, amounts(before)) == (1, [D("900.00")])
    assert (during.size, amounts(during)) == (2, [D("900.00"), D("1500.00")])
    assert (after.size, amounts(after)) == (1, [D("900.00")])


def test_the_snapshot_names_when_the_household_was_confirmed() -> None:
    household = household_on(client(), ON, members=[], incomes=[])
    assert household_to_json(household)["confirmed_on"] == "2026-01-10"
    unknown = household_on(client(household_confirmed_on=None), ON, members=[], incomes=[])
    assert household_to_json(unknown)["confirmed_on"] is None


days = st.integers(min_value=1, max_value=2000).map(lambda n: ON + dt.timedelta(days=n))
nets = st.decimals(min_value=0, max_value=5000, places=2)
kinds = st.sampled_from([k.value for k in Income.Kind])


@given(
    start=days,
    end_after=st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
    net=nets,
    kind=kinds,
    whose=st.sampled_from([None, 2]),
)
def test_an_income_valid_only_after_the_date_never_changes_the_household(
    start: dt.date, end_after: int | None, net: Decimal, kind: str, whose: int | None
) -> None:
    child = member(2)
    base = [income("900.00"), income("186.00", member_id=2, kind=Income.Kind.GROEIPAKKET)]
    later = income(
        str(net),
        member_id=whose,
        kind=kind,
        starts_on=start,
        ends_on=None if end_after is None else start + dt.timedelta(days=end_after),
    )
    without = household_on(client(), ON, members=[child], incomes=base)
    with_later = household_on(client(), ON, members=[child], incomes=[*base, later])
    assert with_later == without


@given(left=days, net=nets)
def test_a_member_who_joins_after_the_date_never_changes_the_household(
    left: dt.date, net: Decimal
) -> None:
    newcomer = member(4, birth_date=dt.date(1990, 1, 1), joined_on=left)
    base = [income("900.00")]
    without = household_on(client(), ON, members=[], incomes=base)
    with_newcomer = household_on(
        client(), ON, members=[newcomer], incomes=[*base, income(str(net), member_id=4)]
    )
    assert with_newcomer == without
