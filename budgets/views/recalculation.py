"""The notice on the aid tab and on the latest saved calculation: the client file's incomes
changed since that calculation (added, changed or ended lines), with a link to a new one
(templates/budgets/calculations/income_notice.html)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from budgets.calculation.changes import Change, IncomeChanges
from budgets.models import AidCalculation
from budgets.selectors.calculations import income_changes_since
from clients.models import Client, Income


@dataclass(frozen=True)
class ChangeRow:
    change: Change
    who: str
    kind: str
    before: Decimal | None  # None: an added line, or an amount the calculation does not know
    after: Decimal | None  # None: an ended line
    since: dt.date | None  # the day it shows, when later than the calculation's day


@dataclass(frozen=True)
class IncomeNotice:
    calculation: AidCalculation
    rows: list[ChangeRow]
    readable: bool  # False: the calculation records no incomes to compare with


def _kind_label(kind: str) -> str:
    try:
        return str(Income.Kind(kind).label)
    except ValueError:  # a kind a later version of the code no longer knows: shown as stored
        return kind


def income_notice(*, calculation: AidCalculation, client: Client) -> IncomeNotice | None:
    """The notice for `calculation` (the client's latest), or None when the file's incomes are
    those it used. Two queries."""
    changes: IncomeChanges = income_changes_since(
        calculation=calculation, client=client, today=timezone.localdate()
    )
    if not changes:
        return None
    rows = [
        ChangeRow(
            change=d.change,
            who=changes.names.get(d.person_key, d.person_key),
            kind=_kind_label(d.kind),
            before=d.before,
            after=d.after,
            since=d.on if d.on > calculation.calculated_on else None,
        )
        for d in changes.differences
    ]
    return IncomeNotice(calculation=calculation, rows=rows, readable=changes.readable)
