"""Energy, heating and internet: the social energy tariff, the heating allowance
(stookoliefonds) and the social internet tariff."""

from decimal import Decimal

from django.utils.translation import gettext_noop

from clients.models import Client, HouseholdMember
from rights.facts import ClientFacts, Finding, IncomeFacts, Line, Params, PersonFacts
from rights.rules.common import (
    DEBT_PROCEDURE_UNKNOWN,
    RECEIVES,
    UNCONFIRMED_HOUSEHOLD,
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


def sociaal_tarief_energie(facts: ClientFacts, params: Params) -> Finding | None:
    """Someone at the address receives leefloon, IGO or IVT/IT, an adult with a recognised
    disability of at least 65%, or a child of at least 66%: electricity and gas. Otherwise a
    social tenant with collective gas heating: gas only.

    Readings: the file records the recognised percentage, not the allowance itself, so the
    percentage stands for the allowance (the worker checks the attestation). Help of third
    parties and the care budget for the elderly are not recorded and not checked.
    """
    code = "sociaal_tarief_energie"
    if already_handled(facts, code):
        return None
    grounds: dict[str, Line] = {}
    for kind in (Kind.LEEFLOON, Kind.IGO, Kind.IVT_IT):
        if line := status_line(facts, kind):
            grounds[kind] = line
    # Adults by the allowance's threshold, minors by the child supplement's (whatever their
    # relation to the client: a grandchild counts too).
    adult_percent = params.number("adult_disability_percent")
    adults = [
        p for p in facts.persons if p.age >= 18 and (p.disability_percent or 0) >= adult_percent
    ]
    if adults:
        grounds["adult_disability"] = Line(
            gettext_noop("Recognised disability of at least %(threshold)s%%: %(names)s."),
            {"names": names(adults), "threshold": str(adult_percent)},
        )
    child_percent = params.number("child_disability_percent")
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
    if grounds:
        return Finding(
            right=code,
            eligible=True,
            matched=(
                *grounds.values(),
                Line(gettext_noop("The social tariff then applies to electricity and gas.")),
            ),
            facts={"grounds": ",".join(sorted(grounds))},
        )
    if facts.tenure != Client.Tenure.SOCIAL:
        return None
    if facts.heating_fuel == Fuel.UNKNOWN:
        return missing_note(
            code,
            [
                Line(
                    gettext_noop(
                        "The heating of this social rental home is not recorded: with "
                        "collective gas heating the social tariff for gas applies."
                    )
                )
            ],
        )
    if facts.heating_fuel == Fuel.GAS and facts.collective_heating is None:
        return missing_note(
            code,
            [
                Line(
                    gettext_noop(
                        "Whether the gas heating of this social rental home is collective is not "
                        "recorded: with collective gas heating the social tariff for gas applies."
                    )
                )
            ],
        )
    if facts.heating_fuel == Fuel.GAS and facts.collective_heating:
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
            facts={"grounds": "social_collective_gas"},
        )
    return None


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
    vt = facts.rights.get("verhoogde_tegemoetkoming") == RECEIVES
    covered = facts.household_known and all(p.key in vt_household(facts) for p in facts.persons)
    gross = facts.gross_taxable_last_year()
    ground: tuple[dict[str, str], tuple[Line, ...], tuple[Line, ...]] | None = None
    missing: list[Line] = []
    if vt and covered:
        ground = (
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
    elif gross is not None:
        dependants = heating_dependants(facts, params)
        limit = params.amount("income_limit") + len(dependants) * params.amount(
            "income_per_dependant"
        )
        if gross <= limit:
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
            ground = (
                ({"ground": "vt_income", **facts_of}, (VT_NOT_EVERYONE, income_line), ())
                if vt
                else ({"ground": "income", **facts_of}, (CATEGORY_2, income_line), (PROPERTY,))
            )
    if ground is None and in_debt_procedure(facts):
        ground = (
            {"ground": "debt"},
            (
                Line(gettext_noop("Is in debt mediation or collective debt settlement.")),
                CATEGORY_3,
            ),
            (BILL_CHECK,),
        )
    if ground is None:
        if gross is None:
            missing.append(missing_income(facts))
        if in_debt_procedure(facts) is None:
            missing.append(DEBT_PROCEDURE_UNKNOWN)
        if not missing:
            return None
    if facts.heating_fuel == Fuel.UNKNOWN:
        missing.insert(
            0,
            Line(
                gettext_noop(
                    "The heating is not recorded: the heating allowance is for heating oil, "
                    "lamp paraffin and propane in bulk."
                )
            ),
        )
        return missing_note(code, missing)
    if ground is None:
        return missing_note(code, missing)
    return Finding(
        right=code,
        eligible=True,
        matched=(Line(HEATING_FUELS[facts.heating_fuel]), *ground[1]),
        missing=ground[2],
        facts={"fuel": str(facts.heating_fuel), **ground[0]},
    )


# --- sociaal internettarief (social internet tariff) --------------------------------------


def sociaal_internettarief(facts: ClientFacts, params: Params) -> Finding | None:
    """Someone receives leefloon; or the client is 65+ and lives alone or only with people
    aged 60+; or an adult has a recognised disability of at least 66%. The last two with the
    household's gross taxable income at most the limit + an amount per extra member.

    Readings: the source names a 60+ partner; we accept any housemates who are all 60+ (the
    "per extra member" wording allows more than two). The disability route uses the same
    income limit, the only one the source gives.
    """
    code = "sociaal_internettarief"
    if already_handled(facts, code):
        return None
    if line := status_line(facts, Kind.LEEFLOON):
        return Finding(right=code, eligible=True, matched=(line,), facts={"grounds": "leefloon"})
    elderly_age, housemate_age = params.number("elderly_age"), params.number("housemate_age")
    grounds: dict[str, Line] = {}
    housemates = facts.persons[1:]
    missing: list[Line] = []
    if facts.client.age >= elderly_age and all(p.age >= housemate_age for p in housemates):
        if not facts.household_known:
            # "Lives alone" is not read from a household nobody confirmed.
            missing.append(UNCONFIRMED_HOUSEHOLD)
        else:
            grounds["elderly"] = Line(
                gettext_noop(
                    "The client is %(age)s years old (from %(threshold)s) and lives alone or "
                    "only with people aged %(housemate)s or more."
                ),
                {
                    "age": str(facts.client.age),
                    "threshold": str(elderly_age),
                    "housemate": str(housemate_age),
                },
            )
    percent = params.number("disability_percent")
    disabled = [p for p in facts.persons if p.age >= 18 and (p.disability_percent or 0) >= percent]
    if disabled:
        grounds["disability"] = Line(
            gettext_noop("Recognised disability of at least %(threshold)s%%: %(names)s."),
            {"names": names(disabled), "threshold": str(percent)},
        )
    if not grounds:
        return missing_note(code, missing) if missing else None
    gross = facts.gross_taxable_last_year()
    if gross is None:
        return missing_note(code, [missing_income(facts)])
    extra = facts.size - 1
    limit = params.amount("income_limit") + extra * params.amount("income_per_extra_member")
    if gross > limit:
        return None
    return Finding(
        right=code,
        eligible=True,
        matched=(
            *grounds.values(),
            Line(
                gettext_noop(
                    "The household's gross taxable income last year of %(income)s is at most "
                    "the limit of %(limit)s (extra household members: %(extra)s)."
                ),
                {"income": euro(gross), "limit": euro(limit), "extra": str(extra)},
            ),
        ),
        facts={"grounds": ",".join(sorted(grounds)), "income": str(gross), "size": str(facts.size)},
    )
