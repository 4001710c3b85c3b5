"""What a social worker would not believe of a client file: statuses before someone was old
enough to have them, pensions of the young, amounts no benefit pays. The demo generator is held
to these rules (tests/demo/test_plausibility.py), on the files it draws and on those it saves.

Pure: it reads model instances (saved or not) and returns the problems found, one sentence each
(for a developer, in English).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from clients.models import Client, HouseholdMember, Income, age_on

Kind = Income.Kind
Level = HouseholdMember.SchoolLevel
Relation = HouseholdMember.Relation

# The youngest age at which someone has an income of a kind (a minor with a child may have a
# leefloon: see LEEFLOON_MINOR), and the oldest for child benefit.
MIN_AGE: dict[str, int] = {
    Kind.WAGE: 15,  # student jobs
    Kind.UNEMPLOYMENT: 18,
    Kind.SICKNESS: 16,
    Kind.LEEFLOON: 18,
    Kind.IGO: 65,
    Kind.IVT_IT: 18,
    Kind.PENSION: 50,  # a survival pension comes early; a retirement pension from 60
    Kind.RENT_PREMIUM: 18,
}
GROEIPAKKET_MAX_AGE = 25
# Net per month, euro: what one line of a kind can plausibly be in 2025-2026.
AMOUNTS: dict[str, tuple[Decimal, Decimal]] = {
    Kind.WAGE: (Decimal("50"), Decimal("6000")),
    Kind.UNEMPLOYMENT: (Decimal("500"), Decimal("2600")),
    Kind.SICKNESS: (Decimal("500"), Decimal("2800")),
    Kind.LEEFLOON: (Decimal("1"), Decimal("1776.07")),  # up to the family category, 1-2-2025
    Kind.IGO: (Decimal("1"), Decimal("1600")),
    Kind.IVT_IT: (Decimal("50"), Decimal("1500")),
    Kind.PENSION: (Decimal("1"), Decimal("4500")),
    Kind.GROEIPAKKET: (Decimal("100"), Decimal("800")),
    Kind.MAINTENANCE: (Decimal("25"), Decimal("1500")),
    Kind.RENT_PREMIUM: (Decimal("50"), Decimal("400")),
    Kind.OTHER: (Decimal("0"), Decimal("3000")),
}
# Taxed incomes carry a gross amount of last year; the others never do.
TAXED = frozenset({Kind.WAGE, Kind.UNEMPLOYMENT, Kind.SICKNESS, Kind.PENSION})
SCHOOL_AGES: dict[str, tuple[int, int]] = {
    Level.NURSERY: (2, 6),
    Level.PRIMARY: (5, 13),
    Level.SECONDARY: (11, 21),
    Level.HIGHER: (17, 40),
}
PARENT_GAP = 14  # years between a parent and a child, at least
PENSIONER_FROM = 58


@dataclass(frozen=True)
class Person:
    label: str
    birth_date: dt.date
    has_child: bool  # a child of theirs lives in the household (for a minor's leefloon)


def _adult_on(birth: dt.date, years: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February
        return birth.replace(year=birth.year + years, day=28)


def file_problems(
    client: Client,
    members: Sequence[HouseholdMember],
    incomes: Sequence[tuple[Income, HouseholdMember | None]],
    *,
    today: dt.date,
) -> list[str]:
    """Every implausibility of one file: `incomes` pairs each line with its member (None: the
    client's own)."""
    problems: list[str] = []
    age = age_on(client.birth_date, today)
    children = [m for m in members if m.relation == Relation.CHILD]
    client_person = Person("client", client.birth_date, has_child=bool(children))

    # Statuses with a start: not before the age they need, not in the future.
    for name, years in (
        ("unemployed_since", 18),
        ("unfit_for_work_since", 16),
        ("leefloon_since", 18),
    ):
        since: dt.date | None = getattr(client, name)
        if since is None:
            continue
        if since > today:
            problems.append(f"{name} {since} lies in the future")
        earliest = _adult_on(client.birth_date, years)
        minor_parent = name == "leefloon_since" and _had_child_by(children, since)
        if since < earliest and not minor_parent:
            problems.append(f"{name} {since}: the client was not yet {years}")
    if client.pensioner and age < PENSIONER_FROM:
        problems.append(f"a pensioner of {age}")

    # The household: children younger than their parent by a generation, parents older.
    for member in members:
        gap = age - age_on(member.birth_date, today)
        if member.relation == Relation.CHILD and gap < PARENT_GAP:
            problems.append(f"a child only {gap} years younger than the client")
        if member.relation == Relation.PARENT and -gap < PARENT_GAP:
            problems.append(f"a parent only {-gap} years older than the client")
        if member.relation == Relation.PARTNER and age_on(member.birth_date, today) < 16:
            problems.append("a partner under 16")
        if member.school_level in SCHOOL_AGES:
            low, high = SCHOOL_AGES[member.school_level]
            member_age = age_on(member.birth_date, today)
            if not low <= member_age <= high:
                problems.append(f"{member.school_level} school at {member_age}")

    dependants = any(m.is_dependant for m in members)
    for income, owner in incomes:
        person = (
            client_person
            if owner is None
            else Person(
                f"member {owner.first_name}",
                owner.birth_date,
                has_child=owner.relation == Relation.PARTNER and bool(children),
            )
        )
        problems += _income_problems(income, person, today=today)
        if (
            income.kind == Kind.LEEFLOON
            and income.leefloon_category == Income.LeefloonCategory.FAMILY
            and not dependants
        ):
            problems.append("leefloon 'with family' without a dependant in the household")
    return problems


def _had_child_by(children: Sequence[HouseholdMember], day: dt.date) -> bool:
    return any(child.birth_date <= day for child in children)


def _income_problems(income: Income, person: Person, *, today: dt.date) -> list[str]:
    problems: list[str] = []
    kind = income.kind
    low, high = AMOUNTS[kind]
    if not low <= income.net_monthly <= high:
        problems.append(f"{kind} of {income.net_monthly} a month for the {person.label}")
    person_age = age_on(person.birth_date, today)
    if kind == Kind.GROEIPAKKET and person_age >= GROEIPAKKET_MAX_AGE:
        problems.append(f"child benefit for the {person.label} at {person_age}")
    minimum = MIN_AGE.get(kind)
    if minimum is not None:
        minor_parent = kind == Kind.LEEFLOON and person.has_child and person_age >= 16
        if person_age < minimum and not minor_parent:
            problems.append(f"{kind} for the {person.label} at {person_age}")
        start = income.starts_on
        if start is not None and start < _adult_on(person.birth_date, minimum) and not minor_parent:
            problems.append(f"{kind} of the {person.label} since {start}, before age {minimum}")
    if income.starts_on is not None and income.starts_on < person.birth_date:
        problems.append(f"{kind} of the {person.label} before their birth")
    gross = income.gross_taxable_last_year
    if kind not in TAXED and gross:
        problems.append(f"{kind} with a gross taxable amount (it is not taxed)")
    if gross and income.starts_on is not None and income.starts_on.year >= today.year:
        problems.append(f"{kind} begun in {income.starts_on.year} with a gross amount of last year")
    return problems
