"""Families with children: the Groeipakket's social supplement and the school allowance."""

from decimal import Decimal

from django.utils.translation import gettext_noop

from rights.facts import ClientFacts, Finding, Line, Params
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


def groeipakket_sociale_toeslag(facts: ClientFacts, params: Params) -> Finding | None:
    """A family with children in the Groeipakket whose parents receive leefloon, IVT/IT or IGO,
    or whose taxable income is at most the limit (a higher one from N children).

    Readings: the children are the dependent children (or those with a Groeipakket income
    line); the income is last year's gross taxable income of the client and a partner (the
    parents whose income FONS counts), compared "at most" as the source says. FONS uses older
    tax data, so a family whose income fell since may be missing the supplement.
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
    grounds: dict[str, Line] = {}
    for kind in (Kind.LEEFLOON, Kind.IVT_IT, Kind.IGO):
        if line := status_line(facts, kind, parents):
            grounds[kind] = line
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
    large = len(children) >= params.number("large_family_children")
    limit = params.amount("income_limit_large_family" if large else "income_limit")
    if gross > limit:
        return None
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(
                gettext_noop(
                    "Parents' gross taxable income last year of %(income)s is at most the "
                    "limit of %(limit)s (children: %(children)s)."
                ),
                {"income": euro(gross), "limit": euro(limit), "children": str(len(children))},
            ),
        ),
        facts={"test": "income", "income": str(gross), "children": str(len(children))},
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


def schooltoeslag(facts: ClientFacts, params: Params) -> Finding | None:
    """A child at a nursery, primary or secondary school recognised by the Flemish Community,
    and the parents' income at most the limit for the family's points.

    Readings: points are 1 (start) + 1 per dependant + 1 per person with a recognised
    disability of at least 66% (groeipakket.be, "punten van je gezin"); the extra point for
    students in higher education is left out (the source is ambiguous about it). Income: last
    year's gross taxable income of the client and a partner plus their leefloon and IVT/IT x
    12, which FONS counts although they are not taxed. A child of compulsory school age
    without a school level is missing data; "not recognised" is taken as recorded.
    """
    code = "schooltoeslag"
    if already_handled(facts, code):
        return None
    pupils = [
        p for p in facts.children if p.school_level in SCHOOL_LEVELS and p.recognised_flemish_school
    ]
    youngest, oldest = params.number("school_age_from"), params.number("school_age_to")
    unknown = [
        p for p in facts.children if p.school_level == Level.NONE and youngest <= p.age <= oldest
    ]
    missing: list[Line] = []
    if unknown:
        missing.append(
            Line(
                gettext_noop(
                    "No school is recorded for %(names)s, of compulsory school age "
                    "(%(from)s to %(to)s years)."
                ),
                {"names": names(unknown), "from": str(youngest), "to": str(oldest)},
            )
        )
    if not pupils:
        return missing_note(code, missing) if missing else None

    parents = facts.parent_keys
    gross = facts.gross_taxable_last_year(persons=parents)
    if gross is None:
        return missing_note(code, [missing_income(facts, parents), *missing])
    untaxed = sum(
        (
            i.net_monthly
            for i in facts.incomes
            if i.person_key in parents and i.kind in (Kind.LEEFLOON, Kind.IVT_IT)
        ),
        Decimal(0),
    )
    income = gross + untaxed * 12
    percent = params.number("disability_point_percent")
    disabled = sum(1 for p in facts.persons if (p.disability_percent or 0) >= percent)
    points = 1 + facts.dependants + disabled
    row, limit = _school_limit(params, points)
    if income > limit:
        return None  # a child without a school level would not change the income or points
    return Finding(
        right=code,
        eligible=True,
        matched=(
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
                    "%(threshold)s%% (%(disabled)s)."
                ),
                {
                    "points": str(points),
                    "dependants": str(facts.dependants),
                    "disabled": str(disabled),
                    "threshold": str(percent),
                },
            ),
            Line(
                gettext_noop(
                    "Parents' income of %(income)s (gross taxable last year, plus leefloon and "
                    "IVT/IT x 12) is at most the limit of %(limit)s for %(row)s points."
                ),
                {"income": euro(income), "limit": euro(limit), "row": str(row)},
            ),
        ),
        missing=tuple(missing),
        facts={
            "pupils": ",".join(sorted(p.key for p in pupils)),
            "income": str(income),
            "points": str(points),
        },
    )
