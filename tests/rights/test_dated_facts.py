"""What the scan reads of a file is the file on the scan date: members who live there, incomes
that run; last year's gross taxable income from the lines that ran last year (issue 15).
Pure: facts_for over unsaved rows."""

import datetime as dt
from decimal import Decimal

from clients.models import Client, HouseholdMember, Income
from rights.facts import ClientFacts, facts_for
from rights.rules import RULES
from tests.rights.test_rules import params

ON = dt.date(2026, 11, 23)
D = Decimal
VT = "verhoogde_tegemoetkoming"


def client(**fields: object) -> Client:
    values: dict[str, object] = {
        "household_confirmed_on": dt.date(2026, 1, 5),
        "residence_status": Client.ResidenceStatus.BELGIAN,
        **fields,
    }
    return Client(
        pk=1,
        first_name="An",
        last_name="Peeters",
        birth_date=dt.date(1980, 2, 2),
        sex="F",
        **values,
    )


def income(net: str, gross: str | None = None, **fields: object) -> Income:
    values: dict[str, object] = {"kind": Income.Kind.WAGE, **fields}
    return Income(
        client_id=1,
        net_monthly=D(net),
        gross_taxable_last_year=None if gross is None else D(gross),
        **values,
    )


def facts(members: list[HouseholdMember], incomes: list[Income], **fields: object) -> ClientFacts:
    return facts_for(client(**fields), on=ON, members=members, incomes=incomes, rights={}, aid=None)


def test_an_income_that_starts_next_month_is_not_read_today() -> None:
    read = facts([], [income("2500.00", "40000.00", starts_on=dt.date(2026, 12, 1))])
    assert read.incomes == ()
    assert read.annual_net_income() == 0


def test_a_stopped_income_is_not_read_today_but_counts_for_last_year() -> None:
    stopped = income("2500.00", "30000.00", ends_on=dt.date(2026, 3, 31))
    read = facts([], [stopped])
    assert read.incomes == ()
    assert read.gross_taxable_last_year() == D("30000.00")


def test_a_line_that_started_this_year_needs_no_gross_of_last_year() -> None:
    """It had none: a wage begun in March 2026 is not missing data for the income of 2025."""
    started = income("1600.00", None, starts_on=dt.date(2026, 3, 1))
    read = facts([], [started])
    assert read.incomes_missing_gross() == ()
    assert read.gross_taxable_last_year() == 0


def test_a_line_that_ran_last_year_needs_its_gross() -> None:
    read = facts([], [income("1600.00", None, starts_on=dt.date(2025, 6, 1))])
    assert read.gross_taxable_last_year() is None


def test_members_count_from_birth_and_joining_until_leaving() -> None:
    def member(pk: int, **fields: object) -> HouseholdMember:
        values: dict[str, object] = {
            "first_name": f"Lid {pk}",
            "last_name": "Peeters",
            "birth_date": dt.date(2010, 1, 1),
            "sex": "F",
            "relation": HouseholdMember.Relation.CHILD,
            "is_dependant": True,
            **fields,
        }
        return HouseholdMember(pk=pk, client_id=1, **values)

    members = [
        member(2),
        member(3, birth_date=dt.date(2026, 12, 20)),  # not born yet on the scan date
        member(4, joined_on=dt.date(2027, 1, 1)),  # comes to live there later
        member(5, left_on=dt.date(2026, 6, 30)),  # left
    ]
    lines = [income("1800.00", "20000.00"), income("900.00", "9000.00", member_id=5)]
    read = facts(members, lines)
    assert [p.key for p in read.persons] == ["client", "member-2"]
    assert read.dependants == 1
    # The income of the member who left is no longer the household's.
    assert read.gross_taxable_last_year() == D("20000.00")


def test_an_income_announced_for_next_month_opens_no_flag_today() -> None:
    """A low current income for a pensioner, and a higher pension that starts next month: today
    the rule reads today's income only, next month the new one."""
    lines = [
        income("1500.00", "40000.00", kind=Income.Kind.PENSION, ends_on=dt.date(2026, 11, 30)),
        income("2600.00", "40000.00", kind=Income.Kind.PENSION, starts_on=dt.date(2026, 12, 1)),
    ]
    today = facts([], lines, pensioner=True)
    finding = RULES[VT](today, params(VT))
    assert finding is not None
    assert finding.eligible
    assert finding.facts["income"] == "18000.00"
    next_month = facts_for(
        client(pensioner=True),
        on=dt.date(2026, 12, 1),
        members=[],
        incomes=lines,
        rights={},
        aid=None,
    )
    assert RULES[VT](next_month, params(VT)) is None
