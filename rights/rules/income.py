"""Income: the income guarantee for the elderly (IGO), this OCMW's supplementary aid, and
the UiTPAS reduced rate (granted on income and statuses)."""

from decimal import Decimal

from django.utils.translation import gettext_noop

from clients.models import Client
from rights.facts import ClientFacts, Finding, Line, Params, Value
from rights.rules.common import (
    DEBT_PROCEDURE_UNKNOWN,
    RECEIVES,
    UNCONFIRMED_HOUSEHOLD,
    Kind,
    already_handled,
    euro,
    in_debt_procedure,
    missing_income,
    missing_note,
    names,
    status_line,
)

BUDGET_MANAGEMENT_UNKNOWN = Line(
    gettext_noop("Whether the client is in budget management is not recorded.")
)

# --- UiTPAS kansentarief (leisure discount) -----------------------------------------------


def uitpas_kansentarief(facts: ClientFacts, params: Params) -> Finding | None:
    """Any of: receives VT (recorded), leefloon, IGO or IVT/IT in the household, budget
    management, debt mediation or collective debt settlement; or the household's gross taxable
    income under the VT table (strictly, as for VT).

    Readings: the conditions are local; these are the common ones of the sources. The income
    limits are this right's own parameters (copied from the VT table) so a municipality's
    deviation can be set without touching VT.
    """
    code = "uitpas_kansentarief"
    if already_handled(facts, code):
        return None
    grounds: dict[str, Line] = {}
    if facts.rights.get("verhoogde_tegemoetkoming") == RECEIVES:
        grounds["vt"] = Line(gettext_noop("Receives the increased reimbursement (VT)."))
    for kind in (Kind.LEEFLOON, Kind.IGO, Kind.IVT_IT):
        if line := status_line(facts, kind):
            grounds[kind] = line
    if facts.budget_management:
        grounds["budget_management"] = Line(gettext_noop("Is in budget management."))
    if in_debt_procedure(facts):
        grounds["debt"] = Line(gettext_noop("Is in debt mediation or collective debt settlement."))
    if grounds:
        return Finding(
            right=code,
            eligible=True,
            matched=tuple(grounds.values()),
            facts={"grounds": ",".join(sorted(grounds))},
        )
    # Budget management and a debt procedure are grounds of their own: when the file leaves
    # them open, an income over the limit does not settle the question.
    open_grounds = [
        line
        for line, known in (
            (BUDGET_MANAGEMENT_UNKNOWN, facts.budget_management is not None),
            (DEBT_PROCEDURE_UNKNOWN, in_debt_procedure(facts) is not None),
        )
        if not known
    ]
    gross = facts.gross_taxable_last_year()
    if gross is None:
        return missing_note(code, [missing_income(facts), *open_grounds])
    dependants = facts.dependants
    limit = params.amount("income_limit") + dependants * params.amount("income_per_dependant")
    if gross >= limit:
        return missing_note(code, open_grounds) if open_grounds else None
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
        facts={"test": "income", "income": str(gross), "dependants": str(dependants)},
    )


# --- IGO (income guarantee for the elderly) -----------------------------------------------

# Residence statuses that meet the IGO's residence condition as far as the file can tell.
IGO_RESIDENCE = frozenset(
    {
        Client.ResidenceStatus.BELGIAN,
        Client.ResidenceStatus.EU,
        Client.ResidenceStatus.PERMANENT,
        Client.ResidenceStatus.REFUGEE,
        Client.ResidenceStatus.SUBSIDIARY,
    }
)


def igo(facts: ClientFacts, params: Params) -> Finding | None:
    """The client or a partner has reached the legal pension age, the residence status allows
    it, and the couple's monthly income per person is under the guaranteed amount: the higher
    one for someone who lives without other adults, the cohabiting one otherwise. An IGO
    income line counts as receiving it.

    Readings: the means test is simplified to the net monthly income of the client and a
    partner (without child benefit), shared between them; the Federal Pension Service exempts
    part of pensions, so the real test is more generous and borderline cases may be missed
    rather than flagged wrongly. Strictly under: at the amount the IGO would be zero.
    """
    code = "igo"
    if already_handled(facts, code) or facts.incomes_of(Kind.IGO):
        return None
    pension_age = params.number("pension_age")
    parents = facts.parent_keys
    candidates = [p for p in facts.persons if p.key in parents and p.age >= pension_age]
    if not candidates:
        return None
    if not facts.household_known:
        # The couple's income and whether other adults live there decide the amount.
        return missing_note(code, [UNCONFIRMED_HOUSEHOLD])
    sharing = len(parents)
    income = sum(
        (
            i.net_monthly
            for i in facts.incomes
            if i.person_key in parents and i.kind != Kind.GROEIPAKKET
        ),
        Decimal(0),
    )
    per_person = (income / sharing).quantize(Decimal("0.01"))
    alone = not any(p.age >= 18 for p in facts.persons[1:])
    limit = params.amount("amount_alone" if alone else "amount_cohabiting")
    if per_person >= limit:
        return None
    if facts.residence_status == Client.ResidenceStatus.UNKNOWN:
        return missing_note(
            code,
            [
                Line(
                    gettext_noop(
                        "The residence status is not recorded: the IGO has residence conditions."
                    )
                )
            ],
        )
    if facts.residence_status not in IGO_RESIDENCE:
        return None
    text = (
        gettext_noop(
            "Monthly income of %(income)s per person is under the guaranteed income of "
            "%(limit)s for someone living without other adults."
        )
        if alone
        else gettext_noop(
            "Monthly income of %(income)s per person (shared by %(sharing)s) is under the "
            "guaranteed income of %(limit)s for someone sharing the home."
        )
    )
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(
                gettext_noop("Reached the legal pension age of %(threshold)s: %(names)s."),
                {"names": names(candidates), "threshold": str(pension_age)},
            ),
            Line(text, {"income": euro(per_person), "limit": euro(limit), "sharing": str(sharing)}),
        ),
        missing=(
            Line(
                gettext_noop(
                    "The Federal Pension Service checks the residence conditions and the "
                    "means in detail."
                )
            ),
        ),
        facts={
            "candidates": ",".join(sorted(p.key for p in candidates)),
            "income": str(income),
            "alone": str(alone),
        },
        value=Value(
            amount=(limit - per_person) * 12,
            basis=Line(
                gettext_noop(
                    "At most %(amount)s a year: the guaranteed income of %(limit)s a month "
                    "minus the income of %(income)s per person, for 12 months (the Federal "
                    "Pension Service's means test decides the real amount)."
                ),
                {
                    "amount": euro((limit - per_person) * 12),
                    "limit": euro(limit),
                    "income": euro(per_person),
                },
            ),
        ),
    )


# --- aanvullende financiële hulp (this OCMW's supplementary aid) --------------------------


def aanvullende_financiele_hulp(facts: ClientFacts, params: Params) -> Finding | None:
    """The latest saved calculation shows a shortfall and no decision covers this month.

    A calculation older than N months (at exactly N it still counts) no longer says much: if it
    showed a shortfall, the rule asks for a new calculation instead of flagging. No calculation
    at all says nothing (most clients have none).
    """
    code = "aanvullende_financiele_hulp"
    if already_handled(facts, code) or facts.aid is None:
        return None
    aid = facts.aid
    if aid.proposed_aid <= 0 or aid.decision_covers_month:
        return None
    date = aid.calculated_on.strftime("%d/%m/%Y")
    max_age = params.number("calculation_max_age_months")
    if facts.months_since(aid.calculated_on) > max_age:
        return missing_note(
            code,
            [
                Line(
                    gettext_noop(
                        "The latest calculation, of %(date)s, showed a shortfall but is older "
                        "than %(threshold)s months: make a new calculation."
                    ),
                    {"date": date, "threshold": str(max_age)},
                )
            ],
            calculation=str(aid.calculation_id),
        )
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
                    "date": date,
                    "shortfall": euro(-aid.saldo if aid.saldo < 0 else Decimal(0)),
                    "aid": euro(aid.proposed_aid),
                },
            ),
        ),
        facts={"calculation": str(aid.calculation_id)},
        value=Value(
            amount=aid.proposed_aid * 12,
            basis=Line(
                gettext_noop(
                    "%(amount)s a year: the proposed aid of %(aid)s a month for 12 months "
                    "(the decision sets the real period)."
                ),
                {"amount": euro(aid.proposed_aid * 12), "aid": euro(aid.proposed_aid)},
            ),
        ),
    )
