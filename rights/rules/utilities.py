"""Energy, heating and internet: the social energy tariff, the heating allowance
(stookoliefonds) and the social internet tariff."""

from django.utils.translation import gettext_noop

from clients.models import Client
from rights.facts import ClientFacts, Finding, Line, Params
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


def stookoliefonds(facts: ClientFacts, params: Params) -> Finding | None:
    """Heats with heating oil, lamp paraffin or bulk propane, and receives the increased
    reimbursement (as recorded in the file), is in debt mediation or collective debt
    settlement, or the household's gross taxable income is at most the limit.

    Readings: "VT" is the file's record that the client receives it (a probable VT found by
    this scan is a separate flag). Unknown heating is missing data only when the financial
    condition holds or cannot be decided.
    """
    code = "stookoliefonds"
    if already_handled(facts, code):
        return None
    if facts.heating_fuel not in (*HEATING_FUELS, Fuel.UNKNOWN):
        return None
    dependants = facts.dependants
    ground: tuple[dict[str, str], Line] | None = None
    missing: list[Line] = []
    gross = facts.gross_taxable_last_year()
    limit = params.amount("income_limit") + dependants * params.amount("income_per_dependant")
    if facts.rights.get("verhoogde_tegemoetkoming") == RECEIVES:
        ground = (
            {"ground": "vt"},
            Line(gettext_noop("Receives the increased reimbursement (VT).")),
        )
    elif in_debt_procedure(facts):
        ground = (
            {"ground": "debt"},
            Line(gettext_noop("Is in debt mediation or collective debt settlement.")),
        )
    elif gross is not None and gross <= limit:
        ground = (
            {"ground": "income", "income": str(gross), "dependants": str(dependants)},
            Line(
                gettext_noop(
                    "The household's gross taxable income last year of %(income)s is at "
                    "most the limit of %(limit)s (dependants: %(dependants)s)."
                ),
                {"income": euro(gross), "limit": euro(limit), "dependants": str(dependants)},
            ),
        )
    else:
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
        matched=(Line(HEATING_FUELS[facts.heating_fuel]), ground[1]),
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
