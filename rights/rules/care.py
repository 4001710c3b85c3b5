"""Care and its costs: the maximum bill for health costs (MAF), the Flemish care budgets for
older people and for people with a high need of care, and the Groeipakket's care supplement
for a child with a disability."""

from decimal import Decimal

from django.utils.translation import gettext_noop

from rights.facts import ClientFacts, Finding, Line, Params, Value
from rights.rules.common import (
    RECEIVES,
    already_handled,
    euro,
    missing_income,
    missing_note,
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
    gross = facts.gross_taxable_last_year()
    if gross is not None and gross <= low_limit:
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
    best = min(caps, key=lambda key: caps[key][0]) if caps else None
    # While the income is unknown, the lowest bracket may give a cap, or a lower one.
    income_open = gross is None and (best is None or low_cap < caps[best][0])
    if costs is None or yearly is None:
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
    if best is None or yearly <= caps[best][0]:
        return (
            missing_note(code, [missing_income(facts)])
            if income_open and yearly > low_cap
            else None
        )
    cap = caps[best][0]
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
        missing=tuple(to_check),
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
