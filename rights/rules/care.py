"""Care and its costs: the maximum bill for health costs (MAF), the Flemish care budgets for
older people and for people with a high need of care, and the Groeipakket's care supplement
for a child with a disability."""

from decimal import Decimal

from django.utils.translation import gettext_noop

from rights.facts import ClientFacts, Finding, Line, Params, PersonFacts, Value
from rights.rules.common import (
    RECEIVES,
    Kind,
    already_handled,
    euro,
    missing_income,
    missing_note,
    names,
    unconfirmed_household,
)

# --- maximumfactuur (the maximum bill for health costs) -----------------------------------


def _illness_costs_unknown(cap: Decimal) -> Line:
    return Line(
        gettext_noop(
            "The illness-related costs per month are not recorded: the maximum bill refunds "
            "the co-payments above %(cap)s a year."
        ),
        {"cap": euro(cap)},
    )


def _maf_caps(
    facts: ClientFacts, params: Params, gross: Decimal | None, low_limit: Decimal
) -> dict[str, tuple[Decimal, Line]]:
    """The caps the household has, each with why: the social MAF when it receives the VT, the
    lowest income MAF when last year's gross taxable income is at most that bracket's limit."""
    caps: dict[str, tuple[Decimal, Line]] = {}
    if facts.rights.get("verhoogde_tegemoetkoming") == RECEIVES:
        cap = params.amount("social_cap")
        caps["social"] = (
            cap,
            Line(
                gettext_noop(
                    "The household receives the increased reimbursement (VT): the social "
                    "maximum bill caps its co-payments at %(cap)s a year."
                ),
                {"cap": euro(cap)},
            ),
        )
    if gross is not None and gross <= low_limit:
        low_cap = params.amount("low_income_cap")
        caps["low_income"] = (
            low_cap,
            Line(
                gettext_noop(
                    "The household's gross taxable income last year, %(income)s, is at most "
                    "%(limit)s: the lowest income maximum bill caps its co-payments at %(cap)s "
                    "a year."
                ),
                {"income": euro(gross), "limit": euro(low_limit), "cap": euro(low_cap)},
            ),
        )
    return caps


def _maf_costs_unknown(
    facts: ClientFacts,
    code: str,
    caps: dict[str, tuple[Decimal, Line]],
    best: str | None,
    income_open: bool,
) -> Finding | None:
    """The illness-related costs are not recorded: asked when a cap applies, or when the
    unknown income may still give one."""
    if best is not None:
        return missing_note(code, [_illness_costs_unknown(caps[best][0])], cap=best)
    if income_open:
        # The cap is only possible here: named without its amount.
        costs_unknown = Line(
            gettext_noop(
                "The illness-related costs per month are not recorded: with the lowest "
                "incomes the maximum bill refunds the co-payments above a low yearly cap."
            )
        )
        return missing_note(code, [missing_income(facts), costs_unknown])
    return None


def _maf_to_check(best: str) -> tuple[Line, ...]:
    """What the health fund decides: which co-payments count and, for the income MAF, the
    income of two years before."""
    to_check = [
        Line(
            gettext_noop(
                "Only the co-payments for care the compulsory health insurance covers count: "
                "check with the health fund that the refunds of the maximum bill arrive."
            )
        )
    ]
    if best == "low_income":
        to_check.append(
            Line(
                gettext_noop(
                    "The health fund uses the net taxable income of two years before: if that "
                    "was higher, ask it to examine the right on the current income."
                )
            )
        )
    return tuple(to_check)


def _maf_flag(
    code: str,
    caps: dict[str, tuple[Decimal, Line]],
    best: str,
    costs: Decimal,
    yearly: Decimal,
) -> Finding:
    """The costs pass the lowest cap: the refund above it is the value."""
    cap = caps[best][0]
    return Finding(
        right=code,
        eligible=True,
        matched=(
            *(line for _, line in caps.values()),
            Line(
                gettext_noop(
                    "Illness-related costs of %(costs)s a month, %(yearly)s a year, pass the "
                    "cap of %(cap)s."
                ),
                {"costs": euro(costs), "yearly": euro(yearly), "cap": euro(cap)},
            ),
        ),
        missing=_maf_to_check(best),
        facts={"caps": ",".join(sorted(caps)), "costs": str(costs)},
        value=Value(
            amount=yearly - cap,
            basis=Line(
                gettext_noop(
                    "At most %(amount)s a year: illness-related costs of %(yearly)s a year "
                    "above the cap of %(cap)s (only co-payments for covered care count)."
                ),
                {"amount": euro(yearly - cap), "yearly": euro(yearly), "cap": euro(cap)},
            ),
        ),
    )


def maximumfactuur(facts: ClientFacts, params: Params) -> Finding | None:
    """A household with a low cap on its yearly co-payments, whose recorded illness-related
    costs pass that cap: the social MAF of a household that receives the increased
    reimbursement (VT, as recorded), or the lowest income MAF when the household's income is
    at most the lowest bracket's limit. The lower cap applies.

    Readings: the health fund uses the net taxable income of two years before; the file has
    last year's gross taxable income, which is never lower than the net, so an income at most
    the limit is at most it in net too (compared "at most"). The other brackets' caps of the
    income MAF were not found for a current year: a household above the lowest bracket and
    without VT is not flagged. The illness-related costs on the record (Client.illness_costs,
    per month) stand for the co-payments: they may hold costs the MAF does not count, so the
    value is an upper estimate.
    """
    code = "maximumfactuur"
    if already_handled(facts, code):
        return None
    low_cap, low_limit = params.amount("low_income_cap"), params.amount("low_income_limit")
    costs = facts.illness_costs
    yearly = None if costs is None else costs * 12
    if yearly is not None and yearly <= min(low_cap, params.amount("social_cap")):
        return None  # under every cap: the MAF refunds nothing
    gross = facts.gross_taxable_last_year()
    caps = _maf_caps(facts, params, gross, low_limit)
    best = min(caps, key=lambda key: caps[key][0]) if caps else None
    # While the income is unknown, the lowest bracket may give a cap, or a lower one.
    income_open = gross is None and (best is None or low_cap < caps[best][0])
    if costs is None or yearly is None:
        return _maf_costs_unknown(facts, code, caps, best, income_open)
    if best is None or yearly <= caps[best][0]:
        return (
            missing_note(code, [missing_income(facts)])
            if income_open and yearly > low_cap
            else None
        )
    return _maf_flag(code, caps, best, costs, yearly)


# --- zorgbudget voor ouderen met een zorgnood (care budget for older people) --------------

AGE_LINE = gettext_noop("The client is %(age)s years old (from %(threshold)s).")


def _self_reliance_line(points: int, threshold: int) -> Line:
    return Line(
        gettext_noop("Recognised reduced self-reliance of %(points)s points (from %(threshold)s)."),
        {"points": str(points), "threshold": str(threshold)},
    )


def _ouderen_missing(
    facts: ClientFacts, points: int | None, threshold: int, min_age: int
) -> list[Line]:
    """What to ask before the care budget can be flagged: unknown points, and an unconfirmed
    household (an IVT/IT line may be missing from it)."""
    missing: list[Line] = []
    if points is None:
        missing.append(
            Line(
                gettext_noop(
                    "The client's recognised reduced self-reliance is not recorded: from "
                    "%(threshold)s points someone of %(age)s or older gets the care budget for "
                    "older people. Ask for the decision, or apply for the recognition."
                ),
                {"threshold": str(threshold), "age": str(min_age)},
            )
        )
    if not facts.household_known:
        missing.append(unconfirmed_household(facts))
    return missing


def _ouderen_flag(
    code: str, client: PersonFacts, points: int, threshold: int, min_age: int
) -> Finding:
    """Age and points match; the care fund's own checks are listed."""
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(AGE_LINE, {"age": str(client.age), "threshold": str(min_age)}),
            _self_reliance_line(points, threshold),
        ),
        missing=(
            Line(
                gettext_noop(
                    "The care fund checks the income of the client and a partner: it sets the "
                    "amount, with the care category."
                )
            ),
            Line(
                gettext_noop(
                    "Check that the client lived in Flanders or Brussels (or was insured in the "
                    "EU or EEA) for 5 years without interruption and paid the care fund's "
                    "premiums."
                )
            ),
        ),
        facts={"points": str(points)},
    )


def zorgbudget_ouderen(facts: ClientFacts, params: Params) -> Finding | None:
    """The client is 65 or older, has a recognised reduced self-reliance of at least 7 points
    (Client.self_reliance_points) and receives no disability allowance (IVT/IT), which the
    care budget cannot be combined with.

    Readings: only the client's points are recorded, so a partner or parent of 65+ in the
    household is not checked. The income limits of the care categories were not found: the
    care fund checks the income of the client and a partner, and the 5 years of residence and
    paid premiums; they are listed to check. Unknown points are asked; an unconfirmed
    household too, because an IVT/IT line may be missing from it.
    """
    code = "zorgbudget_ouderen"
    if already_handled(facts, code):
        return None
    client = facts.client
    min_age, threshold = params.number("min_age"), params.number("min_points")
    if client.age < min_age:
        return None
    if any(i.person_key == "client" for i in facts.incomes_of(Kind.IVT_IT)):
        return None
    points = client.self_reliance_points
    if points is not None and points < threshold:
        return None
    missing = _ouderen_missing(facts, points, threshold, min_age)
    if missing:
        return missing_note(code, missing)
    assert points is not None  # noqa: S101  # asked above when None
    return _ouderen_flag(code, client, points, threshold, min_age)


# --- zorgbudget voor zwaar zorgbehoevenden (care budget for a high need of care) ----------


def zorgbudget_zwaar_zorgbehoevenden(facts: ClientFacts, params: Params) -> Finding | None:
    """The client has a recognised reduced self-reliance of at least 15 points, one of the
    attests of a long-term severe need of care: 140 euro a month (from 2024), at any age.

    Readings: the other attests (residence in a care home, a BelRAI screener score of 13 or
    more, 18 points on the child scale of the care supplement, older attests) are not in the
    file; only the client's points are recorded. Unknown points are asked only when the file
    shows a recognition that comes with them: the client receives IVT/IT or has a recognised
    disability of at least 66%. Membership of a care fund, paid premiums and the years of
    residence are listed to check.
    """
    code = "zorgbudget_zwaar_zorgbehoevenden"
    if already_handled(facts, code):
        return None
    client = facts.client
    threshold = params.number("min_points")
    points = client.self_reliance_points
    if points is None:
        allowance = any(i.person_key == "client" for i in facts.incomes_of(Kind.IVT_IT))
        disabled = (client.disability_percent or 0) >= params.number("ask_disability_percent")
        if not (allowance or disabled):
            return None
        return missing_note(
            code,
            [
                Line(
                    gettext_noop(
                        "The client has a recognised disability, but the reduced self-reliance "
                        "in points is not recorded: from %(threshold)s points the care budget "
                        "for a high need of care applies. Ask for the decision."
                    ),
                    {"threshold": str(threshold)},
                )
            ],
        )
    if points < threshold:
        return None
    monthly = params.amount("amount_month")
    return Finding(
        right=code,
        eligible=True,
        matched=(_self_reliance_line(points, threshold),),
        missing=(
            Line(
                gettext_noop(
                    "Check that the client is a member of a care fund with the premiums paid "
                    "and, for an adult, lived 10 years in Flanders or Brussels, 5 of them "
                    "without interruption."
                )
            ),
        ),
        facts={"points": str(points)},
        value=Value(
            amount=monthly * 12,
            basis=Line(
                gettext_noop("%(amount)s a year: %(monthly)s a month for 12 months."),
                {"amount": euro(monthly * 12), "monthly": euro(monthly)},
            ),
        ),
    )


# --- Groeipakket zorgtoeslag (care supplement for a child with a support need) ------------


def _children_with_care_need(facts: ClientFacts, percent: int) -> list[PersonFacts]:
    """The Groeipakket's children (dependent children, or those with a Groeipakket line) with a
    recognised disability of at least `percent`."""
    with_benefit = {i.person_key for i in facts.incomes_of(Kind.GROEIPAKKET)}
    return [
        p
        for p in facts.persons
        if ((p.is_child and p.is_dependant) or p.key in with_benefit)
        and (p.disability_percent or 0) >= percent
    ]


def _zorgtoeslag_value(children: list[PersonFacts], monthly: Decimal) -> Value:
    """The lowest band for a year, per child: a floor, more points give more."""
    amount = monthly * 12 * len(children)
    return Value(
        amount=amount,
        basis=Line(
            gettext_noop(
                "At least %(amount)s a year: the lowest band of %(monthly)s a month for 12 "
                "months, per child (%(children)s); more points give more."
            ),
            {
                "amount": euro(amount),
                "monthly": euro(monthly),
                "children": str(len(children)),
            },
        ),
    )


def groeipakket_zorgtoeslag(facts: ClientFacts, params: Params) -> Finding | None:
    """A child of the Groeipakket (a dependent child, or one with a Groeipakket line) with a
    recognised disability of at least 66%.

    Readings: the care supplement follows an evaluation on the medical-social scale, which the
    file does not record; a recognised 66% stands for at least 4 points in pillar 1 (the same
    equivalence the VT and the social energy tariff use), which opens the lowest band. A
    child with a lower percentage may still have points in the other pillars, but nothing in
    the file says so: not flagged, not asked. No income test.
    """
    code = "groeipakket_zorgtoeslag"
    if already_handled(facts, code):
        return None
    percent = params.number("disability_percent")
    children = _children_with_care_need(facts, percent)
    if not children:
        return None
    monthly = params.amount("lowest_amount_month")
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(
                gettext_noop(
                    "Child with a recognised disability of at least %(threshold)s%%: %(names)s."
                ),
                {"names": names(children), "threshold": str(percent)},
            ),
            Line(
                gettext_noop(
                    "A recognised %(threshold)s%% stands for at least 4 points in pillar 1 of "
                    "the medical-social scale: the care supplement's lowest band, %(monthly)s "
                    "a month."
                ),
                {"threshold": str(percent), "monthly": euro(monthly)},
            ),
        ),
        missing=(
            Line(
                gettext_noop(
                    "The care supplement follows an evaluation on the medical-social scale: ask "
                    "the Groeipakket payer whether the child was evaluated and receives it."
                )
            ),
        ),
        facts={"children": ",".join(sorted(p.key for p in children))},
        value=_zorgtoeslag_value(children, monthly),
    )
