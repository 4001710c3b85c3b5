"""Health care: the increased reimbursement (verhoogde tegemoetkoming)."""

from django.utils.translation import gettext_noop

from rights.facts import ClientFacts, Finding, IncomeFacts, Line, Params
from rights.rules.common import (
    UNCONFIRMED_HOUSEHOLD,
    Kind,
    already_handled,
    euro,
    holders,
    missing_income,
    missing_note,
    names,
    status_line,
)

# What to ask about a special situation the file leaves open.
SITUATION_QUESTIONS = {
    "pensioner": gettext_noop("Ask whether the client is a pensioner: the file does not say."),
    "widowed": gettext_noop("Ask whether the client is a widow or widower: the file does not say."),
}

# --- verhoogde tegemoetkoming (increased health-care reimbursement) -----------------------


def verhoogde_tegemoetkoming(facts: ClientFacts, params: Params) -> Finding | None:
    """Automatic grounds first (leefloon for N months in a row, IGO, IVT/IT, a child with a
    recognised disability), then the income test: the current income for special situations,
    last year's gross taxable income for the others. Both limits are strict ("under").

    Readings: "invalid" is a worker unfit for work, which unfit_for_work_since covers; orphan
    status is not recorded in the file, so that ground is not checked. The special-situation
    test compares net income x 12 (the file has no current gross) without child benefit and
    disability allowances, as the source says.
    """
    code = "verhoogde_tegemoetkoming"
    if already_handled(facts, code):
        return None
    missing: list[Line] = []
    grounds: dict[str, Line] = {}

    needed = params.number("leefloon_months")
    longest: tuple[int, IncomeFacts] | None = None
    for leefloon in facts.incomes_of(Kind.LEEFLOON):
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
            longest = (facts.months_since(start), leefloon)
    if longest is not None and longest[0] >= needed:
        grounds["leefloon"] = Line(
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
    for kind in (Kind.IGO, Kind.IVT_IT):
        if line := status_line(facts, kind):
            grounds[kind] = line
    percent = params.number("child_disability_percent")
    disabled = [p for p in facts.children if (p.disability_percent or 0) >= percent]
    if disabled:
        grounds["child_disability"] = Line(
            gettext_noop(
                "Child with a recognised disability of at least %(threshold)s%%: %(names)s."
            ),
            {"names": names(disabled), "threshold": str(percent)},
        )
    if grounds:
        return Finding(
            right=code,
            eligible=True,
            matched=tuple(grounds.values()),
            facts={"grounds": ",".join(sorted(grounds))},
        )

    dependants = facts.dependants
    special_months = params.number("special_months")
    situations: dict[str, Line] = {}
    # Special situations the file cannot rule out: a yes/no nobody recorded.
    unknown: list[str] = []
    if facts.pensioner:
        situations["pensioner"] = Line(gettext_noop("The client is a pensioner."))
    elif facts.pensioner is None:
        unknown.append("pensioner")
    if facts.widowed:
        situations["widowed"] = Line(gettext_noop("The client is a widow or widower."))
    elif facts.widowed is None:
        unknown.append("widowed")
    # A single parent only in a confirmed household: a partner may live there unrecorded (and
    # without a confirmed household no income test can be made anyway).
    if facts.is_single_parent and facts.household_known:
        situations["single_parent"] = Line(
            gettext_noop("The client is a single parent (dependent children: %(children)s)."),
            {"children": str(sum(1 for p in facts.children if p.is_dependant))},
        )
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
    special_limit = params.amount("special_limit") + dependants * params.amount(
        "special_per_dependant"
    )
    income = facts.annual_net_income()
    if situations:
        if income is None:
            return missing_note(
                code,
                [UNCONFIRMED_HOUSEHOLD, *missing],
                test="special",
                situations=",".join(sorted(situations)),
            )
        if income >= special_limit:
            return missing_note(code, missing) if missing else None
        return Finding(
            right=code,
            eligible=True,
            matched=(
                *situations.values(),
                Line(
                    gettext_noop(
                        "Current income of %(income)s a year (net per month x 12, without "
                        "child benefit and disability allowances) is under the limit of "
                        "%(limit)s for a special situation (dependants: %(dependants)s)."
                    ),
                    {
                        "income": euro(income),
                        "limit": euro(special_limit),
                        "dependants": str(dependants),
                    },
                ),
            ),
            facts={
                "test": "special",
                "situations": ",".join(sorted(situations)),
                "income": str(income),
                "dependants": str(dependants),
            },
        )

    gross = facts.gross_taxable_last_year()
    if gross is None:
        return missing_note(code, [missing_income(facts), *missing], test="gross")
    limit = params.amount("gross_limit") + dependants * params.amount("gross_per_dependant")
    if gross < limit:
        return Finding(
            right=code,
            eligible=True,
            matched=(
                Line(
                    gettext_noop(
                        "Gross taxable income last year of %(income)s, under the limit of "
                        "%(limit)s (dependants: %(dependants)s)."
                    ),
                    {"income": euro(gross), "limit": euro(limit), "dependants": str(dependants)},
                ),
            ),
            facts={"test": "gross", "income": str(gross), "dependants": str(dependants)},
        )
    if unknown and income is not None and income < special_limit:
        # The current income would pass the test of a special situation the file leaves open.
        missing += [Line(SITUATION_QUESTIONS[key]) for key in unknown]
        missing.append(
            Line(
                gettext_noop(
                    "In a special situation the current income of %(income)s a year (net per "
                    "month x 12) is under the limit of %(limit)s."
                ),
                {"income": euro(income), "limit": euro(special_limit)},
            )
        )
    return missing_note(code, missing) if missing else None
