"""One small pure function per right: `rule(facts, params) -> Finding | None`.

None: nothing to report (not eligible, or the client already receives the right). A Finding
with eligible=True opens a flag; with eligible=False it is a "data missing" note: the rule could
not decide because the file lacks something. Explanations are English msgids marked with
gettext_noop and translated when shown (see rights.facts.Line).

Thresholds come from RightParameters (versioned, edited by administrators); DEFAULTS below are
the figures of shared/domain/rights.md with their source and year, used to seed the catalogue.
"""

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext_noop

from clients.models import Income
from rights.facts import ClientFacts, Finding, Line, Params

Rule = Callable[[ClientFacts, Params], Finding | None]

RECEIVES = "receives"


def _euro(amount: Decimal) -> str:
    """Belgian notation for explanations: 27.011,00."""
    whole, cents = f"{amount:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents}"


def already_handled(facts: ClientFacts, code: str) -> bool:
    """A right the client receives is never flagged."""
    return facts.rights.get(code) == RECEIVES


# --- verhoogde tegemoetkoming (increased health-care reimbursement) -----------------------


def verhoogde_tegemoetkoming(facts: ClientFacts, params: Params) -> Finding | None:
    code = "verhoogde_tegemoetkoming"
    if already_handled(facts, code):
        return None
    kinds = facts.income_kinds()
    months = facts.months_since(facts.leefloon_since)
    automatic: list[Line] = []
    if Income.Kind.LEEFLOON in kinds and months >= params.number("leefloon_months"):
        automatic.append(
            Line(
                gettext_noop(
                    "Receives leefloon for %(months)s months in a row (from %(threshold)s months)."
                ),
                {"months": str(months), "threshold": params.values["leefloon_months"]},
            )
        )
    for kind, text in (
        (Income.Kind.IGO, gettext_noop("Receives the income guarantee for the elderly (IGO).")),
        (Income.Kind.IVT_IT, gettext_noop("Receives a disability allowance (IVT/IT).")),
    ):
        if kind in kinds:
            automatic.append(Line(text))
    disabled_child = any(
        p.is_child and (p.disability_percent or 0) >= params.number("child_disability_percent")
        for p in facts.persons
    )
    if disabled_child:
        automatic.append(
            Line(
                gettext_noop("A child has a recognised disability of at least %(threshold)s%%."),
                {"threshold": params.values["child_disability_percent"]},
            )
        )
    if automatic:
        return Finding(
            right=code,
            eligible=True,
            matched=tuple(automatic),
            facts={"automatic": ",".join(sorted(line.text for line in automatic))},
        )

    special = (
        facts.pensioner
        or facts.widowed
        or facts.is_single_parent
        or facts.months_since(facts.unemployed_since) >= 3
        or facts.months_since(facts.unfit_for_work_since) >= 3
        or (facts.client.disability_percent or 0) >= 66
    )
    dependants = facts.dependants
    if special:
        limit = params.amount("special_limit") + dependants * params.amount("special_per_dependant")
        income = facts.annual_net_income()
        if income < limit:
            return Finding(
                right=code,
                eligible=True,
                matched=(
                    Line(
                        gettext_noop(
                            "A special situation (pensioner, widow(er), single parent, "
                            "unemployed or ill for 3 months, or disabled) and current income "
                            "of %(income)s a year, under the limit of %(limit)s "
                            "(%(dependants)s dependants)."
                        ),
                        {
                            "income": _euro(income),
                            "limit": _euro(limit),
                            "dependants": str(dependants),
                        },
                    ),
                ),
                facts={"test": "special", "income": str(income), "dependants": str(dependants)},
            )
        return None

    gross = facts.gross_taxable_last_year()
    limit = params.amount("gross_limit") + dependants * params.amount("gross_per_dependant")
    if gross is None:
        return Finding(
            right=code,
            eligible=False,
            missing=(
                Line(
                    gettext_noop(
                        "Last year's gross taxable income is missing for an income of the "
                        "household: the income test cannot be made."
                    )
                ),
            ),
            facts={"test": "gross", "missing": "gross_taxable_last_year"},
        )
    if gross < limit:
        return Finding(
            right=code,
            eligible=True,
            matched=(
                Line(
                    gettext_noop(
                        "Gross taxable income last year of %(income)s, under the limit of "
                        "%(limit)s (%(dependants)s dependants)."
                    ),
                    {"income": _euro(gross), "limit": _euro(limit), "dependants": str(dependants)},
                ),
            ),
            facts={"test": "gross", "income": str(gross), "dependants": str(dependants)},
        )
    return None


# --- aanvullende financiële hulp (this OCMW's supplementary aid) --------------------------


def aanvullende_financiele_hulp(facts: ClientFacts, params: Params) -> Finding | None:
    """The latest saved calculation shows a shortfall and no decision covers this month."""
    code = "aanvullende_financiele_hulp"
    if already_handled(facts, code) or facts.aid is None:
        return None
    aid = facts.aid
    if facts.months_since(aid.calculated_on) > params.number("calculation_max_age_months"):
        return None
    if aid.proposed_aid <= 0 or aid.decision_covers_month:
        return None
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(
                gettext_noop(
                    "The calculation of %(date)s shows a shortfall of %(shortfall)s a month and "
                    "proposes %(aid)s, but no aid decision covers this month."
                ),
                {
                    "date": aid.calculated_on.strftime("%d/%m/%Y"),
                    "shortfall": _euro(-aid.saldo if aid.saldo < 0 else Decimal(0)),
                    "aid": _euro(aid.proposed_aid),
                },
            ),
        ),
        facts={"calculation": str(aid.calculation_id)},
    )


# --- the registry -------------------------------------------------------------------------

RULES: dict[str, Rule] = {
    "verhoogde_tegemoetkoming": verhoogde_tegemoetkoming,
    "aanvullende_financiele_hulp": aanvullende_financiele_hulp,
}

# Starting thresholds per right (amounts as strings), with where they come from.
DEFAULTS: dict[str, tuple[dict[str, str], str]] = {
    "verhoogde_tegemoetkoming": (
        {
            "leefloon_months": "3",
            "child_disability_percent": "66",
            "special_limit": "27011.00",
            "special_per_dependant": "5000.48",
            "gross_limit": "25630.67",
            "gross_per_dependant": "4744.94",
        },
        "statut-bim.be (2024)",
    ),
    "aanvullende_financiele_hulp": (
        {"calculation_max_age_months": "12"},
        "eigen beleid van het OCMW",
    ),
}
