"""Health care: the increased reimbursement (verhoogde tegemoetkoming)."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_noop

from clients.models import HouseholdMember
from rights.facts import (
    NOT_TAXABLE_KINDS,
    ClientFacts,
    Finding,
    IncomeFacts,
    Line,
    Params,
    months_reached,
)
from rights.rules.common import (
    Kind,
    already_handled,
    euro,
    holders,
    missing_income,
    missing_note,
    names,
    status_line,
    unconfirmed_household,
)

Relation = HouseholdMember.Relation

# What to ask about a special situation the file leaves open.
SITUATION_QUESTIONS = {
    "pensioner": gettext_noop("Ask whether the client is a pensioner: the file does not say."),
    "widowed": gettext_noop("Ask whether the client is a widow or widower: the file does not say."),
}

# --- verhoogde tegemoetkoming (increased health-care reimbursement) -----------------------


def vt_household(facts: ClientFacts) -> frozenset[str]:
    """The VT household (KB 15 January 2014, art. 25-26): the client, a partner and the
    dependants; other people at the address (a lodger, an adult child who earns a living, a
    parent) are not in it."""
    return frozenset(
        p.key
        for p in facts.persons
        if p.key == "client" or p.relation == Relation.PARTNER or p.is_dependant
    )


def _current_income(facts: ClientFacts, household: frozenset[str]) -> Decimal | None:
    """Net monthly income x 12 of the VT household, without child benefit and disability
    allowances; None when the household and its incomes are not confirmed."""
    if not facts.household_known:
        return None
    return (
        sum(
            (
                i.net_monthly
                for i in facts.incomes
                if i.person_key in household and i.kind not in NOT_TAXABLE_KINDS
            ),
            Decimal(0),
        )
        * 12
    )


def verhoogde_tegemoetkoming(facts: ClientFacts, params: Params) -> Finding | None:
    """Automatic grounds first (someone in the VT household receives leefloon for N months in
    a row, IGO or IVT/IT, or is a child with a recognised disability), then the income test of
    the VT household: the current income for special situations, last year's gross taxable
    income for the others. Each limit rises per additional member of the VT household, the
    partner included, and is a maximum ("does not exceed").

    Sources: KB 15 January 2014 (the household, art. 25-26; the ceilings); Solidaris Brabant
    (27.550,86 + 5.100,42, after 1-1-2024); statut-bim.be (2024: 27.011,00 + 5.000,48 from
    1-1-2024, 25.630,67 + 4.744,94 for applications in 2024); Symbio and FSMB (the increase per
    additional household member, the partner included); HZIV/CAAMI and RTL (ex officio for
    single people unemployed or unfit for at least 3 months, from 1-10-2024). docs/rights.md
    lists them with their addresses.

    Readings: the VT household is the client, a partner and the members recorded as
    dependants (the file's dependant is the tax and health-fund one). Special situations are
    read from the client's recorded statuses (the file keeps none for members); "invalid" is
    unfit for work, which unfit_for_work_since covers; a single-parent family is a client
    without partner who lives only with children, one of them a dependant. A single person
    (living alone or only with own children) unemployed or unfit for 3 months is granted the
    VT ex officio since 1-10-2024 after the health fund's own income check, so the flag says
    so but still makes the income test. The special-situation test compares net income x 12
    (the file has no current gross): a lead for the worker, not the health fund's decision.
    Orphans, unaccompanied minors and the Flemish care budget for the elderly are not recorded
    and not checked.
    """
    code = "verhoogde_tegemoetkoming"
    if already_handled(facts, code):
        return None
    household = vt_household(facts)
    missing, grounds, leefloon_pending = _automatic_grounds(facts, params, household)
    if grounds:
        return Finding(
            right=code,
            eligible=True,
            matched=tuple(grounds.values()),
            facts={"grounds": ",".join(sorted(grounds))},
        )
    extra = len(household) - 1
    situations, unknown = _special_situations(facts, params)
    special_limit = _limit(params, "special_limit", "special_per_extra_member", extra)
    income = _current_income(facts, household)
    if situations:
        return _special_situation_test(
            facts, code, situations, income, special_limit, household, missing
        )
    gross = facts.gross_taxable_last_year(persons=household)
    if gross is None:
        return missing_note(code, [missing_income(facts, household), *missing], test="gross")
    limit = _limit(params, "gross_limit", "gross_per_extra_member", extra)
    if gross == 0 and leefloon_pending is not None:
        # Leefloon is tax-exempt: a household that lives on it has a taxable income of 0,00
        # whatever its means, so 0,00 would pass the test and bypass the months the leefloon
        # ground asks for. A note says when that ground is reached; a taxable income above 0
        # is evidence and is tested.
        return missing_note(code, [leefloon_pending, *missing], test="leefloon_months")
    if gross <= limit:
        return _gross_flag(code, gross, limit, household)
    if unknown and income is not None and income <= special_limit:
        # The current income would pass the test of a special situation the file leaves open.
        missing += _open_situation_questions(unknown, income, special_limit)
    return missing_note(code, missing) if missing else None


def _limit(params: Params, base: str, per_member: str, extra: int) -> Decimal:
    """A limit that rises per household member besides the client."""
    return params.amount(base) + extra * params.amount(per_member)


def _automatic_grounds(
    facts: ClientFacts, params: Params, household: frozenset[str]
) -> tuple[list[Line], dict[str, Line], Line | None]:
    """The grounds that give the VT without an income test, the leefloon starts that are
    missing to read one of them, and a leefloon that runs but not yet for the months needed
    (see _leefloon_ground)."""
    missing, grounds, pending = _leefloon_ground(facts, params, household)
    for kind in (Kind.IGO, Kind.IVT_IT):
        if line := status_line(facts, kind, household):
            grounds[kind] = line
    percent = params.number("child_disability_percent")
    disabled = [
        p for p in facts.children if p.key in household and (p.disability_percent or 0) >= percent
    ]
    if disabled:
        grounds["child_disability"] = Line(
            gettext_noop(
                "Child with a recognised disability of at least %(threshold)s%%: %(names)s."
            ),
            {"names": names(disabled), "threshold": str(percent)},
        )
    return missing, grounds, pending


def _leefloon_ground(
    facts: ClientFacts, params: Params, household: frozenset[str]
) -> tuple[list[Line], dict[str, Line], Line | None]:
    """Someone in the VT household receives leefloon for N months in a row (the longest run
    counts); a leefloon without a recorded start is missing data. The third value says so
    when the longest run has not reached N months yet (None otherwise)."""
    needed = params.number("leefloon_months")
    missing: list[Line] = []
    longest: tuple[int, IncomeFacts, dt.date] | None = None
    for leefloon in facts.incomes_of(Kind.LEEFLOON):
        if leefloon.person_key not in household:
            continue
        start = facts.leefloon_start(leefloon)
        if start is None:
            missing.append(
                Line(
                    gettext_noop(
                        "The start of the leefloon of %(names)s is not recorded: it counts "
                        "from %(threshold)s months in a row."
                    ),
                    {"names": holders(facts, [leefloon]), "threshold": str(needed)},
                )
            )
        elif longest is None or facts.months_since(start) > longest[0]:
            longest = (facts.months_since(start), leefloon, start)
    if longest is None:
        return missing, {}, None
    if longest[0] < needed:
        # Dated rather than counted: the note's wording holds until the day it names.
        start = longest[2]
        pending = Line(
            gettext_noop(
                "%(names)s receives leefloon since %(since)s: the VT follows without an "
                "income test from %(date)s (%(threshold)s months in a row). Until then last "
                "year's gross taxable income of 0,00 does not show the household's means "
                "(leefloon is tax-exempt)."
            ),
            {
                "names": holders(facts, [longest[1]]),
                "since": start.strftime("%d/%m/%Y"),
                "date": months_reached(start, needed).strftime("%d/%m/%Y"),
                "threshold": str(needed),
            },
        )
        return missing, {}, pending
    line = Line(
        gettext_noop(
            "%(names)s receives leefloon for %(months)s months in a row "
            "(from %(threshold)s months)."
        ),
        {
            "names": holders(facts, [longest[1]]),
            "months": str(longest[0]),
            "threshold": str(needed),
        },
    )
    return missing, {"leefloon": line}, None


def _special_situations(facts: ClientFacts, params: Params) -> tuple[dict[str, Line], list[str]]:
    """The client's special situations, and those the file cannot rule out: a yes/no nobody
    recorded."""
    special_months = params.number("special_months")
    situations, unknown = _pensioner_or_widowed(facts)
    # Who lives there is read only from a confirmed household: a partner or another adult may
    # live there unrecorded (and without a confirmed household no income test can be made).
    others = facts.persons[1:]
    only_children = facts.household_known and all(p.is_child for p in others)
    dependent_children = sum(1 for p in others if p.is_child and p.is_dependant)
    if only_children and dependent_children:
        situations["single_parent"] = Line(
            gettext_noop(
                "The client is a single parent: lives only with children, %(children)s of "
                "them dependent."
            ),
            {"children": str(dependent_children)},
        )
    situations.update(_unemployed_or_unfit(facts, special_months))
    if only_children and ("unemployed" in situations or "unfit" in situations):
        situations["ex_officio"] = Line(
            gettext_noop(
                "Lives alone or only with own children and is unemployed or unfit for work: "
                "since 1 October 2024 the health fund grants the VT ex officio after checking "
                "the income. Ask the health fund why the client does not have it."
            )
        )
    return situations, unknown


def _pensioner_or_widowed(facts: ClientFacts) -> tuple[dict[str, Line], list[str]]:
    """The client's recorded statuses that are special situations, and those not recorded."""
    situations: dict[str, Line] = {}
    unknown: list[str] = []
    if facts.pensioner:
        situations["pensioner"] = Line(gettext_noop("The client is a pensioner."))
    elif facts.pensioner is None:
        unknown.append("pensioner")
    if facts.widowed:
        situations["widowed"] = Line(gettext_noop("The client is a widow or widower."))
    elif facts.widowed is None:
        unknown.append("widowed")
    return situations, unknown


def _unemployed_or_unfit(facts: ClientFacts, special_months: int) -> dict[str, Line]:
    """Unemployed or unfit for work for at least N months."""
    situations: dict[str, Line] = {}
    for key, since, text in (
        (
            "unemployed",
            facts.unemployed_since,
            gettext_noop(
                "Unemployed for %(months)s months: a special situation from %(threshold)s months."
            ),
        ),
        (
            "unfit",
            facts.unfit_for_work_since,
            gettext_noop(
                "Unfit for work for %(months)s months: a special situation from "
                "%(threshold)s months."
            ),
        ),
    ):
        months = facts.months_since(since)
        if since is not None and months >= special_months:
            situations[key] = Line(text, {"months": str(months), "threshold": str(special_months)})
    return situations


def _special_situation_test(
    facts: ClientFacts,
    code: str,
    situations: dict[str, Line],
    income: Decimal | None,
    limit: Decimal,
    household: frozenset[str],
    missing: list[Line],
) -> Finding | None:
    """In a special situation: the current income of the VT household at most the limit."""
    if income is None:
        return missing_note(
            code,
            [unconfirmed_household(facts), *missing],
            test="special",
            situations=",".join(sorted(situations)),
        )
    if income > limit:
        return missing_note(code, missing) if missing else None
    extra = len(household) - 1
    return Finding(
        right=code,
        eligible=True,
        matched=(
            *situations.values(),
            Line(
                gettext_noop(
                    "Current income of %(income)s a year (net per month x 12 of the client, "
                    "a partner and the dependants, without child benefit and disability "
                    "allowances) is at most the limit of %(limit)s for a special situation "
                    "(household members besides the client: %(extra)s)."
                ),
                {"income": euro(income), "limit": euro(limit), "extra": str(extra)},
            ),
        ),
        facts={
            "test": "special",
            "situations": ",".join(sorted(situations)),
            "income": str(income),
            "members": str(len(household)),
        },
    )


def _gross_flag(code: str, gross: Decimal, limit: Decimal, household: frozenset[str]) -> Finding:
    """Last year's gross taxable income of the VT household at most the limit."""
    extra = len(household) - 1
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(
                gettext_noop(
                    "The gross taxable income last year of the client, a partner and the "
                    "dependants, %(income)s, is at most the limit of %(limit)s (household "
                    "members besides the client: %(extra)s)."
                ),
                {"income": euro(gross), "limit": euro(limit), "extra": str(extra)},
            ),
        ),
        facts={"test": "gross", "income": str(gross), "members": str(len(household))},
    )


def _open_situation_questions(unknown: list[str], income: Decimal, limit: Decimal) -> list[Line]:
    """The questions to ask when the current income would pass the test of a special
    situation the file leaves open."""
    return [
        *(Line(SITUATION_QUESTIONS[key]) for key in unknown),
        Line(
            gettext_noop(
                "In a special situation the current income of %(income)s a year (net per "
                "month x 12) is at most the limit of %(limit)s."
            ),
            {"income": euro(income), "limit": euro(limit)},
        ),
    ]
