"""Income: the income guarantee for the elderly (IGO), this OCMW's supplementary aid, and
the UiTPAS reduced rate (granted on income and statuses)."""

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_noop

from clients.models import Client, HouseholdMember
from rights.facts import ClientFacts, Finding, IncomeFacts, Line, Params, PersonFacts, Value
from rights.rules.common import (
    DEBT_PROCEDURE_UNKNOWN,
    RECEIVES,
    Kind,
    already_handled,
    euro,
    holders,
    in_debt_procedure,
    missing_income,
    missing_note,
    names,
    status_line,
    unconfirmed_household,
)

Relation = HouseholdMember.Relation

BUDGET_MANAGEMENT_UNKNOWN = Line(
    gettext_noop("Whether the client is in budget management is not recorded.")
)

# --- UiTPAS kansentarief (leisure discount) -----------------------------------------------


def uitpas_kansentarief(facts: ClientFacts, params: Params) -> Finding | None:
    """Any of: receives VT (recorded), leefloon, IGO or IVT/IT in the household, budget
    management, debt mediation or collective debt settlement; or the household's gross taxable
    income at most the limit + an amount per dependant, a dependant with a recognised
    disability of at least 66% counting twice.

    Sources: uitinoostende.be (2023-2024: the grounds, the income table per dependant
    "maximum belastbaar inkomen", 25.630,67 + 4.744,94 for the income of 2023, a dependant with
    a disability counted twice), gemeentepelt.be, zonhoven.be (local variants). No common rule
    for 2025-2026 was found: the conditions are local. docs/rights.md lists them.

    Readings: these are the common grounds of the sources. The income limits are this right's
    own parameters (copied from the VT table, as Oostende does) so a municipality's figures can
    be set without touching VT; the dependants are the file's. The income is that of everyone
    who lives there (the tax assessment covers the client and a spouse: counting more only
    lowers the chance of a flag). What the reduced rate is worth depends on use: the value is a
    low sorting weight (yearly_value), said to be one.
    """
    code = "uitpas_kansentarief"
    if already_handled(facts, code):
        return None
    grounds = _uitpas_grounds(facts)
    if grounds:
        return _with_weight(
            Finding(
                right=code,
                eligible=True,
                matched=tuple(grounds.values()),
                facts={"grounds": ",".join(sorted(grounds))},
            ),
            params,
        )
    open_grounds = _uitpas_open_grounds(facts)
    gross = facts.gross_taxable_last_year()
    if gross is None:
        return missing_note(code, [missing_income(facts), *open_grounds])
    dependants, limit = _uitpas_income_limit(facts, params)
    if gross > limit:
        return missing_note(code, open_grounds) if open_grounds else None
    return _with_weight(_uitpas_income_flag(code, gross, limit, dependants), params)


def _uitpas_grounds(facts: ClientFacts) -> dict[str, Line]:
    """The statuses that give the reduced rate without an income test."""
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
    return grounds


def _uitpas_open_grounds(facts: ClientFacts) -> list[Line]:
    """Budget management and a debt procedure are grounds of their own: when the file leaves
    them open, an income over the limit does not settle the question."""
    return [
        line
        for line, known in (
            (BUDGET_MANAGEMENT_UNKNOWN, facts.budget_management is not None),
            (DEBT_PROCEDURE_UNKNOWN, in_debt_procedure(facts) is not None),
        )
        if not known
    ]


def _uitpas_income_limit(facts: ClientFacts, params: Params) -> tuple[int, Decimal]:
    """The dependants (one with a recognised disability counted twice) and the income limit
    for them."""
    percent = params.number("disability_percent")
    dependants = facts.dependants + sum(
        1 for p in facts.persons[1:] if p.is_dependant and (p.disability_percent or 0) >= percent
    )
    limit = params.amount("income_limit") + dependants * params.amount("income_per_dependant")
    return dependants, limit


def _uitpas_income_flag(code: str, gross: Decimal, limit: Decimal, dependants: int) -> Finding:
    """Last year's gross taxable income at most the limit."""
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(
                gettext_noop(
                    "Gross taxable income last year of %(income)s is at most the limit of "
                    "%(limit)s (dependants, one with a disability counted twice: "
                    "%(dependants)s)."
                ),
                {"income": euro(gross), "limit": euro(limit), "dependants": str(dependants)},
            ),
        ),
        facts={"test": "income", "income": str(gross), "dependants": str(dependants)},
    )


def _with_weight(finding: Finding, params: Params) -> Finding:
    """The reduced rate's worth depends on what the household does with it; no public figure
    estimates it. Its yearly_value is a sorting weight, and the card says so."""
    if "yearly_value" not in params.values:
        return finding
    amount = params.amount("yearly_value")
    basis = Line(
        gettext_noop(
            "No public estimate of what the reduced rate is worth (about 80%% off activities, "
            "depending on use): sorted with a low weight of %(amount)s a year, set with this "
            "right's thresholds."
        ),
        {"amount": euro(amount)},
    )
    return dataclasses.replace(finding, value=Value(amount=amount, basis=basis))


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

IGO_RESIDENCE_UNKNOWN = Line(
    gettext_noop("The residence status is not recorded: the IGO has residence conditions.")
)

# Housemates with whom the client still lives "alone": relatives in the direct line (children,
# parents; grandchildren and grandparents are recorded as "other family", which may also be
# an aunt or a cousin, so that relation is read both ways).
DIRECT_LINE = frozenset({Relation.CHILD, Relation.PARENT})
# Income the means test leaves out: child benefit, and the leefloon, which comes after the IGO.
IGO_NOT_COUNTED = frozenset({Kind.GROEIPAKKET, Kind.LEEFLOON})


@dataclass(frozen=True)
class IgoTest:
    """The means test read one way: who shares, what they count, which amount applies."""

    alone: bool
    sharing: tuple[PersonFacts, ...]  # the client, a partner and the other cohabitants
    resources: Decimal  # counted resources a month of those who share
    wages_without_gross: tuple[IncomeFacts, ...]  # counted at their net: a lower bound
    limit: Decimal

    @property
    def per_person(self) -> Decimal:
        return self.resources / len(self.sharing)

    @property
    def eligible(self) -> bool:
        return self.per_person < self.limit


def _igo_test(facts: ClientFacts, params: Params, *, other_family_direct: bool) -> IgoTest:
    """Pensions count at a percentage, wages at a percentage of the gross less a yearly
    exemption, other income at its net amount; the resources of the client, a partner and the
    housemates who are not relatives in the direct line are added and shared."""
    direct = DIRECT_LINE | ({Relation.OTHER_FAMILY} if other_family_direct else set())
    housemates = facts.persons[1:]
    sharing = tuple(
        p for p in facts.persons if p.key in facts.parent_keys or p.relation not in direct
    )
    alone = not facts.has_partner and all(p.relation in direct for p in housemates)
    keys = {p.key for p in sharing}
    lines = [i for i in facts.incomes if i.person_key in keys and i.kind not in IGO_NOT_COUNTED]
    pensions = sum((i.net_monthly for i in lines if i.kind == Kind.PENSION), Decimal(0))
    wages = [i for i in lines if i.kind == Kind.WAGE]
    yearly_wages = sum(
        (
            i.net_monthly * 12 if i.gross_taxable_last_year is None else i.gross_taxable_last_year
            for i in wages
        ),
        Decimal(0),
    )
    counted_wages = max(
        yearly_wages * params.amount("work_income_counted_percent") / 100
        - params.amount("work_income_exemption"),
        Decimal(0),
    )
    other = sum(
        (i.net_monthly for i in lines if i.kind not in (Kind.PENSION, Kind.WAGE)), Decimal(0)
    )
    return IgoTest(
        alone=alone,
        sharing=sharing,
        resources=pensions * params.amount("pension_counted_percent") / 100
        + counted_wages / 12
        + other,
        wages_without_gross=tuple(i for i in wages if i.gross_taxable_last_year is None),
        limit=params.amount("amount_alone" if alone else "amount_cohabiting"),
    )


def igo(facts: ClientFacts, params: Params) -> Finding | None:
    """The client or a partner has reached the legal pension age, the residence status allows
    it, and the counted resources per person are under the guaranteed amount: the higher one
    for someone who lives alone or only with relatives in the direct line, the basic one
    otherwise. An IGO income line counts as receiving it.

    Sources: Federal Pension Service, "Influence des ressources" (undated: pensions count at
    90 %, wages at 75 % of the gross less 5.000 a year, the resources of those who share the
    home are added and divided); rusthuizenplus.be (who lives "alone": only with minor
    children, adult children with child benefit, relatives in the direct line; the amounts at
    1-8-2022); wikifin.be (1.012,67 and 1.519,01, 2023, the latest amounts confirmed); SFPD
    (legal pension age 66 from 2025). docs/rights.md lists them with their addresses.

    Readings: the means test is simplified to the monthly incomes of the file. Pensions count
    at the parameter's percentage of their net amount (at these levels hardly less than the
    gross); a wage at its percentage of last year's gross taxable amount less the yearly
    exemption (once for the household), or, without a gross amount, at its net x 12, a lower
    bound: when that lower bound alone makes the client eligible the rule asks for the gross;
    other income at its net amount. Child benefit and the leefloon (which comes after the IGO)
    do not count. The resources of the client, a partner and the housemates who are not
    relatives in the direct line (a brother, a friend) are added and divided by their number;
    children and parents neither share nor count. "Other family" may be a grandchild or a
    cousin: when the two readings disagree the rule asks. Strictly under: at the amount the
    IGO would be zero.
    """
    code = "igo"
    if already_handled(facts, code) or facts.incomes_of(Kind.IGO):
        return None
    pension_age = params.number("pension_age")
    candidates = [p for p in facts.persons if p.key in facts.parent_keys and p.age >= pension_age]
    if not candidates:
        return None
    if not facts.household_known:
        # The couple's income and who else lives there decide the amount.
        return missing_note(code, [unconfirmed_household(facts)])
    test = _igo_test(facts, params, other_family_direct=False)
    other_reading = _igo_test(facts, params, other_family_direct=True)
    if test.eligible != other_reading.eligible:
        return missing_note(code, [_other_family_question(facts)])
    if not test.eligible:
        return None
    if test.wages_without_gross:
        return missing_note(code, [_gross_wage_question(facts, params, test)])
    if facts.residence_status == Client.ResidenceStatus.UNKNOWN:
        return missing_note(code, [IGO_RESIDENCE_UNKNOWN])
    if facts.residence_status not in IGO_RESIDENCE:
        return None
    return _igo_flag(code, params, test, candidates=candidates, pension_age=pension_age)


def _other_family_question(facts: ClientFacts) -> Line:
    """The two readings of "other family" disagree: ask how they are related."""
    relatives = [p for p in facts.persons[1:] if p.relation == Relation.OTHER_FAMILY]
    return Line(
        gettext_noop(
            "Ask how the members recorded as other family are related to the client "
            "(%(names)s): with a grandchild or a grandparent the client lives alone "
            "for the IGO, with another relative the home is shared and so are the "
            "resources."
        ),
        {"names": names(relatives)},
    )


def _gross_wage_question(facts: ClientFacts, params: Params, test: IgoTest) -> Line:
    """Even counting the net wage the resources are under the amount: ask for the gross."""
    return Line(
        gettext_noop(
            "The gross wage of %(names)s is not recorded: the IGO counts "
            "%(percent)s%% of the gross wage less %(exemption)s a year, and even "
            "counting the net wage the resources are under the guaranteed income. "
            "Record the gross amount on the income line."
        ),
        {
            "names": holders(facts, test.wages_without_gross),
            "percent": params.values["work_income_counted_percent"],
            "exemption": euro(params.amount("work_income_exemption")),
        },
    )


def _igo_flag(
    code: str,
    params: Params,
    test: IgoTest,
    *,
    candidates: list[PersonFacts],
    pension_age: int,
) -> Finding:
    """Of pension age, a residence status that allows it, and resources under the amount."""
    per_person = test.per_person.quantize(Decimal("0.01"))
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(
                gettext_noop("Reached the legal pension age of %(threshold)s: %(names)s."),
                {"names": names(candidates), "threshold": str(pension_age)},
            ),
            _igo_means_line(params, test, per_person),
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
            "income": str(test.resources.quantize(Decimal("0.01"))),
            "alone": str(test.alone),
        },
        value=_igo_value(test, per_person),
    )


def _igo_means_line(params: Params, test: IgoTest, per_person: Decimal) -> Line:
    """How the resources were counted, and the amount for living alone or sharing."""
    counted = {
        "pension": params.values["pension_counted_percent"],
        "work": params.values["work_income_counted_percent"],
        "exemption": euro(params.amount("work_income_exemption")),
    }
    text = (
        gettext_noop(
            "Counted resources of %(income)s a month (pensions at %(pension)s%%, wages at "
            "%(work)s%% of the gross less %(exemption)s a year) are under the guaranteed "
            "income of %(limit)s for someone who lives alone or only with children, parents or "
            "grandchildren."
        )
        if test.alone
        else gettext_noop(
            "Counted resources of %(income)s a month per person (shared by %(sharing)s; "
            "pensions at %(pension)s%%, wages at %(work)s%% of the gross less %(exemption)s a "
            "year) are under the guaranteed income of %(limit)s for someone sharing the home."
        )
    )
    return Line(
        text,
        {
            "income": euro(per_person),
            "limit": euro(test.limit),
            "sharing": str(len(test.sharing)),
            **counted,
        },
    )


def _igo_value(test: IgoTest, per_person: Decimal) -> Value:
    """At most the guaranteed amount minus the resources per person, for a year."""
    amount = ((test.limit - test.per_person) * 12).quantize(Decimal("0.01"))
    return Value(
        amount=amount,
        basis=Line(
            gettext_noop(
                "At most %(amount)s a year: the guaranteed income of %(limit)s a month "
                "minus the income of %(income)s per person, for 12 months (the Federal "
                "Pension Service's means test decides the real amount)."
            ),
            {"amount": euro(amount), "limit": euro(test.limit), "income": euro(per_person)},
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
