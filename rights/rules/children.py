"""Families with children: the Groeipakket's social supplement and the school allowance."""

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext_noop

from rights.facts import ClientFacts, Finding, Line, Params, PersonFacts
from rights.rules.common import (
    Kind,
    Level,
    already_handled,
    euro,
    missing_income,
    missing_note,
    names,
    status_line,
)

# --- Groeipakket sociale toeslag (social supplement to child benefit) ---------------------


def born_on_or_after(facts: ClientFacts, person: PersonFacts, day: dt.date) -> bool:
    """The person's age on the scan date proves a birth on or after `day` (the file's facts
    carry the age, not the birth date: an age that allows both is not proof)."""
    # The earliest birth that age allows is the day after the scan date `age + 1` years back
    # (29 February taken back to a year without one: the 28th). It is on or after `day` once
    # the scan date reaches the day before `day` moved `age + 1` years on (1 March when that
    # is a 29 February in a year without one).
    before = day - dt.timedelta(days=1)
    year = before.year + person.age + 1
    try:
        reached = before.replace(year=year)
    except ValueError:  # 29 February
        reached = dt.date(year, 3, 1)
    return facts.date_reached(reached)


def _parents_status_grounds(facts: ClientFacts, parents: frozenset[str]) -> dict[str, Line]:
    """The parents receive leefloon, IVT/IT or IGO: each a ground without an income test."""
    grounds: dict[str, Line] = {}
    for kind in (Kind.LEEFLOON, Kind.IVT_IT, Kind.IGO):
        if line := status_line(facts, kind, parents):
            grounds[kind] = line
    return grounds


def _large_family_line(
    gross: Decimal, limit: Decimal, count: str, born_from: dt.date, new_amounts: list[PersonFacts]
) -> Line:
    return Line(
        gettext_noop(
            "Parents' gross taxable income last year of %(income)s is at most the limit of "
            "%(limit)s for a family with %(children)s children of whom one at least was "
            "born on or after %(date)s: %(names)s."
        ),
        {
            "income": euro(gross),
            "limit": euro(limit),
            "children": count,
            "date": born_from.strftime("%d/%m/%Y"),
            "names": names(new_amounts),
        },
    )


def _income_band(
    facts: ClientFacts, params: Params, gross: Decimal, children: list[PersonFacts]
) -> tuple[dict[str, str], Line] | None:
    """The lowest limit that the parents' income is at most: the one for every family, the
    middle band's for one or two children, the large family's with a child of the new amounts.
    The band (none for the first) and the line that says so; None above them all."""
    count = str(len(children))
    large = len(children) >= params.number("large_family_children")
    born_from = dt.date.fromisoformat(params.values["new_amounts_born_from"])
    new_amounts = [p for p in children if born_on_or_after(facts, p, born_from)]
    limit = params.amount("income_limit")
    middle_limit = params.amount("income_limit_middle_band")
    large_limit = params.amount("income_limit_large_family")
    if gross <= limit:
        return {}, Line(
            gettext_noop(
                "Parents' gross taxable income last year of %(income)s is at most the "
                "limit of %(limit)s (children: %(children)s)."
            ),
            {"income": euro(gross), "limit": euro(limit), "children": count},
        )
    if not large and gross <= middle_limit:
        return {"band": "middle"}, Line(
            gettext_noop(
                "Parents' gross taxable income last year of %(income)s is at most the limit of "
                "%(limit)s for a family with one or two children: the supplement of the middle "
                "income band (children: %(children)s)."
            ),
            {"income": euro(gross), "limit": euro(middle_limit), "children": count},
        )
    if large and new_amounts and gross <= large_limit:
        line = _large_family_line(gross, large_limit, count, born_from, new_amounts)
        return {"band": "large"}, line
    return None


def groeipakket_sociale_toeslag(facts: ClientFacts, params: Params) -> Finding | None:
    """A family with children in the Groeipakket whose parents receive leefloon, IVT/IT or IGO,
    or whose taxable income is at most a limit: the lowest for every family; a higher one (the
    middle band) for a family with one or two children; a higher one still for a family with N
    children or more of whom at least one receives the Groeipakket's new amounts (born in 2019
    or later).

    Sources: groeipakket.be "Sociale toeslag" (undated; limits 36.325,76, 42.380,06 and
    68.329,61 of the allocation year from 1-9-2023, the middle band for one or two children
    also for children born before 2019, amounts 70,50 / 103,62 / 35,70 / 81,54 per child a
    month); fons.be FAQ (the same limits, "niet hoger dan", the allocation year from 1 September,
    the new amounts condition). docs/rights.md lists them with their addresses.

    Readings: the children are the dependent children (or those with a Groeipakket income
    line); the income is last year's gross taxable income of the client and a partner (the
    parents whose income the payer counts), compared "at most". A child counts as born in 2019
    or later only when its age proves it (a child whose age allows both does not count, which
    may miss a flag but never makes a wrong one). The payer uses older tax data, so a family
    whose income fell since may be missing the supplement; the "alarm bell" procedure on six
    months of current income is not checked.
    """
    code = "groeipakket_sociale_toeslag"
    if already_handled(facts, code):
        return None
    with_benefit = {i.person_key for i in facts.incomes_of(Kind.GROEIPAKKET)}
    children = [
        p for p in facts.persons if (p.is_child and p.is_dependant) or p.key in with_benefit
    ]
    if not children:
        return None
    parents = facts.parent_keys
    grounds = _parents_status_grounds(facts, parents)
    if grounds:
        return Finding(
            right=code,
            eligible=True,
            matched=tuple(grounds.values()),
            facts={"grounds": ",".join(sorted(grounds)), "children": str(len(children))},
        )
    gross = facts.gross_taxable_last_year(persons=parents)
    if gross is None:
        return missing_note(code, [missing_income(facts, parents)])
    band = _income_band(facts, params, gross, children)
    if band is None:
        return None
    count = str(len(children))
    return Finding(
        right=code,
        eligible=True,
        matched=(band[1],),
        facts={"test": "income", "income": str(gross), "children": count, **band[0]},
    )


# --- schooltoeslag (school allowance) -----------------------------------------------------

SCHOOL_LEVELS = (Level.NURSERY, Level.PRIMARY, Level.SECONDARY)


def _school_limit(params: Params, points: int) -> tuple[int, Decimal]:
    """The limit for `points` from the table limit_<n>_points. Beyond the table's end its last
    row applies: lower than the real limit, so no flag rests on a guess."""
    rows = {
        int(name.split("_")[1]): Decimal(value)
        for name, value in params.values.items()
        if name.startswith("limit_") and name.endswith("_points")
    }
    row = max(n for n in rows if n <= points)
    return row, rows[row]


class FamilyPoints(NamedTuple):
    """The points of the family ("punten van je gezin") and what they count."""

    total: int
    dependants: int
    disabled: int  # persons with a disability of at least `threshold` percent
    threshold: int
    students: int  # in higher education


def _school_age_without_school(facts: ClientFacts, params: Params) -> list[Line]:
    """A child of compulsory school age without a school level: missing data."""
    youngest, oldest = params.number("school_age_from"), params.number("school_age_to")
    unknown = [
        p for p in facts.children if p.school_level == Level.NONE and youngest <= p.age <= oldest
    ]
    if not unknown:
        return []
    return [
        Line(
            gettext_noop(
                "No school is recorded for %(names)s, of compulsory school age "
                "(%(from)s to %(to)s years)."
            ),
            {"names": names(unknown), "from": str(youngest), "to": str(oldest)},
        )
    ]


def _parents_income(facts: ClientFacts, parents: frozenset[str], gross: Decimal) -> Decimal:
    """Last year's gross taxable income of the parents plus their leefloon and IVT/IT x 12,
    which FONS counts although they are not taxed."""
    untaxed = sum(
        (
            i.net_monthly
            for i in facts.incomes
            if i.person_key in parents and i.kind in (Kind.LEEFLOON, Kind.IVT_IT)
        ),
        Decimal(0),
    )
    return gross + untaxed * 12


def _family_points(facts: ClientFacts, params: Params) -> FamilyPoints:
    """1, plus 1 per dependant, plus 1 per person with a recognised disability, plus 1 per
    student in higher education but one."""
    percent = params.number("disability_point_percent")
    disabled = sum(1 for p in facts.persons if (p.disability_percent or 0) >= percent)
    students = sum(1 for p in facts.persons if p.school_level == Level.HIGHER)
    points = 1 + facts.dependants + disabled + max(students - 1, 0)
    return FamilyPoints(points, facts.dependants, disabled, percent, students)


def _schooltoeslag_matched(
    pupils: list[PersonFacts], points: FamilyPoints, income: Decimal, row: int, limit: Decimal
) -> tuple[Line, ...]:
    return (
        Line(
            gettext_noop(
                "At a nursery, primary or secondary school recognised by the Flemish "
                "Community: %(names)s."
            ),
            {"names": names(pupils)},
        ),
        Line(
            gettext_noop(
                "The family counts %(points)s points: 1, plus 1 per dependant "
                "(%(dependants)s), plus 1 per person with a disability of at least "
                "%(threshold)s%% (%(disabled)s), plus 1 per student in higher education "
                "but one (%(students)s students)."
            ),
            {
                "points": str(points.total),
                "dependants": str(points.dependants),
                "disabled": str(points.disabled),
                "threshold": str(points.threshold),
                "students": str(points.students),
            },
        ),
        Line(
            gettext_noop(
                "Parents' income of %(income)s (gross taxable last year, plus leefloon and "
                "IVT/IT x 12) is at most the limit of %(limit)s for %(row)s points."
            ),
            {"income": euro(income), "limit": euro(limit), "row": str(row)},
        ),
    )


def schooltoeslag(facts: ClientFacts, params: Params) -> Finding | None:
    """A child at a nursery, primary or secondary school recognised by the Flemish Community,
    and the parents' income at most the limit for the family's points.

    Points ("punten van je gezin"): 1 to start, + 1 per dependant, + 1 per student in higher
    education with one taken off their total (never below 0), + 1 per person with a recognised
    disability of at least 66%.

    Sources: myfamily.be "Punten van je gezin" (undated; the points, the higher-education point
    less one); fons.be (the limits per points, undated: the latest table found); groeipakket.be
    "Indexering" (limits +5,30 % in September 2023); gpedia.groeipakket.be (the amounts).
    docs/rights.md lists them with their addresses.

    Readings: the points are read from the file's members: a dependant is the file's dependant;
    a student in higher education one whose school level is higher education; the point for a
    pupil who is not a dependant (but not married or independent) is left out, since the file
    cannot tell those apart (leaving it out only lowers the limit). Income: last year's gross
    taxable income of the client and a partner plus their leefloon and IVT/IT x 12, which FONS
    counts although they are not taxed. A child of compulsory school age without a school level
    is missing data; "not recognised" is taken as recorded.
    """
    code = "schooltoeslag"
    if already_handled(facts, code):
        return None
    pupils = [
        p for p in facts.children if p.school_level in SCHOOL_LEVELS and p.recognised_flemish_school
    ]
    missing = _school_age_without_school(facts, params)
    if not pupils:
        return missing_note(code, missing) if missing else None
    parents = facts.parent_keys
    gross = facts.gross_taxable_last_year(persons=parents)
    if gross is None:
        return missing_note(code, [missing_income(facts, parents), *missing])
    income = _parents_income(facts, parents, gross)
    points = _family_points(facts, params)
    row, limit = _school_limit(params, points.total)
    if income > limit:
        return None  # a child without a school level would not change the income or points
    return Finding(
        right=code,
        eligible=True,
        matched=_schooltoeslag_matched(pupils, points, income, row, limit),
        missing=tuple(missing),
        facts={
            "pupils": ",".join(sorted(p.key for p in pupils)),
            "income": str(income),
            "points": str(points.total),
        },
    )
