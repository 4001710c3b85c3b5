"""The non-take-up rules as plain functions over ClientFacts: one table per right (eligible, not
eligible, both sides of each threshold, data missing, already handled), then what holds for all
of them (parameter versions, the fingerprint, explanations that render). No database."""

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any, Literal

import pytest
from django.utils import translation

from clients.models import Client, HouseholdMember, Income
from rights.facts import AidFacts, ClientFacts, Finding, IncomeFacts, Params, PersonFacts
from rights.models import RightParameters
from rights.rules import DEFAULTS, RULES, SKIP_STATUSES, current_defaults, euro
from rights.rules.values import with_value

ON = dt.date(2026, 11, 23)
D = Decimal
Kind = Income.Kind
Level = HouseholdMember.SchoolLevel
Relation = HouseholdMember.Relation
Fuel = Client.HeatingFuel
Outcome = Literal["flag", "missing"] | None


# --- builders -----------------------------------------------------------------------------


def months_ago(months: int, *, days: int = 0) -> dt.date:
    total = ON.year * 12 + ON.month - 1 - months
    return dt.date(total // 12, total % 12 + 1, ON.day) + dt.timedelta(days=days)


def member(
    n: int,
    relation: str,
    age: int,
    *,
    dependant: bool = False,
    disability: int | None = None,
    school: str | None = None,
    recognised: bool = True,
) -> PersonFacts:
    if school is None:  # what a child of that age usually attends
        school = (
            Level.NURSERY
            if relation == Relation.CHILD and 3 <= age <= 5
            else Level.PRIMARY
            if relation == Relation.CHILD and 6 <= age <= 11
            else Level.SECONDARY
            if relation == Relation.CHILD and 12 <= age <= 17
            else Level.NONE
        )
    return PersonFacts(
        key=f"member-{n}",
        name=f"Lid {n}",
        relation=relation,
        age=age,
        sex="F",
        is_dependant=dependant,
        disability_percent=disability,
        school_level=school,
        recognised_flemish_school=recognised and school != Level.NONE,
    )


def child(n: int, age: int = 8, **kwargs: Any) -> PersonFacts:
    kwargs.setdefault("dependant", True)
    return member(n, Relation.CHILD, age, **kwargs)


def partner(age: int = 40, **kwargs: Any) -> PersonFacts:
    return member(9, Relation.PARTNER, age, **kwargs)


def income(
    kind: str,
    net: str = "1000.00",
    gross: str | None = None,
    *,
    who: str = "client",
    since: dt.date | None = None,
) -> IncomeFacts:
    return IncomeFacts(
        person_key=who,
        kind=kind,
        net_monthly=D(net),
        gross_taxable_last_year=None if gross is None else D(gross),
        since=since,
    )


def wage(gross: str | None, *, who: str = "client", net: str = "1500.00") -> IncomeFacts:
    return income(Kind.WAGE, net, gross, who=who)


def make(
    *,
    age: int = 40,
    disability: int | None = None,
    members: tuple[PersonFacts, ...] = (),
    incomes: tuple[IncomeFacts, ...] = (wage("60000.00"),),
    **changes: Any,
) -> ClientFacts:
    """A household that qualifies for nothing unless the arguments say otherwise: a client of
    40 with a good wage, renting privately, heating with gas, no statuses; the household and
    its incomes confirmed complete a month ago, every yes/no recorded as no."""
    facts = ClientFacts(
        client_id=1,
        scan_date=ON,
        persons=(
            PersonFacts(
                key="client",
                name="An Peeters",
                relation="client",
                age=age,
                sex="F",
                is_dependant=False,
                disability_percent=disability,
            ),
            *members,
        ),
        incomes=incomes,
        residence_status=Client.ResidenceStatus.BELGIAN,
        tenure=Client.Tenure.PRIVATE,
        rent=D("700.00"),
        social_housing_waiting_since=None,
        heating_fuel=Fuel.GAS,
        collective_heating=False,
        leefloon_since=None,
        debt_status=Client.DebtStatus.NONE,
        budget_management=False,
        unemployed_since=None,
        unfit_for_work_since=None,
        pensioner=False,
        widowed=False,
        household_confirmed_on=months_ago(1),
    )
    # Unless a case says otherwise, the lines of today ran all of last year too.
    changes.setdefault("incomes_last_year", incomes)
    return dataclasses.replace(facts, **changes)


def params(code: str, /, **values: str) -> Params:
    return Params(
        parameters_id=1,
        valid_from=dt.date(2024, 1, 1),
        values={**current_defaults(code), **values},
    )


def outcome(finding: Finding | None) -> Outcome:
    if finding is None:
        return None
    return "flag" if finding.eligible else "missing"


def case(
    id: str,
    expected: Outcome,
    overrides: dict[str, str] | None = None,
    **facts: Any,
) -> Any:
    return pytest.param(make(**facts), overrides or {}, expected, id=id)


CASE_ARGS = ("facts", "overrides", "expected")
TABLES: dict[str, list[Any]] = {}


def check(code: str, facts: ClientFacts, overrides: dict[str, str], expected: Outcome) -> None:
    finding = RULES[code](facts, params(code, **overrides))
    assert outcome(finding) == expected
    if finding is not None:
        assert finding.right == code
        assert finding.matched if finding.eligible else finding.missing


# --- verhoogde tegemoetkoming -------------------------------------------------------------

VT = "verhoogde_tegemoetkoming"
LEEFLOON_AND_WAGE = (income(Kind.LEEFLOON, "900.00"), wage("30000.00"))
TABLES[VT] = [
    case(
        "leefloon-3-months-in-a-row",
        "flag",
        incomes=LEEFLOON_AND_WAGE,
        leefloon_since=months_ago(3),
    ),
    case(
        "leefloon-a-day-short-of-3-months",
        None,
        incomes=LEEFLOON_AND_WAGE,
        leefloon_since=months_ago(3, days=1),
    ),
    case(
        "member-leefloon-counts-from-its-own-start",
        "flag",
        members=(partner(),),
        incomes=(wage("30000.00"), income(Kind.LEEFLOON, who="member-9", since=months_ago(4))),
    ),
    case("leefloon-start-unknown", "missing", incomes=LEEFLOON_AND_WAGE),
    case("igo", "flag", incomes=(wage("30000.00"), income(Kind.IGO))),
    case("ivt-it", "flag", incomes=(wage("30000.00"), income(Kind.IVT_IT))),
    case("child-disability-66", "flag", members=(partner(), child(1, disability=66))),
    case("child-disability-65", None, members=(partner(), child(1, disability=65))),
    case("gross-just-under-limit", "flag", incomes=(wage("25630.66"),)),
    # A maximum: "does not exceed" (KB 15-1-2014), at the limit still eligible.
    case("gross-at-limit", "flag", incomes=(wage("25630.67"),)),
    case("gross-just-over-limit", None, incomes=(wage("25630.68"),)),
    # The limit rises per household member besides the client, the partner included:
    # 25.630,67 + 4.744,94 for a childless couple, + 2 x 4.744,94 with a dependent child.
    case(
        "childless-couple-gets-one-increase",
        "flag",
        members=(partner(),),
        incomes=(wage("30375.61"),),
    ),
    case(
        "childless-couple-over-its-limit",
        None,
        members=(partner(),),
        incomes=(wage("30375.62"),),
    ),
    case(
        "couple-with-a-child-gets-two-increases",
        "flag",
        members=(partner(), child(1)),
        incomes=(wage("35120.55"),),
    ),
    case(
        "couple-with-a-child-over-its-limit",
        None,
        members=(partner(), child(1)),
        incomes=(wage("35120.56"),),
    ),
    # The VT household is the client, a partner and the dependants: not everyone at the
    # address.
    case(
        "an-adult-childs-wage-is-not-the-vt-households-income",
        "flag",
        members=(child(1, age=25, dependant=False),),
        incomes=(wage("20000.00"), wage("30000.00", who="member-1")),
    ),
    case(
        "an-adult-child-does-not-raise-the-limit",
        None,
        members=(child(1, age=25, dependant=False),),
        incomes=(wage("25630.68"),),
    ),
    case(
        "a-lodgers-leefloon-is-no-ground",
        None,
        members=(member(5, Relation.OTHER, 30),),
        incomes=(wage("60000.00"), income(Kind.LEEFLOON, who="member-5", since=months_ago(6))),
    ),
    case("gross-missing", "missing", incomes=(wage(None),)),
    case(
        "untaxed-income-needs-no-gross",
        "flag",
        incomes=(wage("20000.00"), income(Kind.RENT_PREMIUM)),
    ),
    # Special situations: net x 12 at most 27.550,86 (+ 5.100,42 per member besides the client).
    case(
        "pensioner-current-income-under-limit",
        "flag",
        pensioner=True,
        incomes=(income(Kind.PENSION, "2295.90", "40000.00"),),
    ),
    case(
        "pensioner-current-income-over-limit",
        None,
        pensioner=True,
        incomes=(income(Kind.PENSION, "2295.91", "20000.00"),),
    ),
    case(
        "special-income-exactly-at-limit",
        "flag",
        {"special_limit": "27000.00"},
        widowed=True,
        incomes=(income(Kind.PENSION, "2250.00", "40000.00"),),
    ),
    case(
        "pensioner-couple-at-limit-with-one-increase",
        "flag",
        pensioner=True,
        members=(partner(70),),
        incomes=(
            income(Kind.PENSION, "2000.00", "40000.00"),
            income(Kind.PENSION, "720.94", "20000.00", who="member-9"),
        ),
    ),
    case(
        "pensioner-couple-over-limit",
        None,
        pensioner=True,
        members=(partner(70),),
        incomes=(
            income(Kind.PENSION, "2000.00", "40000.00"),
            income(Kind.PENSION, "720.95", "20000.00", who="member-9"),
        ),
    ),
    case(
        "unemployed-3-months-is-special",
        "flag",
        unemployed_since=months_ago(3),
        incomes=(income(Kind.UNEMPLOYMENT, "1500.00", "40000.00"),),
    ),
    case(
        "unemployed-2-months-is-not-special",
        None,
        unemployed_since=months_ago(2),
        incomes=(income(Kind.UNEMPLOYMENT, "1500.00", "40000.00"),),
    ),
    case("single-parent-is-special", "flag", members=(child(1),), incomes=(wage("40000.00"),)),
    case(
        "a-parent-living-with-her-own-mother-is-not-a-single-parent-family",
        None,
        members=(child(1), member(2, Relation.PARENT, 65)),
        incomes=(wage("40000.00"),),
    ),
    case(
        "child-benefit-does-not-count",
        "flag",
        pensioner=True,
        members=(child(1, age=15, dependant=False),),
        incomes=(
            income(Kind.PENSION, "2200.00", "40000.00"),
            income(Kind.GROEIPAKKET, "300.00", who="member-1"),
        ),
    ),
    case("receives", None, incomes=(wage("10000.00"),), rights={VT: "receives"}),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[VT])
def test_verhoogde_tegemoetkoming(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(VT, facts, overrides, expected)


def test_vt_a_single_person_unemployed_3_months_is_told_the_grant_is_ex_officio() -> None:
    """Since 1-10-2024 the health fund grants it ex officio to single people unemployed or
    unfit for 3 months, after its own income check: the flag says so; a couple's does not."""
    unemployed: dict[str, Any] = {
        "unemployed_since": months_ago(3),
        "incomes": (income(Kind.UNEMPLOYMENT, "1500.00", "40000.00"),),
    }
    texts = {
        "single": make(**unemployed),
        "with-own-child": make(members=(child(1),), **unemployed),
        "couple": make(members=(partner(),), **unemployed),
    }
    ex_officio = {}
    for name, facts in texts.items():
        finding = RULES[VT](facts, params(VT))
        assert finding is not None
        assert finding.eligible
        ex_officio[name] = any("ex officio" in line.text for line in finding.matched)
    assert ex_officio == {"single": True, "with-own-child": True, "couple": False}


# --- sociaal tarief energie ---------------------------------------------------------------

ENERGY = "sociaal_tarief_energie"
TABLES[ENERGY] = [
    case("leefloon", "flag", incomes=(income(Kind.LEEFLOON),)),
    case("igo", "flag", incomes=(income(Kind.IGO),)),
    case("ivt-it", "flag", incomes=(income(Kind.IVT_IT),)),
    # An adult's percentage is not the allowance the groups name: asked, never flagged.
    case("adult-disability-65-without-allowance-is-asked", "missing", disability=65),
    case("adult-disability-64", None, disability=64),
    case(
        "adult-disability-65-with-allowance",
        "flag",
        disability=65,
        incomes=(income(Kind.IVT_IT, "900.00"),),
    ),
    case(
        "member-disability-65-without-allowance-is-asked",
        "missing",
        members=(partner(disability=80),),
    ),
    case("child-disability-66", "flag", members=(child(1, disability=66),)),
    case("child-disability-65", None, members=(child(1, disability=65),)),
    case(
        "social-tenant-collective-gas",
        "flag",
        tenure=Client.Tenure.SOCIAL,
        collective_heating=True,
    ),
    case(
        "social-tenant-collective-gas-and-a-disability-without-allowance",
        "flag",
        tenure=Client.Tenure.SOCIAL,
        collective_heating=True,
        disability=70,
    ),
    case("social-tenant-own-gas-heating", None, tenure=Client.Tenure.SOCIAL),
    case(
        "social-tenant-collective-electricity",
        None,
        tenure=Client.Tenure.SOCIAL,
        collective_heating=True,
        heating_fuel=Fuel.ELECTRICITY,
    ),
    case(
        "social-tenant-heating-unknown",
        "missing",
        tenure=Client.Tenure.SOCIAL,
        heating_fuel=Fuel.UNKNOWN,
    ),
    case("private-tenant-heating-unknown", None, heating_fuel=Fuel.UNKNOWN),
    case("receives", None, incomes=(income(Kind.LEEFLOON),), rights={ENERGY: "receives"}),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[ENERGY])
def test_sociaal_tarief_energie(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(ENERGY, facts, overrides, expected)


def test_energy_gas_only_flag_asks_about_an_allowance_that_would_add_electricity() -> None:
    facts = make(tenure=Client.Tenure.SOCIAL, collective_heating=True, disability=70)
    finding = RULES[ENERGY](facts, params(ENERGY))
    assert finding is not None
    assert finding.facts["grounds"] == "social_collective_gas"
    assert [line.values["names"] for line in finding.missing] == ["An Peeters"]


# --- Groeipakket sociale toeslag ----------------------------------------------------------

GROEIPAKKET = "groeipakket_sociale_toeslag"
THREE = (child(1), child(2), child(3))
# Children aged 6 or less on the scan date were born in 2019 or later: the new amounts.
THREE_NEW = (child(1, age=6), child(2), child(3, age=10))
TABLES[GROEIPAKKET] = [
    case("at-limit", "flag", members=(child(1),), incomes=(wage("36325.76"),)),
    # One or two children: the middle band up to 42.380,06 (from 1-9-2023).
    case("over-limit-in-the-middle-band", "flag", members=(child(1),), incomes=(wage("36325.77"),)),
    case(
        "two-children-at-the-middle-band-limit",
        "flag",
        members=(child(1), child(2)),
        incomes=(wage("42380.06"),),
    ),
    case(
        "two-children-over-the-middle-band",
        None,
        members=(child(1), child(2)),
        incomes=(wage("42380.07"),),
    ),
    # Three children or more: up to 68.329,61 when one of them receives the new amounts.
    case("three-children-at-higher-limit", "flag", members=THREE_NEW, incomes=(wage("68329.61"),)),
    case(
        "three-children-over-higher-limit",
        None,
        members=THREE_NEW,
        incomes=(wage("68329.62"),),
    ),
    case(
        "three-children-born-before-2019-keep-the-lowest-limit",
        None,
        members=THREE,
        incomes=(wage("40000.00"),),
    ),
    case(
        "a-child-of-7-may-be-born-in-2018-and-does-not-prove-the-new-amounts",
        None,
        members=(child(1, age=7), child(2), child(3)),
        incomes=(wage("40000.00"),),
    ),
    case(
        "three-children-under-the-lowest-limit-whatever-their-age",
        "flag",
        members=THREE,
        incomes=(wage("36325.76"),),
    ),
    case("no-children", None, incomes=(wage("10000.00"),)),
    case(
        "an-adult-childs-wage-is-not-the-parents-income",
        "flag",
        members=(child(1), child(2, age=24, dependant=False)),
        incomes=(wage("20000.00"), wage("30000.00", who="member-2")),
    ),
    case(
        "parent-receives-leefloon",
        "flag",
        members=(child(1),),
        incomes=(income(Kind.LEEFLOON), wage("50000.00")),
    ),
    case(
        "child-with-groeipakket-line-counts",
        "flag",
        members=(child(1, dependant=False),),
        incomes=(wage("20000.00"), income(Kind.GROEIPAKKET, "200.00", who="member-1")),
    ),
    case("gross-missing", "missing", members=(child(1),), incomes=(wage(None),)),
    case(
        "receives",
        None,
        members=(child(1),),
        incomes=(wage("10000.00"),),
        rights={GROEIPAKKET: "receives"},
    ),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[GROEIPAKKET])
def test_groeipakket_sociale_toeslag(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(GROEIPAKKET, facts, overrides, expected)


# --- schooltoeslag ------------------------------------------------------------------------

SCHOOL = "schooltoeslag"
# A single parent with one pupil: 1 + 1 dependant = 2 points, limit 45.278,06.
TABLES[SCHOOL] = [
    case("at-limit-for-2-points", "flag", members=(child(1),), incomes=(wage("45278.06"),)),
    case("over-limit-for-2-points", None, members=(child(1),), incomes=(wage("45278.07"),)),
    case(
        "school-not-recognised",
        None,
        members=(child(1, recognised=False),),
        incomes=(wage("10000.00"),),
    ),
    case(
        "higher-education-is-not-school",
        None,
        members=(child(1, age=19, school=Level.HIGHER),),
        incomes=(wage("10000.00"),),
    ),
    case(
        "school-level-missing-for-a-child-of-school-age",
        "missing",
        members=(child(1, school=Level.NONE),),
        incomes=(wage("10000.00"),),
    ),
    case(
        "toddler-not-at-school-is-not-missing",
        None,
        members=(child(1, age=2),),
        incomes=(wage("10000.00"),),
    ),
    case("gross-missing", "missing", members=(child(1),), incomes=(wage(None),)),
    case(
        "leefloon-counts-although-untaxed",
        None,
        members=(child(1),),
        incomes=(wage("30000.00"), income(Kind.LEEFLOON, "1500.00")),
    ),
    case(
        "disability-adds-a-point",
        "flag",
        members=(child(1, disability=66),),
        incomes=(wage("51387.98"),),
    ),
    # Students in higher education: a point each, one taken off their total.
    case(
        "one-student-adds-no-point",
        "flag",
        members=(child(1, age=14), child(2, age=19, school=Level.HIGHER)),
        incomes=(wage("51387.98"),),
    ),
    case(
        "one-student-over-the-limit-for-3-points",
        None,
        members=(child(1, age=14), child(2, age=19, school=Level.HIGHER)),
        incomes=(wage("51387.99"),),
    ),
    case(
        "two-students-add-a-point",
        "flag",
        members=(
            child(1, age=14),
            child(2, age=19, school=Level.HIGHER),
            child(3, age=21, school=Level.HIGHER),
        ),
        incomes=(wage("66180.28"),),
    ),
    case(
        "two-students-over-the-limit-for-5-points",
        None,
        members=(
            child(1, age=14),
            child(2, age=19, school=Level.HIGHER),
            child(3, age=21, school=Level.HIGHER),
        ),
        incomes=(wage("66180.29"),),
    ),
    case(
        "beyond-the-table-its-last-row",
        "flag",
        members=tuple(child(n) for n in range(1, 12)),
        incomes=(wage("83649.83"),),
    ),
    case(
        "beyond-the-table-over-its-last-row",
        None,
        members=tuple(child(n) for n in range(1, 12)),
        incomes=(wage("83649.84"),),
    ),
    case(
        "receives",
        None,
        members=(child(1),),
        incomes=(wage("10000.00"),),
        rights={SCHOOL: "receives"},
    ),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[SCHOOL])
def test_schooltoeslag(facts: ClientFacts, overrides: dict[str, str], expected: Outcome) -> None:
    check(SCHOOL, facts, overrides, expected)


def test_schooltoeslag_flag_notes_a_child_without_school_level() -> None:
    facts = make(members=(child(1), child(2, school=Level.NONE)), incomes=(wage("10000.00"),))
    finding = RULES[SCHOOL](facts, params(SCHOOL))
    assert finding is not None
    assert finding.eligible
    assert [line.values["names"] for line in finding.missing] == ["Lid 2"]


# --- Vlaamse huurpremie -------------------------------------------------------------------

RENT = "vlaamse_huurpremie"
WAITING: dict[str, Any] = {"social_housing_waiting_since": months_ago(48)}
FAMILY = (partner(), child(1))
BIG_FAMILY = (partner(), child(1), child(2), child(3))
FRIEND = member(6, Relation.OTHER, 35)
# Limits of 2023 (the newest shipped): income 28.105 (single), 30.460 (single with a
# disability), 42.156 + 2.356 per dependant; rent 639,78 for a home, 511,82 for a room,
# +20 % per dependant up to +50 %.
TABLES[RENT] = [
    case("waiting-4-years", "flag", incomes=(wage("25000.00"),), rent=D("500.00"), **WAITING),
    case(
        "waiting-a-day-short-of-4-years",
        None,
        incomes=(wage("25000.00"),),
        rent=D("500.00"),
        social_housing_waiting_since=months_ago(48, days=1),
    ),
    case("single-income-at-limit", "flag", incomes=(wage("28105.00"),), rent=D("500"), **WAITING),
    case("single-income-over-limit", None, incomes=(wage("28105.01"),), rent=D("500"), **WAITING),
    case(
        "single-with-a-disability-at-its-limit",
        "flag",
        disability=66,
        incomes=(wage("30460.00"),),
        rent=D("500"),
        **WAITING,
    ),
    case(
        "single-with-a-disability-over-its-limit",
        None,
        disability=66,
        incomes=(wage("30460.01"),),
        rent=D("500"),
        **WAITING,
    ),
    # The household's income is everyone's who lives there, leefloon and IVT/IT included.
    case(
        "sharing-with-a-friend-is-not-single",
        "flag",
        members=(FRIEND,),
        incomes=(wage("42156.00"),),
        rent=D("500"),
        **WAITING,
    ),
    case(
        "sharing-with-a-friend-over-the-limit",
        None,
        members=(FRIEND,),
        incomes=(wage("20000.00"), wage("22156.01", who="member-6")),
        rent=D("500"),
        **WAITING,
    ),
    case(
        "leefloon-counts-with-the-income",
        None,
        incomes=(wage("21000.00"), income(Kind.LEEFLOON, "592.09")),
        rent=D("500"),
        **WAITING,
    ),
    case(
        "leefloon-counted-at-the-limit",
        "flag",
        incomes=(wage("21000.00"), income(Kind.LEEFLOON, "592.08")),
        rent=D("500"),
        **WAITING,
    ),
    case(
        "leefloon-of-part-of-last-year-counts-its-months",
        "flag",
        incomes=(wage("20000.00"), income(Kind.LEEFLOON, "900.00", since=dt.date(2025, 7, 1))),
        rent=D("500"),
        **WAITING,
    ),
    # Dependants: a minor child, a member with a disability; a child with one counts twice.
    case(
        "partner-with-a-disability-is-a-dependant",
        "flag",
        members=(partner(disability=66),),
        incomes=(wage("44512.00"),),
        rent=D("500"),
        **WAITING,
    ),
    case(
        "partner-with-a-disability-over-the-limit",
        None,
        members=(partner(disability=66),),
        incomes=(wage("44512.01"),),
        rent=D("500"),
        **WAITING,
    ),
    case(
        "child-with-a-disability-counts-twice",
        "flag",
        members=(partner(), child(1, disability=66)),
        incomes=(wage("46868.00"),),
        rent=D("500"),
        **WAITING,
    ),
    case(
        "child-with-a-disability-over-the-limit",
        None,
        members=(partner(), child(1, disability=66)),
        incomes=(wage("46868.01"),),
        rent=D("500"),
        **WAITING,
    ),
    # Rent: a room's limit decides; between a room's and a home's limit it is asked.
    case("rent-at-room-limit", "flag", incomes=(wage("20000.00"),), rent=D("511.82"), **WAITING),
    case(
        "rent-over-room-limit-asks-whether-it-is-a-room",
        "missing",
        incomes=(wage("20000.00"),),
        rent=D("511.83"),
        **WAITING,
    ),
    case(
        "rent-at-home-limit-asks-whether-it-is-a-room",
        "missing",
        incomes=(wage("20000.00"),),
        rent=D("639.78"),
        **WAITING,
    ),
    case("rent-over-limit", None, incomes=(wage("20000.00"),), rent=D("639.79"), **WAITING),
    case(
        "family-at-income-and-room-limits",
        "flag",
        members=FAMILY,
        incomes=(wage("44512.00"),),
        rent=D("614.18"),
        **WAITING,
    ),
    case(
        "family-rent-over-limit",
        None,
        members=FAMILY,
        incomes=(wage("40000.00"),),
        rent=D("767.75"),
        **WAITING,
    ),
    case(
        "rent-raise-capped-at-50-percent",
        "flag",
        members=BIG_FAMILY,
        incomes=(wage("40000.00"),),
        rent=D("767.73"),
        **WAITING,
    ),
    case(
        "rent-over-capped-limit",
        None,
        members=BIG_FAMILY,
        incomes=(wage("40000.00"),),
        rent=D("959.68"),
        **WAITING,
    ),
    case(
        "an-applicant-with-a-disability-raises-the-rent-limit",
        "flag",
        disability=70,
        incomes=(wage("20000.00"),),
        rent=D("614.18"),
        **WAITING,
    ),
    case(
        "an-applicant-with-a-disability-raises-the-home-limit-too",
        "missing",
        disability=70,
        incomes=(wage("20000.00"),),
        rent=D("767.74"),
        **WAITING,
    ),
    # A relative up to the second degree at the address may be the landlord: asked.
    case(
        "adult-relative-at-the-address-asks-about-the-landlord",
        "missing",
        members=(member(2, Relation.SIBLING, 30),),
        incomes=(wage("20000.00"),),
        rent=D("500"),
        **WAITING,
    ),
    case(
        "social-tenant",
        None,
        incomes=(wage("20000.00"),),
        tenure=Client.Tenure.SOCIAL,
        **WAITING,
    ),
    case("not-on-the-waiting-list", None, incomes=(wage("20000.00"),), rent=D("500")),
    case(
        "housing-unknown",
        "missing",
        incomes=(wage("20000.00"),),
        tenure=Client.Tenure.UNKNOWN,
        **WAITING,
    ),
    case("rent-missing", "missing", incomes=(wage("20000.00"),), rent=None, **WAITING),
    case("gross-missing", "missing", incomes=(wage(None),), rent=D("500"), **WAITING),
    case(
        "receives-rent-premium-income",
        None,
        incomes=(wage("20000.00"), income(Kind.RENT_PREMIUM, "200.00")),
        rent=D("500"),
        **WAITING,
    ),
    case(
        "receives",
        None,
        incomes=(wage("20000.00"),),
        rent=D("500"),
        rights={RENT: "receives"},
        **WAITING,
    ),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[RENT])
def test_vlaamse_huurpremie(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(RENT, facts, overrides, expected)


# --- stookoliefonds -----------------------------------------------------------------------

HEATING = "stookoliefonds"
OIL: dict[str, Any] = {"heating_fuel": Fuel.HEATING_OIL}
LODGER = member(5, Relation.OTHER, 30)
TABLES[HEATING] = [
    # Category 1: the VT, without an income test when it covers everyone who lives there.
    case("oil-and-vt", "flag", rights={VT: "receives"}, **OIL),
    case(
        "vt-covers-a-partner-and-dependent-child",
        "flag",
        members=(partner(), child(1)),
        rights={VT: "receives"},
        **OIL,
    ),
    case(
        "vt-with-a-lodger-needs-the-income-test",
        None,
        members=(LODGER,),
        incomes=(wage("60000.00"), wage("10000.00", who="member-5", net="900.00")),
        rights={VT: "receives"},
        **OIL,
    ),
    case(
        "vt-with-a-lodger-income-at-limit",
        "flag",
        members=(LODGER,),
        incomes=(wage("14814.75"), wage("10000.00", who="member-5", net="900.00")),
        rights={VT: "receives"},
        **OIL,
    ),
    case(
        "vt-with-a-lodger-income-over-limit",
        None,
        members=(LODGER,),
        incomes=(wage("14814.76"), wage("10000.00", who="member-5", net="900.00")),
        rights={VT: "receives"},
        **OIL,
    ),
    case(
        "vt-household-unconfirmed",
        "missing",
        rights={VT: "receives"},
        household_confirmed_on=None,
        **OIL,
    ),
    # Category 3: a debt procedure (the OCMW checks the bill).
    case("oil-and-debt-mediation", "flag", debt_status=Client.DebtStatus.DEBT_MEDIATION, **OIL),
    case(
        "oil-and-collective-debt-settlement",
        "flag",
        debt_status=Client.DebtStatus.COLLECTIVE_SETTLEMENT,
        **OIL,
    ),
    # Category 2: everyone's income at most 24.814,75 + 4.591,85 per dependant (1-2-2025).
    case("oil-income-at-limit", "flag", incomes=(wage("24814.75"),), **OIL),
    case("oil-income-over-limit", None, incomes=(wage("24814.76"),), **OIL),
    case(
        "limit-rises-per-dependant-not-for-a-partner",
        "flag",
        members=(partner(), child(1)),
        incomes=(wage("29406.60"),),
        **OIL,
    ),
    case(
        "limit-per-dependant-over-limit",
        None,
        members=(partner(), child(1)),
        incomes=(wage("29406.61"),),
        **OIL,
    ),
    # A dependant is a member with a net income under 3.980,00 a year.
    case(
        "member-earning-just-under-the-dependant-limit-is-a-dependant",
        "flag",
        members=(child(1, age=20),),
        incomes=(wage("20000.00"), wage("5000.00", who="member-1", net="331.66")),
        **OIL,
    ),
    case(
        "member-earning-the-dependant-limit-is-no-dependant",
        None,
        members=(child(1, age=20),),
        incomes=(wage("20000.00"), wage("5000.00", who="member-1", net="331.67")),
        **OIL,
    ),
    case(
        "child-benefit-does-not-make-a-child-no-dependant",
        "flag",
        members=(child(1),),
        incomes=(wage("29406.60"), income(Kind.GROEIPAKKET, "400.00", who="member-1")),
        **OIL,
    ),
    case("lamp-paraffin", "flag", rights={VT: "receives"}, heating_fuel=Fuel.PARAFFIN),
    case("bulk-propane", "flag", rights={VT: "receives"}, heating_fuel=Fuel.PROPANE),
    case("gas", None, rights={VT: "receives"}),
    case("heating-unknown", "missing", rights={VT: "receives"}, heating_fuel=Fuel.UNKNOWN),
    case("heating-unknown-but-income-too-high", None, heating_fuel=Fuel.UNKNOWN),
    case("gross-missing", "missing", incomes=(wage(None),), **OIL),
    case("receives", None, rights={VT: "receives", HEATING: "receives"}, **OIL),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[HEATING])
def test_stookoliefonds(facts: ClientFacts, overrides: dict[str, str], expected: Outcome) -> None:
    check(HEATING, facts, overrides, expected)


def test_heating_fund_asks_for_the_checks_its_category_needs() -> None:
    """Category 2 adds three times the cadastral income of other property, which the file does
    not record; category 3 needs the OCMW to find the bill unpayable; category 1 neither."""
    checks = {
        name: [line.text for line in finding.missing]
        for name, facts in {
            "vt": make(rights={VT: "receives"}, **OIL),
            "income": make(incomes=(wage("20000.00"),), **OIL),
            "debt": make(debt_status=Client.DebtStatus.DEBT_MEDIATION, **OIL),
        }.items()
        if (finding := RULES[HEATING](facts, params(HEATING))) is not None
    }
    assert checks["vt"] == []
    assert ["cadastral" in text for text in checks["income"]] == [True]
    assert ["heating bill" in text for text in checks["debt"]] == [True]


# --- sociaal internettarief ---------------------------------------------------------------

INTERNET = "sociaal_internettarief"
# The law of 2024 (from 1-3-2024): the groups of the social energy tariff, no income test.
TABLES[INTERNET] = [
    case("leefloon", "flag", incomes=(income(Kind.LEEFLOON),)),
    case(
        "member-leefloon",
        "flag",
        members=(LODGER,),
        incomes=(income(Kind.LEEFLOON, who="member-5"),),
    ),
    case("ivt-it", "flag", incomes=(income(Kind.IVT_IT), wage("60000.00"))),
    case("igo", "flag", age=70, incomes=(income(Kind.IGO), income(Kind.PENSION, "900.00"))),
    case("child-disability-66", "flag", members=(child(1, disability=66),)),
    case("child-disability-65", None, members=(child(1, disability=65),)),
    case("adult-disability-65-without-allowance-is-asked", "missing", disability=65),
    case("adult-disability-64", None, disability=64),
    # The old route for people aged 65 or more with a low income opens no new right.
    case("65-alone-with-a-low-income-is-no-ground", None, age=65, incomes=(wage("10000.00"),)),
    case("vt-is-no-ground", None, incomes=(wage("10000.00"),), rights={VT: "receives"}),
    case("receives", None, incomes=(income(Kind.LEEFLOON),), rights={INTERNET: "receives"}),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[INTERNET])
def test_sociaal_internettarief(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(INTERNET, facts, overrides, expected)


# --- UiTPAS kansentarief ------------------------------------------------------------------

UITPAS = "uitpas_kansentarief"
TABLES[UITPAS] = [
    case("vt", "flag", rights={VT: "receives"}),
    case("leefloon", "flag", incomes=(income(Kind.LEEFLOON),)),
    case("igo", "flag", incomes=(income(Kind.IGO),)),
    case("ivt-it", "flag", incomes=(income(Kind.IVT_IT), wage("60000.00"))),
    case("budget-management", "flag", budget_management=True),
    case("debt-mediation", "flag", debt_status=Client.DebtStatus.DEBT_MEDIATION),
    # A maximum taxable income: 25.630,67 + 4.744,94 per dependant (Oostende, income 2023).
    case("income-at-limit", "flag", incomes=(wage("25630.67"),)),
    case("income-just-over-limit", None, incomes=(wage("25630.68"),)),
    case(
        "a-dependant-with-a-disability-counts-twice",
        "flag",
        members=(child(1, disability=66),),
        incomes=(wage("35120.55"),),
    ),
    case(
        "a-dependant-with-a-disability-over-the-limit",
        None,
        members=(child(1, disability=66),),
        incomes=(wage("35120.56"),),
    ),
    case(
        "a-dependant-with-a-lesser-disability-counts-once",
        None,
        members=(child(1, disability=65),),
        incomes=(wage("30375.62"),),
    ),
    case("gross-missing", "missing", incomes=(wage(None),)),
    case("receives", None, budget_management=True, rights={UITPAS: "receives"}),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[UITPAS])
def test_uitpas_kansentarief(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(UITPAS, facts, overrides, expected)


def test_uitpas_value_is_a_sorting_weight_and_says_so() -> None:
    """No public figure estimates the reduced rate: its value is a low weight, not a typical
    amount, and the card does not pretend otherwise."""
    found = RULES[UITPAS](make(budget_management=True), params(UITPAS))
    assert found is not None
    finding = with_value(found, params(UITPAS))
    assert finding.value is not None
    assert finding.value.amount == D(current_defaults(UITPAS)["yearly_value"])
    assert "weight" in finding.value.basis.text
    assert "typical" not in finding.value.basis.text


# --- IGO ----------------------------------------------------------------------------------

IGO = "igo"


def pension(net: str, who: str = "client") -> IncomeFacts:
    return income(Kind.PENSION, net, who=who)


# Pensions count at 90 %: 1.687,78 counts 1.519,002, under 1.519,01; 1.687,79 counts 1.519,011.
TABLES[IGO] = [
    case("66-alone-just-under", "flag", age=66, incomes=(pension("1687.78"),)),
    case("66-alone-at-amount", None, age=66, incomes=(pension("1687.79"),)),
    case("65-is-under-pension-age", None, age=65, incomes=(pension("500.00"),)),
    case("no-income-at-all", "flag", age=80, incomes=()),
    case(
        "couple-shares-income-just-under",
        "flag",
        age=70,
        members=(partner(70),),
        incomes=(pension("1500.00"), pension("750.37", who="member-9")),
    ),
    case(
        "couple-shares-income-at-amount",
        None,
        age=70,
        members=(partner(70),),
        incomes=(pension("1500.00"), pension("750.38", who="member-9")),
    ),
    # Wages count at 75 % of the gross less 5.000 a year: 19.468,00 counts 9.601,00 a year.
    case(
        "wage-counts-three-quarters-of-the-gross-less-5000",
        "flag",
        age=67,
        incomes=(pension("798.80"), wage("19468.00", net="1400.00")),
    ),
    case(
        "wage-and-pension-at-amount",
        None,
        age=67,
        incomes=(pension("798.81"), wage("19468.00", net="1400.00")),
    ),
    case(
        "wage-without-gross-is-asked-when-its-net-would-pass",
        "missing",
        age=67,
        incomes=(pension("798.80"), wage(None, net="400.00")),
    ),
    case(
        "wage-without-gross-too-high-even-at-its-net",
        None,
        age=67,
        incomes=(pension("798.80"), wage(None, net="1800.00")),
    ),
    case(
        "leefloon-comes-after-the-igo",
        "flag",
        age=70,
        incomes=(income(Kind.LEEFLOON, "1314.20"), pension("300.00")),
    ),
    case(
        "partner-of-pension-age",
        "flag",
        age=60,
        members=(partner(66),),
        incomes=(income(Kind.PENSION, "900.00", who="member-9"),),
    ),
    # Alone: only with children, parents or grandchildren; with anyone else the home and the
    # resources are shared.
    case(
        "living-with-an-adult-child-is-alone",
        "flag",
        age=70,
        members=(child(1, age=35, dependant=False),),
        incomes=(pension("1200.00"), wage("30000.00", who="member-1")),
    ),
    case(
        "living-with-an-adult-child-over-the-amount",
        None,
        age=70,
        members=(child(1, age=35, dependant=False),),
        incomes=(pension("1687.79"),),
    ),
    case(
        "living-with-a-brother-shares-his-resources",
        None,
        age=70,
        members=(member(2, Relation.SIBLING, 68),),
        incomes=(pension("1000.00"), pension("1250.38", who="member-2")),
    ),
    case(
        "living-with-a-brother-under-the-basic-amount",
        "flag",
        age=70,
        members=(member(2, Relation.SIBLING, 68),),
        incomes=(pension("1000.00"), pension("1250.37", who="member-2")),
    ),
    case(
        "other-family-that-decides-is-asked",
        "missing",
        age=70,
        members=(member(3, Relation.OTHER_FAMILY, 40),),
        incomes=(pension("1300.00"), pension("1000.00", who="member-3")),
    ),
    case(
        "other-family-that-does-not-decide",
        "flag",
        age=70,
        members=(member(3, Relation.OTHER_FAMILY, 20),),
        incomes=(pension("1200.00"),),
    ),
    case(
        "residence-unknown",
        "missing",
        age=70,
        incomes=(income(Kind.PENSION, "800.00"),),
        residence_status=Client.ResidenceStatus.UNKNOWN,
    ),
    case(
        "without-legal-residence",
        None,
        age=70,
        incomes=(income(Kind.PENSION, "800.00"),),
        residence_status=Client.ResidenceStatus.UNDOCUMENTED,
    ),
    case(
        "receives-igo-income",
        None,
        age=70,
        incomes=(income(Kind.PENSION, "800.00"), income(Kind.IGO, "700.00")),
    ),
    case(
        "receives",
        None,
        age=70,
        incomes=(income(Kind.PENSION, "800.00"),),
        rights={IGO: "receives"},
    ),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[IGO])
def test_igo(facts: ClientFacts, overrides: dict[str, str], expected: Outcome) -> None:
    check(IGO, facts, overrides, expected)


# --- aanvullende financiële hulp ----------------------------------------------------------

AID = "aanvullende_financiele_hulp"


def aid(on: dt.date, *, proposed: str = "250.00", covered: bool = False) -> AidFacts:
    return AidFacts(
        calculation_id=7,
        calculated_on=on,
        proposed_aid=D(proposed),
        saldo=-D(proposed),
        decision_covers_month=covered,
    )


TABLES[AID] = [
    case("recent-shortfall-without-decision", "flag", aid=aid(months_ago(1))),
    case("decision-covers-the-month", None, aid=aid(months_ago(1), covered=True)),
    case("no-shortfall", None, aid=aid(months_ago(1), proposed="0.00")),
    case("calculation-12-months-old", "flag", aid=aid(months_ago(12))),
    case("calculation-older-than-12-months", "missing", aid=aid(months_ago(13))),
    case("no-calculation", None),
    case("receives", None, aid=aid(months_ago(1)), rights={AID: "receives"}),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[AID])
def test_aanvullende_financiele_hulp(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(AID, facts, overrides, expected)


# --- unknown is not zero ------------------------------------------------------------------
# A file that says nothing about a fact is not a file that says "none" or "no" (issue 15).

# Households that would qualify for every income-tested right if their income were 0: an
# elderly pensioner living alone, heating with oil, renting privately for years on the social
# housing waiting list; and a couple with two children at school.
ELDERLY_HOUSEHOLD: dict[str, Any] = {
    "age": 70,
    "pensioner": True,
    "heating_fuel": Fuel.HEATING_OIL,
    "social_housing_waiting_since": months_ago(60),
    "rent": D("500.00"),
}
FAMILY_HOUSEHOLD: dict[str, Any] = {
    "members": (partner(), child(1), child(2, age=14)),
    **ELDERLY_HOUSEHOLD,
    "age": 40,
}
INCOME_TESTED = sorted(set(RULES) - {"aanvullende_financiele_hulp", "sociaal_tarief_energie"})


@pytest.mark.parametrize(
    "household", [ELDERLY_HOUSEHOLD, FAMILY_HOUSEHOLD], ids=["elderly", "family"]
)
@pytest.mark.parametrize("code", INCOME_TESTED)
def test_a_file_without_income_lines_is_not_a_household_without_income(
    code: str, household: dict[str, Any]
) -> None:
    """No income lines and no confirmation: the income is unknown, never 0,00."""
    unknown = make(incomes=(), household_confirmed_on=None, **household)
    finding = RULES[code](unknown, params(code))
    assert outcome(finding) != "flag"
    if finding is not None:
        assert "0,00" not in " ".join(line.render() for line in finding.missing)


def test_no_income_confirmed_is_a_statement_the_rules_use() -> None:
    """With the household confirmed, no income lines means no income: the income tests pass."""
    flagged = {
        code
        for household in (ELDERLY_HOUSEHOLD, FAMILY_HOUSEHOLD)
        for code in INCOME_TESTED
        if outcome(RULES[code](make(incomes=(), **household), params(code))) == "flag"
    }
    assert flagged >= {
        VT,
        "vlaamse_huurpremie",
        "stookoliefonds",
        "uitpas_kansentarief",
        "igo",
        "schooltoeslag",
    }


@pytest.mark.parametrize("code", INCOME_TESTED)
def test_unconfirmed_household_names_what_to_ask(code: str) -> None:
    unknown = make(incomes=(), household_confirmed_on=None, **ELDERLY_HOUSEHOLD)
    finding = RULES[code](unknown, params(code))
    if finding is not None:
        with translation.override("nl-be"):
            assert any("Gezin en inkomen" in line.render() for line in finding.missing), code


def test_leefloon_under_three_months_does_not_pass_the_income_test_unconfirmed() -> None:
    """Leefloon is tax-exempt: without a confirmed household its gross 0,00 proves nothing."""
    recent = make(
        incomes=(income(Kind.LEEFLOON, "1300.00"),),
        leefloon_since=months_ago(2),
        household_confirmed_on=None,
    )
    assert outcome(RULES[VT](recent, params(VT))) == "missing"
    assert outcome(RULES[VT](recent, params(VT))) != "flag"


LEEFLOON_NOW = (income(Kind.LEEFLOON, "1300.00"),)


@pytest.mark.parametrize(
    ("confirmed_on", "expected"),
    [
        # The scan is of 23/11/2026: last year is 2025.
        pytest.param(dt.date(2025, 1, 1), "flag", id="confirmed-last-year"),
        pytest.param(dt.date(2026, 11, 23), "flag", id="confirmed-today"),
        # Made in 2024, it covers the incomes of 2023 and 2024: nothing of 2025.
        pytest.param(dt.date(2024, 12, 31), "missing", id="confirmed-the-year-before"),
        pytest.param(dt.date(2020, 1, 6), "missing", id="confirmed-years-ago"),
    ],
)
def test_a_confirmation_too_old_to_cover_last_year_leaves_the_income_unknown(
    confirmed_on: dt.date, expected: Outcome
) -> None:
    """No income lines and a confirmation: "no income", but only for the years it covers."""
    facts = make(incomes=(), household_confirmed_on=confirmed_on)
    finding = RULES[VT](facts, params(VT))
    assert outcome(finding) == expected
    if expected == "missing":
        assert finding is not None
        with translation.override("nl-be"):
            text = " ".join(line.render() for line in finding.missing)
        # The note says when it was confirmed and that it must be done again.
        assert f"bevestigd op {confirmed_on:%d/%m/%Y}, te lang geleden" in text
        assert "bevestig ze opnieuw op het tabblad Gezin en inkomen" in text


def test_a_confirmation_runs_out_on_the_first_of_january_two_years_on() -> None:
    facts = make(household_confirmed_on=dt.date(2025, 6, 30))
    assert facts.household_known
    assert facts.horizon == dt.date(2027, 1, 1)  # the scan evaluates the client again then


@pytest.mark.parametrize(
    ("since", "last_year", "expected"),
    [
        # Confirmed: nothing taxable last year. 0,00 is what leefloon gives anyone: a note.
        pytest.param(months_ago(2), (), "missing", id="two-months-nothing-last-year"),
        pytest.param(
            months_ago(2), LEEFLOON_NOW, "missing", id="two-months-leefloon-last-year-too"
        ),
        pytest.param(months_ago(3, days=1), (), "missing", id="a-day-short-of-three-months"),
        # Three months in a row: the automatic ground.
        pytest.param(months_ago(3), (), "flag", id="three-months"),
        # A taxable income last year is evidence: the income test decides.
        pytest.param(months_ago(2), (wage("12000.00"),), "flag", id="low-wage-last-year"),
        pytest.param(months_ago(2), (wage("60000.00"),), None, id="good-wage-last-year"),
    ],
)
def test_leefloon_under_three_months_does_not_pass_the_income_test_on_zero(
    since: dt.date, last_year: tuple[IncomeFacts, ...], expected: Outcome
) -> None:
    """Leefloon is tax-exempt: a confirmed household on leefloon for less than three months
    has a taxable income of 0,00 last year whatever its means, so 0,00 must not bypass the
    three months the automatic ground asks for."""
    recent = make(incomes=LEEFLOON_NOW, leefloon_since=since, incomes_last_year=last_year)
    assert outcome(RULES[VT](recent, params(VT))) == expected


def test_the_leefloon_note_names_the_day_the_vt_follows() -> None:
    recent = make(incomes=LEEFLOON_NOW, leefloon_since=dt.date(2026, 9, 30), incomes_last_year=())
    finding = RULES[VT](recent, params(VT))
    assert finding is not None
    with translation.override("nl-be"):
        text = " ".join(line.render() for line in finding.missing)
    # 30 September + 3 months: 30 December.
    assert "sinds 30/09/2026" in text
    assert "vanaf 30/12/2026 (3 maanden op rij)" in text
    assert "0,00" in text


UNKNOWN_YES_NO = [
    pytest.param(
        VT,
        {"pensioner": None, "incomes": (income(Kind.PENSION, "1800.00", "40000.00"),)},
        "gepensioneerd",
        id="vt-pensioner-unknown",
    ),
    pytest.param(
        VT,
        {"widowed": None, "incomes": (income(Kind.PENSION, "1800.00", "40000.00"),)},
        "weduwe",
        id="vt-widowed-unknown",
    ),
    pytest.param(
        VT,
        {
            "household_confirmed_on": None,
            "members": (child(1),),
            "incomes": (wage("40000.00", net="1800.00"),),
        },
        "Gezin en inkomen",
        id="vt-single-parent-unconfirmed",
    ),
    pytest.param(
        "uitpas_kansentarief",
        {"budget_management": None},
        "budgetbeheer",
        id="uitpas-budget-management-unknown",
    ),
    pytest.param(
        "uitpas_kansentarief",
        {"debt_status": Client.DebtStatus.UNKNOWN},
        "schuldbemiddeling",
        id="uitpas-debt-unknown",
    ),
    pytest.param(
        "stookoliefonds",
        {"heating_fuel": Fuel.HEATING_OIL, "debt_status": Client.DebtStatus.UNKNOWN},
        "schuldbemiddeling",
        id="heating-fund-debt-unknown",
    ),
    pytest.param(
        ENERGY,
        {"tenure": Client.Tenure.SOCIAL, "collective_heating": None},
        "collectie",
        id="energy-collective-heating-unknown",
    ),
    pytest.param(
        "sociaal_internettarief",
        {"members": (partner(disability=70),)},
        "tegemoetkoming",
        id="internet-disability-allowance-unknown",
    ),
]


@pytest.mark.parametrize(("code", "changes", "asked"), UNKNOWN_YES_NO)
def test_an_unrecorded_yes_or_no_is_asked_not_assumed(
    code: str, changes: dict[str, Any], asked: str
) -> None:
    """Where the answer would change the outcome, the rule asks; recorded as "no", it is quiet."""
    finding = RULES[code](make(**changes), params(code))
    assert outcome(finding) == "missing"
    assert finding is not None
    with translation.override("nl-be"):
        assert asked.lower() in " ".join(line.render() for line in finding.missing).lower()
    known_no = {
        name: (
            False
            if value is None
            else Client.DebtStatus.NONE
            if value == Client.DebtStatus.UNKNOWN
            else value
        )
        for name, value in changes.items()
        if name not in ("household_confirmed_on", "incomes", "members", "age")
    }
    if known_no:
        assert RULES[code](make(**{**changes, **known_no}), params(code)) is None


# --- what holds for every rule ------------------------------------------------------------


# What RightParameters.source holds (PostgreSQL refuses longer; SQLite would not say).
SOURCE_LENGTH = RightParameters._meta.get_field("source").max_length or 0


def test_every_rule_has_a_table_and_default_thresholds() -> None:
    assert set(TABLES) == set(RULES) == set(DEFAULTS)
    for code, seeds in DEFAULTS.items():
        assert seeds, code
        assert [s.valid_from for s in seeds] == sorted({s.valid_from for s in seeds}), code
        for seed in seeds:
            assert seed.source, code
            assert len(seed.source) <= SOURCE_LENGTH, (code, seed.valid_from)
            assert all(isinstance(value, str) for value in seed.values.values()), code


# Rights whose rule always computes its own value from the file, without a typical one.
VALUED_BY_THEIR_RULE = {
    "aanvullende_financiele_hulp",  # the proposed aid x 12
    "leefloon",  # (category amount - income) x 12
    "installatiepremie",  # the premium, once
    "maximumfactuur",  # the recorded costs above the cap
    "inkomenstarief_kinderopvang",  # half of the child care paid x 12
    "groeipakket_zorgtoeslag",  # per child
    "studietoelage_hoger_onderwijs",  # the minimum grant per student
    "zorgbudget_zwaar_zorgbehoevenden",  # the monthly budget x 12
}


@pytest.mark.parametrize("code", sorted(DEFAULTS))
def test_every_rights_newest_version_has_a_yearly_value(code: str) -> None:
    """What a flag is worth sorts the worklist: every right ships a typical yearly value with
    its current figures (docs/rights.md gives each one's basis)."""
    if code in VALUED_BY_THEIR_RULE:
        return
    newest = DEFAULTS[code][-1]
    assert D(newest.values["yearly_value"]) > 0, code
    assert "yearly_value" in newest.source, code


@pytest.mark.parametrize(
    ("code", "valid_from"),
    [(code, seed.valid_from) for code, seeds in DEFAULTS.items() for seed in seeds],
)
def test_every_shipped_version_holds_every_name_its_rule_reads(
    code: str, valid_from: dt.date
) -> None:
    """A version replaces the whole set: a name the rule reads and a version lacks would stop
    the rule (and the flag's value) on the day that version is in force. Every case of the
    right's table runs against the version alone."""
    seed = next(s for s in DEFAULTS[code] if s.valid_from == valid_from)
    version = Params(parameters_id=1, valid_from=valid_from, values=dict(seed.values))
    for p in TABLES[code]:
        finding = RULES[code](p.values[0], version)
        if finding is not None:
            with_value(finding, version)


def test_a_household_with_a_good_wage_qualifies_for_nothing() -> None:
    for code, rule in RULES.items():
        assert rule(make(), params(code)) is None, code


def _first_flag(code: str) -> ClientFacts:
    facts: ClientFacts = next(p.values[0] for p in TABLES[code] if p.values[2] == "flag")
    return facts


@pytest.mark.parametrize("status", sorted(SKIP_STATUSES))
@pytest.mark.parametrize("code", sorted(RULES))
def test_a_right_on_file_is_not_flagged(code: str, status: str) -> None:
    facts = _first_flag(code)
    assert RULES[code](facts, params(code)) is not None
    on_file = dataclasses.replace(facts, rights={**facts.rights, code: status})
    assert RULES[code](on_file, params(code)) is None


def test_a_newer_parameter_version_changes_the_outcome() -> None:
    facts = make(incomes=(wage("24000.00"),))
    older = params(VT)
    newer = Params(
        parameters_id=2,
        valid_from=dt.date(2025, 1, 1),
        values={**older.values, "gross_limit": "23000.00"},
    )
    finding = RULES[VT](facts, older)
    assert finding is not None
    assert finding.eligible
    assert finding.matched[0].values["limit"] == "25.630,67"
    assert RULES[VT](facts, newer) is None


def test_a_lower_threshold_version_flags_what_the_older_did_not() -> None:
    facts = make(incomes=(income(Kind.LEEFLOON), wage("30000.00")), leefloon_since=months_ago(2))
    assert RULES[VT](facts, params(VT)) is None
    finding = RULES[VT](facts, params(VT, leefloon_months="2"))
    assert finding is not None
    assert finding.eligible


def _fingerprint(code: str, facts: ClientFacts) -> str:
    finding = RULES[code](facts, params(code))
    assert finding is not None
    return finding.fingerprint


LEEFLOON_FACTS = make(incomes=LEEFLOON_AND_WAGE, leefloon_since=months_ago(3))
HUURPREMIE_FACTS = make(incomes=(wage("25000.00"),), rent=D("500.00"), **WAITING)


@pytest.mark.parametrize(
    ("code", "facts", "changes"),
    [
        pytest.param(
            VT, LEEFLOON_FACTS, {"scan_date": months_ago(-5)}, id="vt-months-keep-growing"
        ),
        pytest.param(VT, LEEFLOON_FACTS, {"heating_fuel": Fuel.WOOD}, id="vt-heating"),
        pytest.param(RENT, HUURPREMIE_FACTS, {"scan_date": months_ago(-1)}, id="rent-later-scan"),
        pytest.param(RENT, HUURPREMIE_FACTS, {"budget_management": True}, id="rent-budget"),
        pytest.param(
            AID, make(aid=aid(months_ago(1))), {"scan_date": months_ago(-2)}, id="aid-later-scan"
        ),
    ],
)
def test_fingerprint_ignores_the_scan_date_and_irrelevant_facts(
    code: str, facts: ClientFacts, changes: dict[str, Any]
) -> None:
    assert _fingerprint(code, facts) == _fingerprint(code, dataclasses.replace(facts, **changes))


@pytest.mark.parametrize(
    ("code", "facts", "changes"),
    [
        pytest.param(
            VT,
            LEEFLOON_FACTS,
            {"incomes": (*LEEFLOON_AND_WAGE, income(Kind.IGO))},
            id="vt-another-ground",
        ),
        pytest.param(
            VT,
            make(incomes=(wage("20000.00"),)),
            {"incomes_last_year": (wage("21000.00"),)},
            id="vt-income",
        ),
        pytest.param(RENT, HUURPREMIE_FACTS, {"rent": D("480.00")}, id="rent-rent"),
        pytest.param(
            RENT, HUURPREMIE_FACTS, {"incomes_last_year": (wage("24000.00"),)}, id="rent-income"
        ),
        pytest.param(
            AID,
            make(aid=aid(months_ago(1))),
            {"aid": dataclasses.replace(aid(months_ago(1)), calculation_id=8)},
            id="aid-new-calculation",
        ),
    ],
)
def test_fingerprint_changes_with_a_decisive_fact(
    code: str, facts: ClientFacts, changes: dict[str, Any]
) -> None:
    assert _fingerprint(code, facts) != _fingerprint(code, dataclasses.replace(facts, **changes))


def _all_findings() -> list[Finding]:
    findings = []
    for code, table in TABLES.items():
        for p in table:
            finding = RULES[code](p.values[0], params(code, **p.values[1]))
            if finding is not None:
                findings.append(finding)
    return findings


def test_every_explanation_renders_in_dutch_and_english() -> None:
    lines = [line for f in _all_findings() for line in (*f.matched, *f.missing)]
    assert len({line.text for line in lines}) >= 40
    for line in lines:
        assert all(isinstance(value, str) for value in line.values.values())
        with translation.override("nl-be"):
            dutch = line.render()
        with translation.override("en"):
            english = line.render()
        assert "%(" not in dutch
        assert "%(" not in english
        assert dutch != english, f"no Dutch for {line.text!r}"


def test_amounts_are_in_belgian_notation() -> None:
    assert euro(D("27011")) == "27.011,00"
    assert euro(D("639.78")) == "639,78"
    assert euro(D("1234567.5")) == "1.234.567,50"


# === the rights added after the first ten ================================================
# The same builders and checks; each right's table is in TABLES, so what holds for every rule
# above (a right on file is not flagged, explanations render in both languages, unknown is
# not zero) holds for these too.


def flag_of(code: str, facts: ClientFacts, /, **overrides: str) -> Finding:
    finding = RULES[code](facts, params(code, **overrides))
    assert finding is not None
    assert finding.eligible
    return finding


def value_of(code: str, facts: ClientFacts, /, **overrides: str) -> Decimal | None:
    """The estimated yearly value a flag carries: its own, or the thresholds' (with_value)."""
    finding = with_value(flag_of(code, facts, **overrides), params(code, **overrides))
    return None if finding.value is None else finding.value.amount


def seed_params(code: str, index: int) -> Params:
    seed = DEFAULTS[code][index]
    return Params(parameters_id=index + 1, valid_from=seed.valid_from, values=seed.values)


# --- leefloon -----------------------------------------------------------------------------

LEEFLOON = "leefloon"
Residence = Client.ResidenceStatus


def benefit(net: str, *, who: str = "client") -> IncomeFacts:
    return income(Kind.UNEMPLOYMENT, net, "1.00", who=who)


LODGER = member(1, Relation.OTHER, 30)
TABLES[LEEFLOON] = [
    # A single person: 1.314,20 a month (1-2-2025).
    case("single-just-under", "flag", incomes=(benefit("1314.19"),)),
    case("single-at-the-amount", None, incomes=(benefit("1314.20"),)),
    case("confirmed-without-income", "flag", incomes=()),
    # Sharing the home with another adult: a cohabitant, 876,13.
    case("cohabitant-just-under", "flag", members=(LODGER,), incomes=(benefit("876.12"),)),
    case("cohabitant-at-the-amount", None, members=(LODGER,), incomes=(benefit("876.13"),)),
    # With a minor child: a family in their care, 1.776,07; child benefit does not count.
    case("family-just-under", "flag", members=(child(1, 5),), incomes=(benefit("1776.06"),)),
    case("family-at-the-amount", None, members=(child(1, 5),), incomes=(benefit("1776.07"),)),
    case(
        "child-benefit-does-not-count",
        "flag",
        members=(child(1, 5),),
        incomes=(benefit("1700.00"), income(Kind.GROEIPAKKET, "300.00", who="member-1")),
    ),
    case(
        "an-adult-child-makes-a-cohabitant",
        None,
        members=(child(1, 18, dependant=False),),
        incomes=(benefit("900.00"),),
    ),
    # A couple: two cohabitants, 1.752,26 together; the partner's income counts.
    case(
        "couple-just-under",
        "flag",
        members=(partner(),),
        incomes=(wage("20000.00", who="member-9", net="1752.25"),),
    ),
    case(
        "couple-at-the-amount",
        None,
        members=(partner(),),
        incomes=(wage("20000.00", who="member-9", net="1752.26"),),
    ),
    case(
        "couple-with-a-child-is-a-family",
        "flag",
        members=(partner(), child(1, 10)),
        incomes=(wage("20000.00", who="member-9", net="1776.06"),),
    ),
    # Age: from 18, or a minor with a child; a minor without one is asked about.
    case("18-years-old", "flag", age=18, members=(member(1, Relation.PARENT, 45),), incomes=()),
    case("minor-with-a-child", "flag", age=17, members=(child(1, 1),), incomes=()),
    case(
        "minor-without-a-child",
        "missing",
        age=17,
        members=(member(1, Relation.PARENT, 45),),
        incomes=(),
    ),
    # Residence.
    case("refugee", "flag", incomes=(), residence_status=Residence.REFUGEE),
    case("eu-citizen", "flag", incomes=(), residence_status=Residence.EU),
    case("residence-unknown", "missing", incomes=(), residence_status=Residence.UNKNOWN),
    case("temporary-permit", None, incomes=(), residence_status=Residence.TEMPORARY),
    case("without-legal-residence", None, incomes=(), residence_status=Residence.UNDOCUMENTED),
    case(
        "residence-unknown-but-income-too-high",
        None,
        incomes=(benefit("1400.00"),),
        residence_status=Residence.UNKNOWN,
    ),
    # What the file says about the leefloon itself, and an unconfirmed household.
    case("household-unconfirmed", "missing", incomes=(), household_confirmed_on=None),
    case("receives-leefloon", None, incomes=(income(Kind.LEEFLOON, "500.00"),)),
    case(
        "partner-receives-leefloon",
        None,
        members=(partner(),),
        incomes=(income(Kind.LEEFLOON, "876.13", who="member-9"),),
    ),
    case("leefloon-since-recorded", None, incomes=(), leefloon_since=months_ago(2)),
    case("receives", None, incomes=(), rights={LEEFLOON: "receives"}),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[LEEFLOON])
def test_leefloon(facts: ClientFacts, overrides: dict[str, str], expected: Outcome) -> None:
    check(LEEFLOON, facts, overrides, expected)


def test_leefloon_value_is_the_category_amount_less_the_income_for_a_year() -> None:
    finding = flag_of(LEEFLOON, make(incomes=(benefit("1000.00"),)))
    assert finding.value is not None
    assert finding.value.amount == D("3770.40")  # (1.314,20 - 1.000,00) x 12
    assert finding.value.basis.values["limit"] == "1.314,20"
    couple = make(members=(partner(),), incomes=(wage("1.00", who="member-9", net="752.26"),))
    assert value_of(LEEFLOON, couple) == D("12000.00")  # (2 x 876,13 - 752,26) x 12


def test_leefloon_lists_what_only_the_inquiry_can_check() -> None:
    finding = flag_of(LEEFLOON, make(incomes=(), residence_status=Residence.EU))
    with translation.override("nl-be"):
        to_check = " ".join(line.render() for line in finding.missing)
    assert "werkbereid" in to_check
    assert "andere rechten" in to_check.lower()
    assert "EU-burger" in to_check
    living_with_parents = make(age=20, members=(member(1, Relation.PARENT, 50),), incomes=())
    names_to_check = [
        line.values.get("names") for line in flag_of(LEEFLOON, living_with_parents).missing
    ]
    assert "Lid 1" in names_to_check


def test_leefloon_amounts_of_2024_are_a_version_of_their_own() -> None:
    facts = make(incomes=(benefit("1300.00"),))
    assert outcome(RULES[LEEFLOON](facts, params(LEEFLOON))) == "flag"
    assert RULES[LEEFLOON](facts, seed_params(LEEFLOON, 0)) is None  # 1.288,46 from 1-5-2024
    assert [s.valid_from for s in DEFAULTS[LEEFLOON]] == [dt.date(2024, 5, 1), dt.date(2025, 2, 1)]


# --- installatiepremie --------------------------------------------------------------------

PREMIUM = "installatiepremie"
MOVED: dict[str, Any] = {"left_homelessness_on": months_ago(2)}
TABLES[PREMIUM] = [
    case("moved-with-leefloon", "flag", incomes=(income(Kind.LEEFLOON, "1314.20"),), **MOVED),
    case("moved-with-unemployment-benefit", "flag", incomes=(benefit("1600.00"),), **MOVED),
    case("moved-with-a-pension", "flag", incomes=(income(Kind.PENSION, "1900.00"),), **MOVED),
    case("moved-with-sickness-benefit", "flag", incomes=(income(Kind.SICKNESS),), **MOVED),
    case("moved-with-ivt-it", "flag", incomes=(income(Kind.IVT_IT),), **MOVED),
    case("moved-with-igo", "flag", age=70, incomes=(income(Kind.IGO),), **MOVED),
    # A wage: under the category amount + 10% (single: 1.314,20 x 1,10 = 1.445,62).
    case("wage-just-under-single-plus-10", "flag", incomes=(wage("1.00", net="1445.61"),), **MOVED),
    case("wage-at-single-plus-10", None, incomes=(wage("1.00", net="1445.62"),), **MOVED),
    # With a minor child: 1.776,07 x 1,10 = 1.953,68.
    case(
        "family-wage-just-under",
        "flag",
        members=(child(1, 5),),
        incomes=(wage("1.00", net="1953.67"),),
        **MOVED,
    ),
    case(
        "family-wage-at-the-limit",
        None,
        members=(child(1, 5),),
        incomes=(wage("1.00", net="1953.68"),),
        **MOVED,
    ),
    case(
        "a-partners-benefit-is-income-not-a-ground",
        None,
        members=(partner(),),
        incomes=(benefit("2000.00", who="member-9"),),
        **MOVED,
    ),
    case(
        "wage-in-an-unconfirmed-household",
        "missing",
        incomes=(wage("1.00", net="1000.00"),),
        household_confirmed_on=None,
        **MOVED,
    ),
    case(
        "a-benefit-needs-no-confirmed-household",
        "flag",
        incomes=(benefit("1600.00"),),
        household_confirmed_on=None,
        **MOVED,
    ),
    case("no-move-recorded", None, incomes=(benefit("1000.00"),)),
    case(
        "homeless-again",
        None,
        incomes=(benefit("1000.00"),),
        tenure=Client.Tenure.HOMELESS,
        **MOVED,
    ),
    case("receives", None, incomes=(benefit("1000.00"),), rights={PREMIUM: "receives"}, **MOVED),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[PREMIUM])
def test_installatiepremie(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(PREMIUM, facts, overrides, expected)


def test_installatiepremie_is_worth_a_month_of_family_leefloon_once() -> None:
    finding = flag_of(PREMIUM, make(incomes=(benefit("1600.00"),), **MOVED))
    assert finding.value is not None
    assert finding.value.amount == D("1776.07")
    with translation.override("nl-be"):
        assert "eenmaal in een leven" in finding.value.basis.render()
    older = RULES[PREMIUM](make(incomes=(), **MOVED), seed_params(PREMIUM, 0))
    assert older is not None
    assert older.value is not None
    assert older.value.amount == D("1741.29")  # the family amount from 1-5-2024


def test_installatiepremie_asks_nothing_of_a_client_who_never_was_homeless() -> None:
    for household in (make(incomes=()), make(incomes=(), household_confirmed_on=None)):
        assert RULES[PREMIUM](household, params(PREMIUM)) is None


# --- dringende medische hulp --------------------------------------------------------------

DMH = "dringende_medische_hulp"
TABLES[DMH] = [
    case("without-legal-residence", "flag", residence_status=Residence.UNDOCUMENTED),
    case(
        "without-legal-residence-and-unconfirmed",
        "flag",
        residence_status=Residence.UNDOCUMENTED,
        household_confirmed_on=None,
        incomes=(),
    ),
    case("applicant-for-protection", None, residence_status=Residence.APPLICANT),
    case("temporary-permit", None, residence_status=Residence.TEMPORARY),
    case("belgian", None, incomes=()),
    case("residence-unknown", "missing", residence_status=Residence.UNKNOWN, incomes=()),
    case(
        "residence-unknown-but-a-benefit-needs-legal-residence",
        None,
        residence_status=Residence.UNKNOWN,
        incomes=(benefit("1200.00"),),
    ),
    case("residence-unknown-with-a-declared-wage", None, residence_status=Residence.UNKNOWN),
    case(
        "residence-unknown-with-other-income",
        "missing",
        residence_status=Residence.UNKNOWN,
        incomes=(income(Kind.OTHER, "300.00"),),
    ),
    case(
        "receives",
        None,
        residence_status=Residence.UNDOCUMENTED,
        rights={DMH: "receives"},
    ),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[DMH])
def test_dringende_medische_hulp(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(DMH, facts, overrides, expected)


def test_dringende_medische_hulp_value_from_the_recorded_illness_costs_or_typical() -> None:
    undocumented = make(residence_status=Residence.UNDOCUMENTED, incomes=())
    assert value_of(DMH, undocumented) == D("2670.00")
    costly = dataclasses.replace(undocumented, illness_costs=D("150.00"))
    assert value_of(DMH, costly) == D("1800.00")
    none_paid = dataclasses.replace(undocumented, illness_costs=D("0.00"))
    assert value_of(DMH, none_paid) == D("2670.00")


# --- maximumfactuur -----------------------------------------------------------------------

MAF = "maximumfactuur"
VT_ON: dict[str, Any] = {"rights": {VT: "receives"}}
LOW_INCOME = (wage("11120.00", net="900.00"),)
TABLES[MAF] = [
    # VT: the social MAF, 506,00 a year (costs x 12 against it).
    case("vt-costs-pass-the-social-cap", "flag", illness_costs=D("42.17"), **VT_ON),
    case("vt-costs-at-the-social-cap", None, illness_costs=D("42.16"), **VT_ON),
    # The lowest income bracket: gross taxable at most 11.120,00, cap 250,00.
    case("low-income-costs-pass-250", "flag", incomes=LOW_INCOME, illness_costs=D("20.84")),
    case("low-income-costs-under-250", None, incomes=LOW_INCOME, illness_costs=D("20.83")),
    case(
        "income-just-over-the-lowest-bracket",
        None,
        incomes=(wage("11120.01", net="900.00"),),
        illness_costs=D("100.00"),
    ),
    case(
        "vt-and-low-income-take-the-lower-cap",
        "flag",
        incomes=LOW_INCOME,
        illness_costs=D("30.00"),
        **VT_ON,
    ),
    # What the file does not say.
    case("vt-costs-unknown", "missing", **VT_ON),
    case("low-income-costs-unknown", "missing", incomes=LOW_INCOME),
    case("good-wage-costs-unknown", None),
    case("income-unknown-costs-known", "missing", incomes=(wage(None),), illness_costs=D("30")),
    case(
        "vt-income-unknown-costs-between-the-caps",
        "missing",
        incomes=(wage(None),),
        illness_costs=D("30.00"),
        **VT_ON,
    ),
    case(
        "vt-income-unknown-costs-over-the-social-cap",
        "flag",
        incomes=(wage(None),),
        illness_costs=D("50.00"),
        **VT_ON,
    ),
    case("costs-under-every-cap", None, incomes=(wage(None),), illness_costs=D("20.00")),
    case(
        "receives",
        None,
        illness_costs=D("100.00"),
        rights={VT: "receives", MAF: "receives"},
    ),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[MAF])
def test_maximumfactuur(facts: ClientFacts, overrides: dict[str, str], expected: Outcome) -> None:
    check(MAF, facts, overrides, expected)


def test_maximumfactuur_value_is_the_costs_above_the_cap() -> None:
    assert value_of(MAF, make(illness_costs=D("100.00"), **VT_ON)) == D("694.00")
    both = make(incomes=LOW_INCOME, illness_costs=D("30.00"), **VT_ON)
    assert value_of(MAF, both) == D("110.00")  # 360,00 - 250,00
    low = flag_of(MAF, make(incomes=LOW_INCOME, illness_costs=D("30.00")))
    with translation.override("nl-be"):
        assert "twee jaar eerder" in " ".join(line.render() for line in low.missing)


# --- the Flemish care budgets -------------------------------------------------------------


def with_points(points: int | None, **changes: Any) -> ClientFacts:
    """A household (see make) whose client has `points` of recognised reduced self-reliance."""
    facts = make(**changes)
    client = dataclasses.replace(facts.client, self_reliance_points=points)
    return dataclasses.replace(facts, persons=(client, *facts.persons[1:]))


def points_case(id: str, expected: Outcome, points: int | None, **changes: Any) -> Any:
    return pytest.param(with_points(points, **changes), {}, expected, id=id)


ELDERLY_CARE = "zorgbudget_ouderen"
PENSION = (income(Kind.PENSION, "1600.00", "22000.00"),)
TABLES[ELDERLY_CARE] = [
    points_case("65-with-7-points", "flag", 7, age=65, incomes=PENSION),
    points_case("65-with-6-points", None, 6, age=65, incomes=PENSION),
    points_case("64-with-7-points", None, 7, age=64, incomes=PENSION),
    points_case("points-unknown-at-70", "missing", None, age=70, incomes=PENSION),
    points_case("points-unknown-at-64", None, None, age=64, incomes=PENSION),
    points_case(
        "receives-ivt-it-instead", None, 9, age=70, incomes=(income(Kind.IVT_IT, "900.00"),)
    ),
    points_case(
        "a-partners-ivt-it-does-not-matter",
        "flag",
        9,
        age=70,
        members=(partner(70),),
        incomes=(*PENSION, income(Kind.IVT_IT, "900.00", who="member-9")),
    ),
    points_case(
        "unconfirmed-household-may-hide-an-ivt-it",
        "missing",
        9,
        age=70,
        incomes=PENSION,
        household_confirmed_on=None,
    ),
    points_case("receives", None, 9, age=70, rights={ELDERLY_CARE: "receives"}),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[ELDERLY_CARE])
def test_zorgbudget_ouderen(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(ELDERLY_CARE, facts, overrides, expected)


HIGH_CARE = "zorgbudget_zwaar_zorgbehoevenden"
TABLES[HIGH_CARE] = [
    points_case("15-points", "flag", 15),
    points_case("14-points", None, 14),
    points_case("18-points-at-any-age", "flag", 18, age=8),
    points_case("15-points-unconfirmed-household", "flag", 15, household_confirmed_on=None),
    points_case(
        "points-unknown-with-ivt-it", "missing", None, incomes=(income(Kind.IVT_IT, "900.00"),)
    ),
    points_case("points-unknown-with-66-percent", "missing", None, disability=66),
    points_case("points-unknown-with-65-percent", None, None, disability=65),
    points_case("points-unknown-without-a-recognition", None, None),
    points_case("receives", None, 16, rights={HIGH_CARE: "receives"}),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[HIGH_CARE])
def test_zorgbudget_zwaar_zorgbehoevenden(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(HIGH_CARE, facts, overrides, expected)


def test_care_budget_values() -> None:
    assert value_of(ELDERLY_CARE, with_points(7, age=65, incomes=PENSION)) == D("3600.00")
    assert value_of(HIGH_CARE, with_points(15)) == D("1680.00")  # 140,00 x 12 (from 2024)
    elderly = flag_of(ELDERLY_CARE, with_points(7, age=65, incomes=PENSION))
    with translation.override("nl-be"):
        assert "zorgkas" in " ".join(line.render() for line in elderly.missing)


# --- Groeipakket zorgtoeslag --------------------------------------------------------------

CARE_SUPPLEMENT = "groeipakket_zorgtoeslag"
TABLES[CARE_SUPPLEMENT] = [
    case("child-with-66-percent", "flag", members=(child(1, disability=66),)),
    case("child-with-65-percent", None, members=(child(1, disability=65),)),
    case("child-without-a-recognition", None, members=(child(1),)),
    case(
        "an-adult-child-with-groeipakket-counts",
        "flag",
        members=(child(1, 20, dependant=False, disability=80),),
        incomes=(wage("60000.00"), income(Kind.GROEIPAKKET, "200.00", who="member-1")),
    ),
    case(
        "an-adult-child-out-of-the-groeipakket",
        None,
        members=(child(1, 30, dependant=False, disability=80),),
    ),
    case("a-disabled-adult-is-not-a-child", None, disability=80),
    case("no-income-test", "flag", members=(child(1, disability=70),), household_confirmed_on=None),
    case(
        "receives",
        None,
        members=(child(1, disability=66),),
        rights={CARE_SUPPLEMENT: "receives"},
    ),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[CARE_SUPPLEMENT])
def test_groeipakket_zorgtoeslag(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(CARE_SUPPLEMENT, facts, overrides, expected)


def test_zorgtoeslag_value_is_the_lowest_band_per_child() -> None:
    one = make(members=(child(1, disability=66),))
    assert value_of(CARE_SUPPLEMENT, one) == D("1048.92")  # 87,41 x 12
    two = make(members=(child(1, disability=66), child(2, 12, disability=90)))
    assert value_of(CARE_SUPPLEMENT, two) == D("2097.84")


# --- Vlaamse studietoelage hoger onderwijs ------------------------------------------------

GRANT = "studietoelage_hoger_onderwijs"


def student(n: int, age: int = 19, **kwargs: Any) -> PersonFacts:
    return child(n, age, school=Level.HIGHER, **kwargs)


# A single parent with a dependent student: 1 dependant + 1 dependent student = 2 points; the
# rows found are 0, 3 and 10 points, so the 0-point row applies: 18.220,63.
STUDENT_ALONE = (student(1),)
# A couple with a dependent student and two dependent children: 3 + 1 = 4 points, row 3.
STUDENT_FAMILY = (partner(), student(1), child(2, 15), child(3, 12))
TABLES[GRANT] = [
    case("2-points-at-the-0-point-row", "flag", members=STUDENT_ALONE, incomes=(wage("18220.63"),)),
    case("2-points-over-the-0-point-row", None, members=STUDENT_ALONE, incomes=(wage("18220.64"),)),
    case(
        "4-points-at-the-3-point-row", "flag", members=STUDENT_FAMILY, incomes=(wage("40566.72"),)
    ),
    case(
        "4-points-over-the-3-point-row", None, members=STUDENT_FAMILY, incomes=(wage("40566.73"),)
    ),
    case(
        "10-points-at-the-last-row",
        "flag",
        members=(student(1), *(child(n, 10) for n in range(2, 11))),
        incomes=(wage("68012.59"),),
    ),
    case(
        "a-lodger-with-an-income-takes-a-point",
        None,
        members=(partner(), student(1), child(2, 15), member(3, Relation.OTHER, 30)),
        incomes=(wage("30000.00"), wage("20000.00", who="member-3")),
    ),
    case(
        "without-the-lodger",
        "flag",
        members=(partner(), student(1), child(2, 15)),
        incomes=(wage("30000.00"),),
    ),
    case(
        "leefloon-counts-although-untaxed",
        None,
        members=STUDENT_ALONE,
        incomes=(wage("10000.00"), income(Kind.LEEFLOON, "900.00")),
    ),
    case(
        "institution-not-recognised",
        None,
        members=(student(1, recognised=False),),
        incomes=(wage("10000.00"),),
    ),
    case("secondary-school-is-not-higher", None, members=(child(1, 17),), incomes=(wage("1.00"),)),
    case("gross-missing", "missing", members=STUDENT_ALONE, incomes=(wage(None),)),
    case(
        "receives",
        None,
        members=STUDENT_ALONE,
        incomes=(wage("10000.00"),),
        rights={GRANT: "receives"},
    ),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[GRANT])
def test_studietoelage_hoger_onderwijs(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(GRANT, facts, overrides, expected)


def test_studietoelage_points_and_value() -> None:
    two = make(members=(student(1), student(2, 21, dependant=False)), incomes=(wage("1.00"),))
    finding = flag_of(GRANT, two)
    # 1 dependant + 1 student not a dependant + 1 student beyond the first + 1 dependent student
    assert finding.facts["points"] == "4"
    assert finding.value is not None
    assert finding.value.amount == D("562.72")  # 2 x the minimum grant of 281,36


# --- inkomenstarief kinderopvang ----------------------------------------------------------

CHILDCARE = "inkomenstarief_kinderopvang"
TODDLER = (child(1, 2),)
ON_LEEFLOON = (income(Kind.LEEFLOON, "1776.07"),)
TABLES[CHILDCARE] = [
    case(
        "leefloon-and-child-care",
        "flag",
        members=TODDLER,
        incomes=ON_LEEFLOON,
        childcare_costs=D("180.00"),
    ),
    case(
        "child-of-3-is-at-school-age",
        None,
        members=(child(1, 3),),
        incomes=ON_LEEFLOON,
        childcare_costs=D("180.00"),
    ),
    case(
        "partner-on-leefloon",
        "flag",
        members=(partner(), *TODDLER),
        incomes=(income(Kind.LEEFLOON, "900.00", who="member-9"),),
        childcare_costs=D("100.00"),
    ),
    case(
        "calculation-shortfall-12-months-old",
        "flag",
        members=TODDLER,
        aid=aid(months_ago(12)),
        childcare_costs=D("150.00"),
    ),
    case(
        "calculation-older-than-12-months",
        None,
        members=TODDLER,
        aid=aid(months_ago(13)),
        childcare_costs=D("150.00"),
    ),
    case(
        "decided-aid-still-a-shortfall",
        "flag",
        members=TODDLER,
        aid=aid(months_ago(1), covered=True),
        childcare_costs=D("150.00"),
    ),
    case("no-ground", None, members=TODDLER, childcare_costs=D("400.00")),
    case("child-care-not-recorded", "missing", members=TODDLER, incomes=ON_LEEFLOON),
    case(
        "no-child-care-paid", None, members=TODDLER, incomes=ON_LEEFLOON, childcare_costs=D("0.00")
    ),
    case("child-care-unknown-without-a-ground", None, members=TODDLER),
    case(
        "receives",
        None,
        members=TODDLER,
        incomes=ON_LEEFLOON,
        childcare_costs=D("180.00"),
        rights={CHILDCARE: "receives"},
    ),
]


@pytest.mark.parametrize(CASE_ARGS, TABLES[CHILDCARE])
def test_inkomenstarief_kinderopvang(
    facts: ClientFacts, overrides: dict[str, str], expected: Outcome
) -> None:
    check(CHILDCARE, facts, overrides, expected)


def test_inkomenstarief_value_is_half_of_what_is_paid() -> None:
    facts = make(members=TODDLER, incomes=ON_LEEFLOON, childcare_costs=D("180.00"))
    assert value_of(CHILDCARE, facts) == D("1080.00")  # 180,00 x 12 x 50%


# --- what holds for every right added after the first ten ---------------------------------

NEW_RIGHTS = (
    LEEFLOON,
    PREMIUM,
    DMH,
    MAF,
    ELDERLY_CARE,
    HIGH_CARE,
    CARE_SUPPLEMENT,
    GRANT,
    CHILDCARE,
)


def test_there_are_at_least_eighteen_rights() -> None:
    assert set(NEW_RIGHTS) <= set(RULES)
    assert len(RULES) >= 18


@pytest.mark.parametrize("code", NEW_RIGHTS)
def test_every_flag_of_a_new_right_carries_a_yearly_value_explained_in_both_languages(
    code: str,
) -> None:
    flags = [p for p in TABLES[code] if p.values[2] == "flag"]
    assert flags, code
    for p in flags:
        finding = RULES[code](p.values[0], params(code, **p.values[1]))
        assert finding is not None
        valued = with_value(finding, params(code, **p.values[1]))
        assert valued.value is not None, p.id
        assert valued.value.amount > 0, p.id
        with translation.override("nl-be"):
            dutch = valued.value.basis.render()
        with translation.override("en"):
            english = valued.value.basis.render()
        assert dutch != english, valued.value.basis.text
        assert "%(" not in dutch


@pytest.mark.parametrize("code", NEW_RIGHTS)
def test_a_new_rights_shipped_versions_start_in_2024_or_later(code: str) -> None:
    assert DEFAULTS[code][0].valid_from >= dt.date(2024, 1, 1)


def test_every_shipped_source_fits_its_column() -> None:
    """RightParameters.source holds 300 characters: a longer one fails on PostgreSQL."""
    for code, seeds in DEFAULTS.items():
        for seed in seeds:
            assert len(seed.source) <= 300, (code, seed.valid_from, len(seed.source))


LEEFLOON_SINGLE = make(incomes=(benefit("1000.00"),))


@pytest.mark.parametrize(
    ("code", "facts", "changes", "same"),
    [
        pytest.param(
            LEEFLOON, LEEFLOON_SINGLE, {"scan_date": months_ago(-3)}, True, id="leefloon-later"
        ),
        pytest.param(
            LEEFLOON,
            LEEFLOON_SINGLE,
            {"incomes": (benefit("1100.00"),)},
            False,
            id="leefloon-income",
        ),
        pytest.param(
            PREMIUM,
            make(incomes=(benefit("1000.00"),), **MOVED),
            {"left_homelessness_on": months_ago(1)},
            False,
            id="premium-another-move",
        ),
        pytest.param(
            HIGH_CARE, with_points(15), {"scan_date": months_ago(-12)}, True, id="high-care-later"
        ),
        pytest.param(
            CHILDCARE,
            make(members=TODDLER, incomes=ON_LEEFLOON, childcare_costs=D("180.00")),
            {"childcare_costs": D("200.00")},
            False,
            id="childcare-costs",
        ),
    ],
)
def test_a_new_rights_fingerprint_follows_its_decisive_facts(
    code: str, facts: ClientFacts, changes: dict[str, Any], same: bool
) -> None:
    changed = dataclasses.replace(facts, **changes)
    assert (_fingerprint(code, facts) == _fingerprint(code, changed)) is same
