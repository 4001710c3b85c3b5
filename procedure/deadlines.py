"""The legal deadlines of a request for help, as pure functions over dates.

Counted as the Judicial Code counts (art. 52-54 Ger.W., which the labour courts apply to the
OCMW's deadlines):

- art. 52: a deadline runs from the day after the act or event that starts it; the day of the
  act itself is not counted, and every day counts, Saturdays, Sundays and holidays included;
- art. 53: the last day (vervaldag) is part of the deadline; when it falls on a Saturday, a
  Sunday or a public holiday (wettelijke feestdag), it moves to the next working day;
- art. 54: a deadline in months runs "van de zoveelste tot de dag vóór de zoveelste": from the
  day after the act to the day before the same day number N months later, which is the act's
  own day number N months later (an act on 15 January, one month: the last day is 15 February).
  A month without that day ends the deadline on its last day (31 January + 1 month: 28 or 29
  February), as the courts read it.

The clocks of a request (domain/procedure.md; organic law of 8 July 1976 on the OCMWs, art. 58
and 62bis; law of 26 May 2002, art. 21 and 47; zonnebeke.be, herentals.be, ocmwboom.be):
forwarding to the competent OCMW within 5 days of receipt, decision within 30 days of receipt,
notification within 8 days of the decision, appeal to the labour court within 3 months of the
notification, or of the end of the 30 days when no decision was taken.

Unknown is not zero: a clock whose start is not recorded has no due date and says so; it is
never computed from a missing date.
"""

import calendar
import datetime as dt
import enum
from dataclasses import dataclass
from functools import lru_cache

import holidays

FORWARDING_DAYS = 5
DECISION_DAYS = 30
NOTIFICATION_DAYS = 8
APPEAL_MONTHS = 3

# How many days before its last day a clock shows as "due soon".
FORWARDING_SOON_DAYS = 2
DECISION_SOON_DAYS = 7
NOTIFICATION_SOON_DAYS = 3
APPEAL_SOON_DAYS = 14


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    """Belgium's public holidays of `year`, computed by the holidays library (Easter Monday,
    Ascension and Whit Monday move every year)."""
    return frozenset(holidays.country_holidays("BE", years=year))


def is_working_day(day: dt.date) -> bool:
    """Not a Saturday, a Sunday or a Belgian public holiday (art. 53 Ger.W.)."""
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def last_day_in_days(act: dt.date, days: int) -> dt.date:
    """The last day of a deadline of `days` days from `act` (art. 52-53)."""
    return next_working_day(act + dt.timedelta(days=days))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day number `months` months later, or that month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_day_in_months(act: dt.date, months: int) -> dt.date:
    """The last day of a deadline of `months` months from `act` (art. 53-54)."""
    return next_working_day(add_months(act, months))


class ClockStatus(enum.StrEnum):
    UNKNOWN = "unknown"  # its start is not recorded: no due date
    WAITING = "waiting"  # its start has not happened yet (no decision, no notification yet)
    OPEN = "open"
    DUE_SOON = "due_soon"
    PAST = "past"  # the last day has gone and the act is not done
    MET = "met"  # done on or before its last day
    LATE = "late"  # done, after its last day


@dataclass(frozen=True)
class Clock:
    status: ClockStatus
    due: dt.date | None = None
    done_on: dt.date | None = None
    # Days from the day the clock was read to its last day (negative once past); None without
    # a due date or once done.
    days_left: int | None = None


def clock_at(
    due: dt.date | None,
    *,
    today: dt.date,
    soon_days: int,
    done_on: dt.date | None = None,
    unknown: bool = False,
) -> Clock:
    """The status on `today` of a deadline whose last day is `due` (None: not started yet, or
    `unknown` when its start should be known but is not recorded); `done_on`: when the act the
    deadline asks for was done."""
    if unknown:
        return Clock(ClockStatus.UNKNOWN)
    if due is None:
        return Clock(ClockStatus.WAITING)
    if done_on is not None:
        status = ClockStatus.MET if done_on <= due else ClockStatus.LATE
    elif today > due:
        status = ClockStatus.PAST
    elif (due - today).days <= soon_days:
        status = ClockStatus.DUE_SOON
    else:
        status = ClockStatus.OPEN
    days_left = None if done_on is not None else (due - today).days
    return Clock(status, due=due, done_on=done_on, days_left=days_left)


# --- the four clocks of a request ------------------------------------------------------------


def forwarding_clock(
    *, received_on: dt.date | None, forwarded_on: dt.date | None, today: dt.date
) -> Clock:
    """Forward a request the OCMW is not competent for within 5 days of its receipt."""
    if received_on is None:
        return Clock(ClockStatus.UNKNOWN)
    due = last_day_in_days(received_on, FORWARDING_DAYS)
    return clock_at(due, today=today, soon_days=FORWARDING_SOON_DAYS, done_on=forwarded_on)


def decision_clock(
    *, received_on: dt.date | None, decided_on: dt.date | None, today: dt.date
) -> Clock:
    """Decide within 30 days of the receipt."""
    if received_on is None:
        return Clock(ClockStatus.UNKNOWN)
    due = last_day_in_days(received_on, DECISION_DAYS)
    return clock_at(due, today=today, soon_days=DECISION_SOON_DAYS, done_on=decided_on)


def notification_clock(
    *, decided: bool, decided_on: dt.date | None, notified_on: dt.date | None, today: dt.date
) -> Clock:
    """Notify the decision within 8 days of it. Before a decision the clock waits; a decision
    whose date is not recorded leaves it unknown."""
    if not decided:
        return Clock(ClockStatus.WAITING)
    if decided_on is None:
        return Clock(ClockStatus.UNKNOWN)
    due = last_day_in_days(decided_on, NOTIFICATION_DAYS)
    return clock_at(due, today=today, soon_days=NOTIFICATION_SOON_DAYS, done_on=notified_on)


def appeal_clock(
    *,
    received_on: dt.date | None,
    decided: bool,
    notified: bool,
    notified_on: dt.date | None,
    today: dt.date,
    appealed_on: dt.date | None = None,
) -> Clock:
    """The applicant may appeal until 3 months after the notification; without a decision,
    until 3 months after the last day of the 30 days (from the day after it, the silence of the
    OCMW can be appealed). A decision not yet notified: the clock waits, as the 3 months only
    start with the notification."""
    if notified:
        if notified_on is None:
            return Clock(ClockStatus.UNKNOWN)
        start = notified_on
    elif decided:
        return Clock(ClockStatus.WAITING)
    else:
        if received_on is None:
            return Clock(ClockStatus.UNKNOWN)
        start = last_day_in_days(received_on, DECISION_DAYS)
        if today <= start:
            return Clock(ClockStatus.WAITING)
    due = last_day_in_months(start, APPEAL_MONTHS)
    return clock_at(due, today=today, soon_days=APPEAL_SOON_DAYS, done_on=appealed_on)


def latest_act_due_by(horizon: dt.date, days: int) -> dt.date:
    """The latest day of an act whose deadline of `days` days ends on or before `horizon`.
    The last day never moves back when the act moves forward (art. 53 only pushes it later),
    so every act on or before this day is due by `horizon` and every later one after it: a
    query can select the requests due by a day on their date of receipt alone."""
    act = horizon - dt.timedelta(days=days)
    while last_day_in_days(act, days) > horizon:
        act -= dt.timedelta(days=1)
    return act
