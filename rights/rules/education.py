"""Children and students beyond school age: the Flemish study grant for higher education and the
reduced income-related fee for child care of babies and toddlers."""

from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext_noop

from clients.models import HouseholdMember
from rights.facts import ClientFacts, Finding, Line, Params, PersonFacts, Value
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

# --- Vlaamse studietoelage hoger onderwijs (study grant for higher education) -------------


def _limit_row(params: Params, points: int) -> tuple[int, Decimal]:
    """The limit for `points` from the rows limit_<n>_points: the row at or below the points.
    The table holds only the rows found; a row below the real one is lower than the real
    limit, so no flag rests on a guess (a household just above may still be entitled)."""
    rows = {
        int(name.split("_")[1]): Decimal(value)
        for name, value in params.values.items()
        if name.startswith("limit_") and name.endswith("_points")
    }
    row = max(n for n in rows if n <= points)
    return row, rows[row]


def studietoelage_hoger_onderwijs(facts: ClientFacts, params: Params) -> Finding | None:
    """A child of the client in higher education at a recognised Flemish institution, and the
    parents' income at most the limit for the household's points.

    Readings: the "leefeenheid" is the client and a partner (the student's parents). Points
    (studietoelagen.be): 1 per dependant, 1 per student who is not a dependant, 1 per student
    beyond the first, 1 per person with a disability of at least 66%, 1 when a student is a
    dependant, minus 1 when a non-relative with an income lives there (never below 0). Income:
    last year's gross taxable income of the parents plus their leefloon and IVT/IT x 12 (the
    grant counts them); the grant uses the income of two years before, in net taxable terms,
    so gross is the stricter reading. Only some rows of the limits table were found, none for
    the current year: the row at or below the points applies, which is lower than the real
    limit. Nationality, the diploma contract and the remaining study credit are to check.
    """
    code = "studietoelage_hoger_onderwijs"
    if already_handled(facts, code):
        return None
    students = [
        p for p in facts.children if p.school_level == Level.HIGHER and p.recognised_flemish_school
    ]
    if not students:
        return None
    parents = facts.parent_keys
    gross = facts.gross_taxable_last_year(persons=parents)
    if gross is None:
        return missing_note(code, [missing_income(facts, parents)])
    income = gross + _parents_untaxed(facts, parents) * 12
    points = _study_points(facts, params, students)
    row, limit = _limit_row(params, points.total)
    if income > limit:
        return None
    return _study_grant_flag(code, params, students, points, income=income, row=row, limit=limit)


def _parents_untaxed(facts: ClientFacts, parents: frozenset[str]) -> Decimal:
    """The parents' leefloon and IVT/IT a month: the grant counts them with the income."""
    return sum(
        (
            i.net_monthly
            for i in facts.incomes
            if i.person_key in parents and i.kind in (Kind.LEEFLOON, Kind.IVT_IT)
        ),
        Decimal(0),
    )


class _Points(NamedTuple):
    """The household's points and what makes them up."""

    threshold: int  # the disability percentage that gives a point
    dependants: int
    independent: int  # students who are not a dependant
    extra: int  # students beyond the first
    disabled: int
    dependent_student: int  # 1 when a student is a dependant
    stranger: int  # 1 when a non-relative with an income lives there
    total: int


def _study_points(facts: ClientFacts, params: Params, students: list[PersonFacts]) -> _Points:
    """The points that pick the row of the limits table (never below 0)."""
    percent = params.number("disability_point_percent")
    disabled = sum(1 for p in facts.persons if (p.disability_percent or 0) >= percent)
    independent = sum(1 for s in students if not s.is_dependant)
    extra = len(students) - 1
    dependent_student = 1 if any(s.is_dependant for s in students) else 0
    earners = {i.person_key for i in facts.incomes if i.kind not in (Kind.LEEFLOON, Kind.IVT_IT)}
    stranger = (
        1
        if any(
            p.relation == HouseholdMember.Relation.OTHER and p.key in earners for p in facts.persons
        )
        else 0
    )
    return _Points(
        threshold=percent,
        dependants=facts.dependants,
        independent=independent,
        extra=extra,
        disabled=disabled,
        dependent_student=dependent_student,
        stranger=stranger,
        total=max(
            0, facts.dependants + independent + extra + disabled + dependent_student - stranger
        ),
    )


def _study_grant_flag(
    code: str,
    params: Params,
    students: list[PersonFacts],
    points: _Points,
    *,
    income: Decimal,
    row: int,
    limit: Decimal,
) -> Finding:
    """Students at a recognised institution, the parents' income at most the limit found."""
    grant = params.amount("minimum_grant")
    amount = grant * len(students)
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(
                gettext_noop(
                    "In higher education at an institution recognised by the Flemish "
                    "Community: %(names)s."
                ),
                {"names": names(students)},
            ),
            _points_line(points),
            Line(
                gettext_noop(
                    "Parents' income of %(income)s (gross taxable last year, plus leefloon and "
                    "IVT/IT x 12) is at most %(limit)s, the limit found for %(row)s points."
                ),
                {"income": euro(income), "limit": euro(limit), "row": str(row)},
            ),
        ),
        missing=(
            Line(
                gettext_noop(
                    "The Study Grants department uses the income of two years before and checks "
                    "the nationality, the diploma contract and the remaining study credit."
                )
            ),
        ),
        facts={
            "students": ",".join(sorted(p.key for p in students)),
            "income": str(income),
            "points": str(points.total),
        },
        value=Value(
            amount=amount,
            basis=Line(
                gettext_noop(
                    "At least %(amount)s a year: the minimum grant of %(grant)s per student "
                    "(%(students)s); a lower income gives more."
                ),
                {"amount": euro(amount), "grant": euro(grant), "students": str(len(students))},
            ),
        ),
    )


def _points_line(points: _Points) -> Line:
    """How the household's points were counted."""
    return Line(
        gettext_noop(
            "The household counts %(points)s points: 1 per dependant "
            "(%(dependants)s), 1 per student who is not a dependant (%(independent)s), 1 "
            "per student beyond the first (%(extra)s), 1 per person with a disability of "
            "at least %(threshold)s%% (%(disabled)s), 1 for a dependent student "
            "(%(student)s), less 1 for a non-relative with an income (%(stranger)s)."
        ),
        {
            "points": str(points.total),
            "dependants": str(points.dependants),
            "independent": str(points.independent),
            "extra": str(points.extra),
            "threshold": str(points.threshold),
            "disabled": str(points.disabled),
            "student": str(points.dependent_student),
            "stranger": str(points.stranger),
        },
    )


# --- inkomenstarief kinderopvang (income-related child-care fee) --------------------------


def inkomenstarief_kinderopvang(facts: ClientFacts, params: Params) -> Finding | None:
    """A family that pays for child care (Client.childcare_costs) with a child under the
    nursery-school age, and a ground for an individual reduced tariff: a parent receives
    leefloon (the leefloon tariff), or the latest aid calculation shows a shortfall (the OCMW
    tariff, after a social inquiry).

    Readings: whether the child care works with the income tariff, and which tariff the
    attest states, are not in the file: to check. A fall of income by 20% (the tariff for a
    reduced income) cannot be read (the attest's income is not recorded). No reduced tariff on
    the ground of VT was found. The value is the OCMW tariff's half of what is paid now.
    """
    code = "inkomenstarief_kinderopvang"
    if already_handled(facts, code):
        return None
    toddlers = [p for p in facts.children if p.age < params.number("max_child_age")]
    if not toddlers:
        return None
    grounds = _reduced_tariff_grounds(facts, params)
    if not grounds:
        return None
    costs = facts.childcare_costs
    if costs is None:
        return missing_note(
            code, [_childcare_question(toddlers)], grounds=",".join(sorted(grounds))
        )
    if costs <= 0:
        return None
    return _childcare_flag(code, params, toddlers, grounds, costs)


def _reduced_tariff_grounds(facts: ClientFacts, params: Params) -> dict[str, tuple[Line, ...]]:
    """A parent receives leefloon, or a recent aid calculation shows a shortfall."""
    grounds: dict[str, tuple[Line, ...]] = {}
    if line := status_line(facts, Kind.LEEFLOON, facts.parent_keys):
        grounds["leefloon"] = (
            line,
            Line(gettext_noop("With leefloon the reduced child-care tariff for leefloon applies.")),
        )
    aid = facts.aid
    max_age = params.number("calculation_max_age_months")
    if (
        aid is not None
        and aid.proposed_aid > 0
        and facts.months_since(aid.calculated_on) <= max_age
    ):
        grounds["shortfall"] = (
            Line(
                gettext_noop(
                    "The calculation of %(date)s shows a shortfall: after a social inquiry the "
                    "OCMW can grant its reduced child-care tariff."
                ),
                {"date": aid.calculated_on.strftime("%d/%m/%Y")},
            ),
        )
    return grounds


def _childcare_question(toddlers: list[PersonFacts]) -> Line:
    """Whether a toddler goes to child care, and what it costs, is not recorded."""
    return Line(
        gettext_noop(
            "Whether %(names)s goes to child care, and what the family pays for it, "
            "is not recorded: ask, and record the child care paid per month on the "
            "client record."
        ),
        {"names": names(toddlers)},
    )


def _childcare_flag(
    code: str,
    params: Params,
    toddlers: list[PersonFacts],
    grounds: dict[str, tuple[Line, ...]],
    costs: Decimal,
) -> Finding:
    """A ground for a reduced tariff and child care paid for a toddler."""
    percent = params.amount("reduction_percent")
    amount = (costs * 12 * percent / 100).quantize(Decimal("0.01"))
    return Finding(
        right=code,
        eligible=True,
        matched=(
            *(line for lines in grounds.values() for line in lines),
            Line(
                gettext_noop(
                    "The family pays %(costs)s a month for child care; under %(age)s years: "
                    "%(names)s."
                ),
                {
                    "costs": euro(costs),
                    "age": str(params.number("max_child_age")),
                    "names": names(toddlers),
                },
            ),
        ),
        missing=(
            Line(
                gettext_noop(
                    "Check that the child care works with the income tariff and that the attest "
                    "(Mijn Kind en Gezin) states the reduced tariff; the OCMW tariff goes "
                    "through the OCMW, its lowest is %(lowest)s a day."
                ),
                {"lowest": euro(params.amount("lowest_daily_tariff"))},
            ),
        ),
        facts={"grounds": ",".join(sorted(grounds)), "costs": str(costs)},
        value=Value(
            amount=amount,
            basis=Line(
                gettext_noop(
                    "About %(amount)s a year: %(percent)s%% of the %(costs)s a month paid for "
                    "child care, for 12 months (the OCMW tariff halves the attested tariff)."
                ),
                {"amount": euro(amount), "percent": str(percent.normalize()), "costs": euro(costs)},
            ),
        ),
    )
