"""Reading the calculation's inputs from the database into the engine's frozen values: the
household and costs of a client on a day, the budget version and policy in force, the table.
A fixed number of queries, whatever the household size."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgets.calculation.engine import (
    CLIENT_KEY,
    ZERO,
    BudgetTable,
    Costs,
    Household,
    IncomeLine,
    Person,
)
from budgets.models import (
    HOUSEHOLD_COMPONENTS,
    MAX_HOUSEHOLD_SIZE,
    PERSON_COMPONENTS,
    AgeBand,
    AidPolicy,
    BudgetAmount,
    BudgetSex,
    BudgetVersion,
)
from clients.models import Client, HouseholdMember, Income, age_on, member_lives_there_on, runs_on

# --- loading from the database ------------------------------------------------------------


def household_from_client(client: Client, on: dt.date) -> Household:
    """The client's household as the file says it was (or will be) on `on`. Two queries
    (members, incomes)."""
    return household_on(
        client,
        on,
        members=list(client.members.all()),
        incomes=list(client.incomes.all().order_by("pk")),
    )


def household_on(
    client: Client, on: dt.date, *, members: Iterable[HouseholdMember], incomes: Iterable[Income]
) -> Household:
    """The household on `on` from the file's rows: the members who live there that day and the
    incomes of these people that run that day. No query."""
    members = [m for m in members if member_lives_there_on(m, on)]
    persons = [
        Person(
            key=CLIENT_KEY,
            name=client.full_name,
            relation=CLIENT_KEY,
            sex=client.sex,
            age=_age(client.birth_date, on),
        ),
        *(
            Person(
                key=f"member-{member.pk}",
                name=f"{member.first_name} {member.last_name}",
                relation=member.relation,
                sex=member.sex,
                age=_age(member.birth_date, on),
            )
            for member in members
        ),
    ]
    keys = {person.key for person in persons}
    lines = []
    for income in incomes:
        key = CLIENT_KEY if income.member_id is None else f"member-{income.member_id}"
        if key in keys and runs_on(income.starts_on, income.ends_on, on):
            lines.append(IncomeLine(person_key=key, kind=income.kind, amount=income.net_monthly))
    return Household(
        on=on,
        persons=tuple(persons),
        incomes=tuple(lines),
        costs=costs_from_client(client),
        confirmed_on=client.household_confirmed_on,
    )


def costs_from_client(client: Client) -> Costs:
    return Costs(
        rent=client.rent or ZERO,
        childcare=client.childcare_costs,
        school=client.school_costs,
        illness=client.illness_costs or ZERO,
        car_necessary=client.car_necessary,
        car=client.car_costs or ZERO,
    )


def _age(birth_date: dt.date | None, on: dt.date) -> int | None:
    return None if birth_date is None else max(0, age_on(birth_date, on))


def budget_version_on(day: dt.date) -> BudgetVersion:
    version = BudgetVersion.objects.in_force_on(day).order_by("-valid_from").first()
    if version is None:
        raise ValidationError(
            _("No published reference budget is valid on %(date)s.")
            % {"date": date_format(day, "SHORT_DATE_FORMAT")},
            code="no_budget",
        )
    return version


def policy_on(day: dt.date) -> AidPolicy:
    policy = AidPolicy.objects.in_force_on(day).order_by("-valid_from").first()
    if policy is None:
        raise ValidationError(
            _("No published aid policy is valid on %(date)s.")
            % {"date": date_format(day, "SHORT_DATE_FORMAT")},
            code="no_policy",
        )
    return policy


def budget_table_load(version: BudgetVersion) -> BudgetTable:
    """All amounts of a version in one query."""
    person: dict[tuple[str, str, str], Decimal] = {}
    household: dict[tuple[str, int], Decimal] = {}
    rows = BudgetAmount.objects.filter(version=version).values_list(
        "component", "age_band", "sex", "household_size", "amount"
    )
    for component, band, sex, size, amount in rows:
        if size is None:
            person[(component, band, sex)] = amount
        else:
            household[(component, size)] = amount
    return BudgetTable(
        version_id=version.pk, version_name=version.name, person=person, household=household
    )


def missing_cells(table: BudgetTable) -> list[str]:
    """The cells a complete version has and this one lacks (a version is published complete)."""
    missing = [
        f"{component} / {band} / {sex}"
        for component in PERSON_COMPONENTS
        for band in AgeBand
        for sex in BudgetSex
        if (component, band, sex) not in table.person
    ]
    missing += [
        f"{component} / {size}"
        for component in HOUSEHOLD_COMPONENTS
        for size in range(1, MAX_HOUSEHOLD_SIZE + 1)
        if (component, size) not in table.household
    ]
    return missing
