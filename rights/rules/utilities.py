"""Energy, heating and internet: the social energy tariff, the heating allowance
(stookoliefonds) and the social internet tariff."""

from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext_noop

from clients.models import Client, HouseholdMember
from rights.facts import ClientFacts, Finding, IncomeFacts, Line, Params, PersonFacts
from rights.rules.common import (
    DEBT_PROCEDURE_UNKNOWN,
    RECEIVES,
    Fuel,
    Kind,
    already_handled,
    euro,
    in_debt_procedure,
    missing_income,
    missing_note,
    names,
    status_line,
)
from rights.rules.health import vt_household

Relation = HouseholdMember.Relation

# --- sociaal tarief energie (social energy tariff) ----------------------------------------


def social_tariff_groups(
    facts: ClientFacts, params: Params
) -> tuple[dict[str, Line], tuple[Line, ...]]:
    """The groups of the social energy tariff (and, since 1-3-2024, of the social internet
    offer) as far as the file records them: someone at the address receives leefloon, IGO or
    IVT/IT, or is a child with a recognised disability of at least the child percentage. An
    adult's recognised percentage is not the allowance the groups name: without an IVT/IT line
    it is a question, never a ground.

    Computed once per client and thresholds (both tariffs read it): the caller gets the same
    dict and tuple, which it only reads."""
    child_percent = params.number("child_disability_percent")
    adult_percent = params.number("adult_disability_percent")
    return facts.memo(
        (social_tariff_groups, child_percent, adult_percent),
        lambda: _social_tariff_groups(facts, child_percent, adult_percent),
    )


def _social_tariff_groups(
    facts: ClientFacts, child_percent: int, adult_percent: int
) -> tuple[dict[str, Line], tuple[Line, ...]]:
    grounds: dict[str, Line] = {}
    for kind in (Kind.LEEFLOON, Kind.IGO, Kind.IVT_IT):
        if line := status_line(facts, kind):
            grounds[kind] = line
    # Minors by the child supplement's threshold, whatever their relation to the client (a
    # grandchild counts too): the recognition is what gives the care supplement, which has no
    # income test.
    children = [
        p for p in facts.persons if p.age < 18 and (p.disability_percent or 0) >= child_percent
    ]
    if children:
        grounds["child_disability"] = Line(
            gettext_noop(
                "Child with a recognised disability of at least %(threshold)s%%: %(names)s."
            ),
            {"names": names(children), "threshold": str(child_percent)},
        )
    # An allowance for adults is means-tested: a recognised percentage without an allowance
    # line may be someone whose income is too high for one.
    allowance = {i.person_key for i in facts.incomes_of(Kind.IVT_IT)}
    adults = [
        p
        for p in facts.persons
        if p.age >= 18 and (p.disability_percent or 0) >= adult_percent and p.key not in allowance
    ]
    questions = (
        (
            Line(
                gettext_noop(
                    "%(names)s has a recognised disability of at least %(threshold)s%% but no "
                    "disability allowance is recorded: ask whether the FPS Social Security pays "
                    "an allowance (IVT, IT, help of third parties, or one for %(threshold)s%% "
                    "incapacity) or the zorgkas a care budget for the elderly. With one, the "
                    "household belongs to the groups of the social tariffs."
                ),
                {"names": names(adults), "threshold": str(adult_percent)},
            ),
        )
        if adults
        else ()
    )
    return grounds, questions


def _electricity_and_gas_flag(code: str, grounds: dict[str, Line]) -> Finding:
    return Finding(
        right=code,
        eligible=True,
        matched=(
            *grounds.values(),
            Line(gettext_noop("The social tariff then applies to electricity and gas.")),
        ),
        facts={"grounds": ",".join(sorted(grounds))},
    )


def _gas_only_flag(code: str, questions: tuple[Line, ...]) -> Finding:
    """A social tenant with collective gas heating: gas only, so the allowance question stays
    (with an allowance the electricity would be covered too)."""
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(
                gettext_noop(
                    "Rents a social home with collective gas heating: the social tariff "
                    "applies to gas only."
                )
            ),
        ),
        missing=questions,
        facts={"grounds": "social_collective_gas"},
    )


def _social_home_heating_unknown(facts: ClientFacts) -> Line | None:
    """For a social tenant, the heating or whether the gas heating is collective, when the file
    does not say."""
    if facts.heating_fuel == Fuel.UNKNOWN:
        return Line(
            gettext_noop(
                "The heating of this social rental home is not recorded: with "
                "collective gas heating the social tariff for gas applies."
            )
        )
    if facts.heating_fuel == Fuel.GAS and facts.collective_heating is None:
        return Line(
            gettext_noop(
                "Whether the gas heating of this social rental home is collective is not "
                "recorded: with collective gas heating the social tariff for gas applies."
            )
        )
    return None


def sociaal_tarief_energie(facts: ClientFacts, params: Params) -> Finding | None:
    """Someone at the address receives leefloon, IGO or IVT/IT, or a child has a recognised
    disability of at least 66%: electricity and gas. Otherwise a social tenant with collective
    gas heating: gas only. The VT is no ground since the extended tariff ended on 30-6-2023.

    Sources: FOD Economie (the groups, 2024; the end of the extension on 30 June 2023), FOD
    Sociale Zekerheid DG Personen met een handicap FAQ (updated 30-05-2024), kontich.be and
    wervik.be (undated municipal pages). docs/rights.md lists them with their addresses.

    Readings: an adult's recognised disability of at least 65% stands for the allowance only
    when an IVT/IT line is recorded; without one the rule asks whether an allowance of the FPS
    Social Security is paid (an allowance for adults is means-tested, the percentage alone
    gives no right). A child's recognised 66% stands for the Groeipakket's care supplement (the
    groups name at least 4 points in pillar 1 or 66%). Help of third parties, the allowance for
    the elderly and the Flemish care budget for the elderly are not recorded: the question
    names them.
    """
    code = "sociaal_tarief_energie"
    if already_handled(facts, code):
        return None
    grounds, questions = social_tariff_groups(facts, params)
    if grounds:
        return _electricity_and_gas_flag(code, grounds)
    missing = list(questions)
    if facts.tenure == Client.Tenure.SOCIAL:
        if facts.heating_fuel == Fuel.GAS and facts.collective_heating:
            return _gas_only_flag(code, questions)
        if (heating_unknown := _social_home_heating_unknown(facts)) is not None:
            missing.append(heating_unknown)
    return missing_note(code, missing) if missing else None


# --- stookoliefonds (heating allowance) ---------------------------------------------------

HEATING_FUELS: dict[str, str] = {
    Fuel.HEATING_OIL: gettext_noop("Heats the home with heating oil."),
    Fuel.PARAFFIN: gettext_noop("Heats the home with lamp paraffin."),
    Fuel.PROPANE: gettext_noop("Heats the home with propane in bulk."),
}


VT_NOT_EVERYONE = Line(
    gettext_noop(
        "Receives the increased reimbursement (VT), but not everyone who lives there is "
        "covered by it: category 1, with the household's income test."
    )
)
CATEGORY_2 = Line(gettext_noop("Category 2: a low household income."))
CATEGORY_3 = Line(
    gettext_noop("Category 3: debt mediation or collective debt settlement, with a bill to pay.")
)
PROPERTY = Line(
    gettext_noop(
        "Check that nobody who lives there owns property other than the home: the OCMW adds "
        "three times its cadastral income to the income (the file does not record property)."
    )
)
BILL_CHECK = Line(
    gettext_noop(
        "The OCMW still has to establish that the client cannot pay the heating bill: check "
        "the invoice of the delivery."
    )
)


HEATING_UNKNOWN = Line(
    gettext_noop(
        "The heating is not recorded: the heating allowance is for heating oil, "
        "lamp paraffin and propane in bulk."
    )
)


def heating_dependants(facts: ClientFacts, params: Params) -> tuple[PersonFacts, ...]:
    """The members who count as dependants for the heating fund: a net income under the limit
    a year (net per month x 12), child benefit and a child's maintenance left out. Not the
    client, and not a partner (whether a partner can count is not clear in the sources; not
    counting one only lowers the limit)."""
    limit = params.amount("dependant_net_income_limit")

    def counted(person: PersonFacts, income: IncomeFacts) -> bool:
        if income.person_key != person.key or income.kind == Kind.GROEIPAKKET:
            return False
        return not (income.kind == Kind.MAINTENANCE and person.is_child)

    return tuple(
        p
        for p in facts.persons[1:]
        if p.relation != Relation.PARTNER
        and sum((i.net_monthly for i in facts.incomes if counted(p, i)), Decimal(0)) * 12 < limit
    )


class HeatingGround(NamedTuple):
    """The category of the heating fund that holds: its decisive facts, the lines that say why,
    and what the flag asks to check."""

    facts: dict[str, str]
    matched: tuple[Line, ...]
    to_check: tuple[Line, ...]


def _income_ground(
    facts: ClientFacts, params: Params, gross: Decimal, vt: bool
) -> HeatingGround | None:
    """Category 1 with the income test (VT, not everyone covered) or category 2: the household's
    gross taxable income at most the limit plus an amount per dependant."""
    dependants = heating_dependants(facts, params)
    limit = params.amount("income_limit") + len(dependants) * params.amount("income_per_dependant")
    if gross > limit:
        return None
    income_line = Line(
        gettext_noop(
            "The gross taxable income last year of everyone who lives there, "
            "%(income)s, is at most the limit of %(limit)s (dependants, members with a "
            "net income under %(dependant_limit)s a year: %(dependants)s)."
        ),
        {
            "income": euro(gross),
            "limit": euro(limit),
            "dependant_limit": euro(params.amount("dependant_net_income_limit")),
            "dependants": str(len(dependants)),
        },
    )
    facts_of = {"income": str(gross), "dependants": str(len(dependants))}
    if vt:
        return HeatingGround(
            {"ground": "vt_income", **facts_of}, (VT_NOT_EVERYONE, income_line), ()
        )
    return HeatingGround({"ground": "income", **facts_of}, (CATEGORY_2, income_line), (PROPERTY,))


def _heating_ground(
    facts: ClientFacts, params: Params, gross: Decimal | None
) -> HeatingGround | None:
    """The first of the fund's categories that holds: the VT covering everyone (no income
    test), the income test (with the VT or without), debt mediation or settlement."""
    vt = facts.rights.get("verhoogde_tegemoetkoming") == RECEIVES
    covered = facts.household_known and all(p.key in vt_household(facts) for p in facts.persons)
    if vt and covered:
        return HeatingGround(
            {"ground": "vt"},
            (
                Line(
                    gettext_noop(
                        "Receives the increased reimbursement (VT), which covers everyone who "
                        "lives there: category 1, without an income test."
                    )
                ),
            ),
            (),
        )
    ground = None if gross is None else _income_ground(facts, params, gross, vt)
    if ground is None and in_debt_procedure(facts):
        return HeatingGround(
            {"ground": "debt"},
            (
                Line(gettext_noop("Is in debt mediation or collective debt settlement.")),
                CATEGORY_3,
            ),
            (BILL_CHECK,),
        )
    return ground


def _heating_ground_unknowns(facts: ClientFacts, gross: Decimal | None) -> list[Line]:
    """No category holds: what the file lacks to decide (the income, the debt procedure)."""
    missing: list[Line] = []
    if gross is None:
        missing.append(missing_income(facts))
    if in_debt_procedure(facts) is None:
        missing.append(DEBT_PROCEDURE_UNKNOWN)
    return missing


def stookoliefonds(facts: ClientFacts, params: Params) -> Finding | None:
    """Heats with heating oil, lamp paraffin or bulk propane, and belongs to one of the fund's
    three categories, each with its own test:

    1. the file records that the client receives the increased reimbursement (VT), and either
       everyone who lives there is in the client's VT household (so everyone has the VT: no
       income test) or the household's income is at most the limit;
    2. the household's gross taxable income is at most the limit + an amount per dependant;
    3. debt mediation or collective debt settlement, and the OCMW establishes that the client
       cannot pay the heating bill (a check the flag asks for).

    Sources: Sociaal Verwarmingsfonds / Fonds Social Chauffage (categories; no income test when
    every member has the VT), POD MI FAQ (category 2, "lager dan of gelijk aan", dependants),
    CPAS Connect (24.814,75 + 4.591,85, dependant under 3.980 from 1-2-2025), verwarmingsfonds.be
    (1.500 litres, at most 20 cent a litre). docs/rights.md lists them with their addresses.

    Readings: the household is everyone who lives there, their incomes added; a dependant is a
    member (not the client or a partner) whose net income x 12 is under the fund's limit, child
    benefit and a child's maintenance left out. "Everyone has the VT" is read as everyone
    being the client, a partner or a dependant: the VT of the client covers that household.
    The file records no property, so a category 2 flag asks to check for property other than
    the home (three times its cadastral income is added). Unknown heating is missing data only
    when a category holds or cannot be decided.
    """
    code = "stookoliefonds"
    if already_handled(facts, code):
        return None
    if facts.heating_fuel not in (*HEATING_FUELS, Fuel.UNKNOWN):
        return None
    gross = facts.gross_taxable_last_year()
    ground = _heating_ground(facts, params, gross)
    missing = _heating_ground_unknowns(facts, gross) if ground is None else []
    if ground is None and not missing:
        return None
    if facts.heating_fuel == Fuel.UNKNOWN:
        return missing_note(code, [HEATING_UNKNOWN, *missing])
    if ground is None:
        return missing_note(code, missing)
    return Finding(
        right=code,
        eligible=True,
        matched=(Line(HEATING_FUELS[facts.heating_fuel]), *ground.matched),
        missing=ground.to_check,
        facts={"fuel": str(facts.heating_fuel), **ground.facts},
    )


# --- sociaal internettarief (social internet tariff) --------------------------------------


def sociaal_internettarief(facts: ClientFacts, params: Params) -> Finding | None:
    """The social internet offer of the law of 2024 (in force 1-3-2024): someone at the address
    belongs to the groups of the social energy tariff, as far as the file records them:
    leefloon, IVT/IT, IGO, or a child with a recognised disability of at least 66%. There is no
    income test; the old route for people aged 65 or more with a low income, and for a
    recognised disability with a low income, opens no new right (who had the old tariff on
    1-3-2024 keeps it while nothing changes); the VT gives none.

    Sources: FOD Economie, "Sociaal internetaanbod - veelgestelde vragen" (2024), Plus
    Magazine (2024: at most 19 euro a month), sint-lievens-houtem.be (2024: VT gives no right),
    OKRA and dijk92.be (the old tariff). docs/rights.md lists them with their addresses.

    Readings: as the social energy tariff's groups (social_tariff_groups): an adult's
    recognised percentage without an IVT/IT line is a question, not a ground. The file records
    the offer only for the client, so "nobody in the household already has it" is the client's
    record.
    """
    code = "sociaal_internettarief"
    if already_handled(facts, code):
        return None
    grounds, questions = social_tariff_groups(facts, params)
    if not grounds:
        return missing_note(code, questions) if questions else None
    return Finding(
        right=code,
        eligible=True,
        matched=(
            *grounds.values(),
            Line(
                gettext_noop(
                    "The household can then ask an operator for the social internet offer: fixed "
                    "internet at home for at most 19 euro a month."
                )
            ),
        ),
        facts={"grounds": ",".join(sorted(grounds))},
    )
