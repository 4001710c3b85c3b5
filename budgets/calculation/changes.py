"""How the file's incomes differ from the incomes a saved calculation used: the notice that
proposes a new calculation (issue 20 point 7). Pure: the caller loads the calculation, the
household members and the income lines (`budgets.selectors.calculations`).

Whatever changed the lines (the worker, a granted leefloon, an indexation) is not asked: only
what the file says now. The calculation's incomes are compared with the file's lines on the
calculation's day and on every later day up to today on which the file's incomes or household
change, so a line changed back to the calculation's day (a leefloon granted from the day of the
request) counts as much as one that started since. An amount that is not known (a snapshot
without it) never equals anything: it is always a difference, never read as 0."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from budgets.calculation.loading import household_on
from clients.models import Client, HouseholdMember, Income

Change = Literal["added", "changed", "ended"]
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Line:
    """An income line as compared: whose, which kind, how much (None: not known)."""

    person_key: str
    kind: str
    amount: Decimal | None


@dataclass(frozen=True)
class IncomeDifference:
    change: Change
    person_key: str
    kind: str
    before: Decimal | None  # in the calculation (None for an added line, or not known)
    after: Decimal | None  # in the file (None for an ended line)
    on: dt.date  # the first day compared on which the file differs so


@dataclass(frozen=True)
class IncomeChanges:
    """The differences, and the names of the people they concern (the calculation's, or the
    file's for someone who joined since). `readable` is False for a snapshot that holds no
    income list at all: then nothing can be compared and a new calculation is proposed."""

    differences: tuple[IncomeDifference, ...]
    names: Mapping[str, str]
    readable: bool = True

    def __bool__(self) -> bool:
        return bool(self.differences) or not self.readable


def snapshot_lines(inputs: Mapping[str, Any]) -> list[Line] | None:
    """The income lines a calculation's snapshot (`household_to_json`) holds; None when it
    holds no list of them. An amount missing or unreadable is None (not known), never 0."""
    incomes = inputs.get("incomes")
    if not isinstance(incomes, list):
        return None
    return [
        Line(str(i.get("person", "")), str(i.get("kind", "")), _amount(i.get("amount")))
        for i in incomes
    ]


def _amount(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def differences_on(
    before: Sequence[Line], after: Sequence[Line], on: dt.date
) -> list[IncomeDifference]:
    """Lines are values: equal lines (same person, kind and known amount) cancel out; what is
    left of one person and kind on both sides changed, the rest was added or ended."""
    left = list(after)
    gone = []
    for line in before:
        if line.amount is not None and line in left:
            left.remove(line)
        else:
            gone.append(line)
    differences = []
    for old in gone:
        new = next((n for n in left if (n.person_key, n.kind) == (old.person_key, old.kind)), None)
        if new is None:
            differences.append(
                IncomeDifference("ended", old.person_key, old.kind, old.amount, None, on)
            )
        else:
            left.remove(new)
            differences.append(
                IncomeDifference("changed", old.person_key, old.kind, old.amount, new.amount, on)
            )
    return differences + [
        IncomeDifference("added", new.person_key, new.kind, None, new.amount, on) for new in left
    ]


def days_compared(
    calculated_on: dt.date,
    today: dt.date,
    *,
    members: Iterable[HouseholdMember],
    incomes: Iterable[Income],
) -> list[dt.date]:
    """The calculation's day, and every later day up to today on which a line starts or stops
    or someone is born, joins or leaves: between them the file's lines stay the same."""
    changes: set[dt.date | None] = set()
    for income in incomes:
        changes |= {income.starts_on, _day_after(income.ends_on)}
    for member in members:
        changes |= {member.birth_date, member.joined_on, _day_after(member.left_on)}
    later = sorted(d for d in changes if d is not None and calculated_on < d <= today)
    return [calculated_on, *later]


def _day_after(day: dt.date | None) -> dt.date | None:
    if day is None or day == dt.date.max:
        return None
    return day + ONE_DAY


def income_changes(
    *,
    inputs: Mapping[str, Any],
    calculated_on: dt.date,
    today: dt.date,
    client: Client,
    members: Sequence[HouseholdMember],
    incomes: Sequence[Income],
) -> IncomeChanges:
    """How the file's incomes (`members`, `incomes`: all of the client's rows) differ from a
    calculation's snapshot `inputs` on the days compared. Each difference is named once, on
    the first day it shows. No query."""
    names = {p["key"]: p["name"] for p in inputs.get("persons", []) if "key" in p}
    before = snapshot_lines(inputs)
    if before is None:
        return IncomeChanges((), names, readable=False)
    found: dict[tuple[Change, str, str, Decimal | None, Decimal | None], IncomeDifference] = {}
    for day in days_compared(calculated_on, today, members=members, incomes=incomes):
        household = household_on(client, day, members=members, incomes=incomes)
        for person in household.persons:
            names.setdefault(person.key, person.name)
        after = [Line(i.person_key, i.kind, i.amount) for i in household.incomes]
        for difference in differences_on(before, after, day):
            key = (
                difference.change,
                difference.person_key,
                difference.kind,
                difference.before,
                difference.after,
            )
            found.setdefault(key, difference)
    return IncomeChanges(tuple(found.values()), names)
