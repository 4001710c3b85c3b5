"""Housing: the Flemish rent premium."""

from decimal import Decimal

from django.utils.translation import gettext_noop

from clients.models import Client
from rights.facts import ClientFacts, Finding, Line, Params
from rights.rules.common import (
    Kind,
    already_handled,
    euro,
    missing_income,
    missing_note,
)

# --- Vlaamse huurpremie (Flemish rent premium) --------------------------------------------


def vlaamse_huurpremie(facts: ClientFacts, params: Params) -> Finding | None:
    """Rents privately, on the social housing waiting list for at least N years, income and rent
    at most their limits. A rent-premium income line counts as receiving it.

    Readings: "single" is a client without partner and without dependants; everyone else has
    the family limit + an amount per dependant. The rent limit rises by a percentage per
    dependant up to a maximum, as rights.md words it. Income is last year's gross taxable
    income of the client and a partner. The OCMW serves a Flemish municipality, so the home is
    in Flanders; that the landlord is not a relative is not recorded and is left to check.
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

    dependants = facts.dependants
    parents = facts.parent_keys
    missing: list[Line] = []
    gross = facts.gross_taxable_last_year(persons=parents)
    single = not facts.has_partner and dependants == 0
    income_limit = (
        params.amount("income_limit_single")
        if single
        else params.amount("income_limit") + dependants * params.amount("income_per_dependant")
    )
    if gross is None:
        missing.append(missing_income(facts, parents))
    elif gross > income_limit:
        return None
    raise_percent = min(
        dependants * params.amount("rent_increase_per_dependant_percent"),
        params.amount("rent_increase_max_percent"),
    )
    rent_limit = (params.amount("rent_limit") * (100 + raise_percent) / 100).quantize(
        Decimal("0.01")
    )
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
    if gross is None or facts.rent is None:
        return missing_note(code, missing)
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
                gettext_noop(
                    "Gross taxable income last year of %(income)s is at most the limit of "
                    "%(limit)s (dependants: %(dependants)s)."
                ),
                {
                    "income": euro(gross),
                    "limit": euro(income_limit),
                    "dependants": str(dependants),
                },
            ),
            Line(
                gettext_noop("A rent of %(rent)s a month is at most the limit of %(limit)s."),
                {"rent": euro(facts.rent), "limit": euro(rent_limit)},
            ),
        ),
        missing=(
            Line(
                gettext_noop(
                    "Check that the landlord is not a relative: the file does not record it."
                )
            ),
        ),
        facts={
            "waiting_since": waiting_since.isoformat(),
            "income": str(gross),
            "rent": str(facts.rent),
            "dependants": str(dependants),
        },
    )
