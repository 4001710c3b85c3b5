"""Housing: the Flemish rent premium."""

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

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

TENURE_UNKNOWN = Line(
    gettext_noop(
        "The housing situation is not recorded: the rent premium is for tenants of a private "
        "rental home."
    )
)


def months_last_year(facts: ClientFacts, line: IncomeFacts) -> int:
    """The calendar months of last year in which the line ran (a month it ran part of counts
    whole; a line without a start ran all year)."""
    first, last = facts.last_year()
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
        return missing_note(code, [TENURE_UNKNOWN])
    if facts.tenure != Client.Tenure.PRIVATE:
        return None
    test = _income_test(facts, params)
    if test.income is not None and test.income > test.limit:
        return None
    limits = _rent_limits(params, test)
    if facts.rent is not None and facts.rent > limits.home:
        return None
    missing = _open_questions(facts, test, limits)
    if missing or test.income is None or facts.rent is None:
        return missing_note(code, missing)
    return _flag(
        code,
        waiting_since=waiting_since,
        years=years,
        income=test.income,
        rent=facts.rent,
        test=test,
        limits=limits,
    )


class _IncomeTest(NamedTuple):
    """The income of everyone who lives there and the limit that applies to it."""

    client_disabled: bool  # a recognised disability of at least the parameter's percentage
    dependants: int  # as the rent premium counts them (rent_premium_dependants)
    alone: bool
    limit: Decimal
    income: Decimal | None  # None: last year's gross taxable income cannot be read


class _RentLimits(NamedTuple):
    raise_percent: Decimal  # the increase for dependants, up to the maximum
    home: Decimal  # a self-contained home
    room: Decimal


def _income_test(facts: ClientFacts, params: Params) -> _IncomeTest:
    """Last year's gross taxable income plus the leefloon and IVT/IT received last year, and
    the limit for a single person (with a disability or not) or for a household."""
    percent = params.number("disability_percent")
    client_disabled = (facts.client.disability_percent or 0) >= percent
    dependants = rent_premium_dependants(facts, params)
    gross = facts.gross_taxable_last_year()
    alone = facts.size == 1
    limit = (
        params.amount("income_limit_single_disabled" if client_disabled else "income_limit_single")
        if alone
        else params.amount("income_limit") + dependants * params.amount("income_per_dependant")
    )
    return _IncomeTest(
        client_disabled=client_disabled,
        dependants=dependants,
        alone=alone,
        limit=limit,
        income=None if gross is None else gross + _counted_untaxed(facts),
    )


def _counted_untaxed(facts: ClientFacts) -> Decimal:
    """The leefloon and IVT/IT received last year: net per month x the months it ran."""
    return sum(
        (
            line.net_monthly * months_last_year(facts, line)
            for line in facts.incomes_last_year
            if line.kind in COUNTED_UNTAXED
        ),
        Decimal(0),
    )


def _rent_limits(params: Params, test: _IncomeTest) -> _RentLimits:
    """The rent limits, raised per dependant (the applicant with a disability counted too)."""
    rent_dependants = test.dependants + int(test.client_disabled)
    raise_percent = min(
        rent_dependants * params.amount("rent_increase_per_dependant_percent"),
        params.amount("rent_increase_max_percent"),
    )

    def raised(name: str) -> Decimal:
        return (params.amount(name) * (100 + raise_percent) / 100).quantize(Decimal("0.01"))

    return _RentLimits(raise_percent, raised("rent_limit"), raised("rent_limit_room"))


def _open_questions(facts: ClientFacts, test: _IncomeTest, limits: _RentLimits) -> list[Line]:
    """What the file leaves open: the income, the rent or whether the home is a room, and
    whether the landlord is a relative at the address."""
    missing: list[Line] = []
    if test.income is None:
        missing.append(missing_income(facts))
    if facts.rent is None:
        missing.append(
            Line(
                gettext_noop(
                    "The rent is not recorded: the rent premium applies up to a rent of "
                    "%(limit)s a month."
                ),
                {"limit": euro(limits.home)},
            )
        )
    elif facts.rent > limits.room:
        missing.append(
            Line(
                gettext_noop(
                    "Ask whether the home is a room: a rent of %(rent)s a month is at most the "
                    "limit of %(limit)s for a self-contained home (own kitchen, toilet and "
                    "bathroom) but above the limit of %(room)s for a room."
                ),
                {"rent": euro(facts.rent), "limit": euro(limits.home), "room": euro(limits.room)},
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
    return missing


def _income_text(test: _IncomeTest) -> str:
    """The sentence for the income test that was made."""
    if not test.alone:
        return gettext_noop(
            "The income of everyone who lives there, %(income)s (gross taxable last year plus "
            "leefloon and IVT/IT), is at most the limit of %(limit)s (dependants: "
            "%(dependants)s)."
        )
    if test.client_disabled:
        return gettext_noop(
            "The income of %(income)s (gross taxable last year plus leefloon and IVT/IT) is at "
            "most the limit of %(limit)s for a single person with a disability."
        )
    return gettext_noop(
        "The income of %(income)s (gross taxable last year plus leefloon and IVT/IT) is at "
        "most the limit of %(limit)s for a single person."
    )


def _flag(
    code: str,
    *,
    waiting_since: dt.date,
    years: int,
    income: Decimal,
    rent: Decimal,
    test: _IncomeTest,
    limits: _RentLimits,
) -> Finding:
    """Waiting long enough, the income and the rent at most their limits."""
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
                _income_text(test),
                {
                    "income": euro(income),
                    "limit": euro(test.limit),
                    "dependants": str(test.dependants),
                },
            ),
            Line(
                gettext_noop(
                    "A rent of %(rent)s a month is at most the limit of %(limit)s for a room "
                    "(%(raise)s%% more for dependants)."
                ),
                {
                    "rent": euro(rent),
                    "limit": euro(limits.room),
                    "raise": str(limits.raise_percent),
                },
            ),
        ),
        facts={
            "waiting_since": waiting_since.isoformat(),
            "income": str(income),
            "rent": str(rent),
            "dependants": str(test.dependants),
        },
    )
