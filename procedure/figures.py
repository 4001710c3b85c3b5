"""The team lead's figures per month of receipt: how many requests came in, how many were
decided and how fast (the median days from receipt to decision, the share decided within the
legal 30 days), how many are still open past their deadline, and the forwarded and withdrawn
ones apart. A pure function over (received on, decided on, state) rows, read in one query by
selectors.request_figure_rows.

Unknown is not zero: a month without a dated decision has no median and no share (None, shown
as a dash), never 0."""

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from procedure import deadlines
from procedure.models import Request

FIGURE_MONTHS = 12

FigureRow = tuple[dt.date, dt.date | None, str]  # received on, decided on, state

_DECIDED = (Request.State.DECIDED, Request.State.NOTIFIED)


@dataclass(frozen=True)
class MonthFigures:
    month: dt.date | None  # the first day of the month; None for the total of all months
    received: int = 0  # every request received, forwarded and withdrawn ones included
    decided: int = 0
    decided_undated: int = 0  # decided, but the decision's date is not recorded
    median_days: float | None = None  # from receipt to decision, of the dated decisions
    in_time: int = 0  # decided on or before the last day of the 30 days (art. 52-53 Ger.W.)
    open_past_deadline: int = 0  # not decided and the 30 days have ended
    forwarded: int = 0
    withdrawn: int = 0

    @property
    def decided_dated(self) -> int:
        return self.decided - self.decided_undated

    @property
    def in_time_percent(self) -> int | None:
        """The share of the dated decisions taken in time, in whole percent; None without any."""
        if not self.decided_dated:
            return None
        return round(100 * self.in_time / self.decided_dated)


def first_month(today: dt.date, months: int = FIGURE_MONTHS) -> dt.date:
    """The first day of the oldest month shown: `months` months up to today's, included."""
    return deadlines.add_months(today.replace(day=1), -(months - 1))


def _figures(month: dt.date | None, rows: list[FigureRow], today: dt.date) -> MonthFigures:
    days: list[int] = []
    in_time = decided = open_past = forwarded = withdrawn = 0
    for received_on, decided_on, state in rows:
        due = deadlines.last_day_in_days(received_on, deadlines.DECISION_DAYS)
        if state in _DECIDED:
            decided += 1
            if decided_on is not None:
                days.append((decided_on - received_on).days)
                if decided_on <= due:
                    in_time += 1
        elif state in Request.OPEN_STATES:
            if today > due:
                open_past += 1
        elif state == Request.State.FORWARDED:
            forwarded += 1
        elif state == Request.State.WITHDRAWN:
            withdrawn += 1
    return MonthFigures(
        month=month,
        received=len(rows),
        decided=decided,
        decided_undated=decided - len(days),
        median_days=statistics.median(days) if days else None,
        in_time=in_time,
        open_past_deadline=open_past,
        forwarded=forwarded,
        withdrawn=withdrawn,
    )


def figures_by_month(
    rows: Iterable[FigureRow], *, today: dt.date, months: int = FIGURE_MONTHS
) -> tuple[list[MonthFigures], MonthFigures]:
    """The figures of each of the last `months` months of receipt up to today's, oldest first,
    every month present (a month without requests counts 0 received and has no median), and
    those of all these months together. Rows received outside these months are left out."""
    start = first_month(today, months)
    by_month: dict[dt.date, list[FigureRow]] = {
        deadlines.add_months(start, n): [] for n in range(months)
    }
    for row in rows:
        month_rows = by_month.get(row[0].replace(day=1))
        if month_rows is not None:
            month_rows.append(row)
    per_month = [_figures(month, month_rows, today) for month, month_rows in by_month.items()]
    everything = [row for month_rows in by_month.values() for row in month_rows]
    return per_month, _figures(None, everything, today)
