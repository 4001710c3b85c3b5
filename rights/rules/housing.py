"""Housing: the Flemish rent premium."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_noop

from clients.models import Client, HouseholdMember
from rights.facts import ClientFacts, Finding, IncomeFacts, Line, Params
from rights.rules.common import (
    Kind,
    already_handled,
    euro,
    missing_income,
    missing_note,
    names,
)

Relation = HouseholdMember.Relation

# Relations that may be family up to the second degree (parents, grandparents, children,
# grandchildren, brothers and sisters); "other family" may be one.
RELATIVES = frozenset({Relation.PARENT, Relation.CHILD, Relation.SIBLING, Relation.OTHER_FAMILY})

# Untaxed income the rent premium counts with the taxable income.
COUNTED_UNTAXED = (Kind.LEEFLOON, Kind.IVT_IT)

# --- Vlaamse huurpremie (Flemish rent premium) --------------------------------------------


def months_last_year(facts: ClientFacts, line: IncomeFacts) -> int:
    """The calendar months of last year in which the line ran (a month it ran part of counts
    whole; a line without a start ran all year)."""
    first, last = dt.date(facts.on.year - 1, 1, 1), dt.date(facts.on.year - 1, 12, 31)
    start = max(line.since or first, first)
    end = min(line.until or last, last)
    if end < start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def rent_premium_dependants(facts: ClientFacts, params: Params) -> int:
    """Dependants as the rent premium counts them: a child who is a minor or gives right to
    child benefit (a Groeipakket line), and a member with a recognised disability; a child
    with a disability counts twice. The client is not counted here."""
    percent = params.number("disability_percent")
    with_benefit = {i.person_key for i in facts.incomes_of(Kind.GROEIPAKKET)}
    return sum(
        int(p.is_child and (p.age < 18 or p.key in with_benefit))
        + int((p.disability_percent or 0) >= percent)
        for p in facts.persons[1:]
    )


def vlaamse_huurpremie(facts: ClientFacts, params: Params) -> Finding | None:
    """Rents privately, on the social housing waiting list for at least N years without
    interruption, and the income of everyone who lives there and the rent at most their
    limits; not renting from a relative up to the second degree who lives at the same address.
    A rent-premium income line counts as receiving it.

    Income limits: a single person (who lives alone) without dependants; a single person with
    a recognised disability; everyone else a base + an amount per dependant. Rent limit: a
    self-contained home or a lower one for a room, + a percentage per dependant (the applicant
    with a disability counted too) up to a maximum.

    Sources: vlaanderen.be "Voor wie is de Vlaamse huurpremie?" (undated; the relative at the
    same address, rooms); cm.be (the income of everyone domiciled at the address; three limits;
    applications from 1-1-2021); zwevegem.be (the 2022 limits, equal to those for candidate
    tenants); helderrecht.be (dependants; a child with a disability counts twice);
    premiezoeker.be (+20 % per dependant up to 50 %, the applicant with a disability counted);
    vlaanderen.be "Hoeveel bedraagt de Vlaamse huurpremie?" (2024 maximum premium; leefloon and
    IVT counted). docs/rights.md lists them with their addresses.

    Readings: the income is last year's gross taxable income of everyone who lives there plus
    the leefloon and IVT/IT they received last year (net per month x the months it ran; the
    file does not split IVT from the integration allowance, so both count, which only lowers
    the chance of a flag). A recognised disability is one of at least the parameter's
    percentage (Wonen in Vlaanderen: 66 %). The file does not say whether the home is a room or
    whether the municipality has the 10 % higher rent limit: the room's limit decides, and a
    rent between the two limits is a question, not a flag; the higher limit is not applied. An
    adult relative at the address may be the landlord: a question, not a flag. The OCMW
    serves a Flemish municipality, so the home is in Flanders.
    """
    code = "vlaamse_huurpremie"
    if already_handled(facts, code) or facts.incomes_of(Kind.RENT_PREMIUM):
        return None
    waiting_since = facts.social_housing_waiting_since
    years = params.number("waiting_years")
    if waiting_since is None or facts.months_since(waiting_since) < years * 12:
        return None
    if facts.tenure == Client.Tenure.UNKNOWN:
        return missing_note(
            code,
            [
                Line(
                    gettext_noop(
                        "The housing situation is not recorded: the rent premium is for "
                        "tenants of a private rental home."
                    )
                )
            ],
        )
    if facts.tenure != Client.Tenure.PRIVATE:
        return None

    percent = params.number("disability_percent")
    client_disabled = (facts.client.disability_percent or 0) >= percent
    dependants = rent_premium_dependants(facts, params)
    missing: list[Line] = []
    gross = facts.gross_taxable_last_year()
    alone = facts.size == 1
    income_limit = (
        params.amount("income_limit_single_disabled" if client_disabled else "income_limit_single")
        if alone
        else params.amount("income_limit") + dependants * params.amount("income_per_dependant")
    )
    income: Decimal | None = None
    if gross is None:
        missing.append(missing_income(facts))
    else:
        untaxed = sum(
            (
                line.net_monthly * months_last_year(facts, line)
                for line in facts.incomes_last_year
                if line.kind in COUNTED_UNTAXED
            ),
            Decimal(0),
        )
        income = gross + untaxed
        if income > income_limit:
            return None
    rent_dependants = dependants + int(client_disabled)
    raise_percent = min(
        rent_dependants * params.amount("rent_increase_per_dependant_percent"),
        params.amount("rent_increase_max_percent"),
    )

    def raised(name: str) -> Decimal:
        return (params.amount(name) * (100 + raise_percent) / 100).quantize(Decimal("0.01"))

    rent_limit, room_limit = raised("rent_limit"), raised("rent_limit_room")
    if facts.rent is None:
        missing.append(
            Line(
                gettext_noop(
                    "The rent is not recorded: the rent premium applies up to a rent of "
                    "%(limit)s a month."
                ),
                {"limit": euro(rent_limit)},
            )
        )
    elif facts.rent > rent_limit:
        return None
    elif facts.rent > room_limit:
        missing.append(
            Line(
                gettext_noop(
                    "Ask whether the home is a room: a rent of %(rent)s a month is at most the "
                    "limit of %(limit)s for a self-contained home (own kitchen, toilet and "
                    "bathroom) but above the limit of %(room)s for a room."
                ),
                {"rent": euro(facts.rent), "limit": euro(rent_limit), "room": euro(room_limit)},
            )
        )
    relatives = [p for p in facts.persons[1:] if p.relation in RELATIVES and p.age >= 18]
    if relatives:
        missing.append(
            Line(
                gettext_noop(
                    "Ask whether the landlord is a relative who lives at the address "
                    "(%(names)s): renting from a relative up to the second degree who lives at "
                    "the same address gives no rent premium."
                ),
                {"names": names(relatives)},
            )
        )
    if missing or income is None or facts.rent is None:
        return missing_note(code, missing)
    single_text = (
        gettext_noop(
            "The income of %(income)s (gross taxable last year plus leefloon and IVT/IT) is at "
            "most the limit of %(limit)s for a single person with a disability."
        )
        if alone and client_disabled
        else gettext_noop(
            "The income of %(income)s (gross taxable last year plus leefloon and IVT/IT) is at "
            "most the limit of %(limit)s for a single person."
        )
    )
    income_text = (
        single_text
        if alone
        else gettext_noop(
            "The income of everyone who lives there, %(income)s (gross taxable last year plus "
            "leefloon and IVT/IT), is at most the limit of %(limit)s (dependants: "
            "%(dependants)s)."
        )
    )
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(
                gettext_noop(
                    "Rents privately and has been on the social housing waiting list since "
                    "%(date)s (%(threshold)s years or more)."
                ),
                {"date": waiting_since.strftime("%d/%m/%Y"), "threshold": str(years)},
            ),
            Line(
                income_text,
                {
                    "income": euro(income),
                    "limit": euro(income_limit),
                    "dependants": str(dependants),
                },
            ),
            Line(
                gettext_noop(
                    "A rent of %(rent)s a month is at most the limit of %(limit)s for a room "
                    "(%(raise)s%% more for dependants)."
                ),
                {"rent": euro(facts.rent), "limit": euro(room_limit), "raise": str(raise_percent)},
            ),
        ),
        facts={
            "waiting_since": waiting_since.isoformat(),
            "income": str(income),
            "rent": str(facts.rent),
            "dependants": str(dependants),
        },
    )
