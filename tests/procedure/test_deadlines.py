"""The deadline clocks, counted as the Judicial Code counts (art. 52-54): the day of the act not
counted, the last day moved past a Saturday, Sunday or Belgian public holiday, months from a
date to the same day number (or the month's last day). Each deadline is tried on both sides."""

import datetime as dt

import pytest

from procedure.deadlines import (
    Clock,
    ClockStatus,
    add_months,
    appeal_clock,
    clock_at,
    decision_clock,
    forwarding_clock,
    is_working_day,
    last_day_in_days,
    last_day_in_months,
    notification_clock,
)

D = dt.date
SAT, SUN = 5, 6


def test_the_public_holidays_are_not_working_days() -> None:
    for holiday in [
        D(2026, 1, 1),  # New Year (Thursday)
        D(2026, 4, 6),  # Easter Monday
        D(2026, 5, 1),  # Labour Day (Friday)
        D(2026, 5, 14),  # Ascension
        D(2026, 5, 25),  # Whit Monday
        D(2026, 7, 21),  # National Day (Tuesday)
        D(2026, 8, 15),  # Assumption (Saturday anyway)
        D(2026, 11, 11),  # Armistice (Wednesday)
        D(2026, 12, 25),  # Christmas (Friday)
        D(2027, 3, 29),  # Easter Monday 2027: computed, not typed
    ]:
        assert not is_working_day(holiday), holiday
    assert is_working_day(D(2026, 7, 22))
    assert is_working_day(D(2026, 11, 12))
    assert not is_working_day(D(2026, 3, 7))  # a Saturday
    assert not is_working_day(D(2026, 3, 8))  # a Sunday


@pytest.mark.parametrize(
    ("act", "days", "last_day"),
    [
        # The day of the act is not counted: 5 days from Wednesday 4 March end Monday 9 March.
        (D(2026, 3, 4), 5, D(2026, 3, 9)),
        (D(2026, 3, 3), 5, D(2026, 3, 9)),  # Sunday 8 March -> Monday 9
        (D(2026, 3, 2), 5, D(2026, 3, 9)),  # Saturday 7 March -> Monday 9
        (D(2026, 3, 5), 5, D(2026, 3, 10)),  # Tuesday 10 March: a working day
        (D(2026, 6, 21), 30, D(2026, 7, 22)),  # 21 July, National Day -> 22
        (D(2026, 6, 20), 30, D(2026, 7, 20)),  # the day before: itself
        (D(2026, 10, 12), 30, D(2026, 11, 12)),  # 11 November -> 12
        (D(2026, 3, 7), 30, D(2026, 4, 7)),  # Easter Monday 6 April -> 7
        (D(2026, 3, 6), 30, D(2026, 4, 7)),  # Easter Sunday, then Easter Monday -> Tuesday
        (D(2026, 11, 25), 30, D(2026, 12, 28)),  # Christmas (Friday), weekend -> Monday
        (D(2026, 12, 2), 30, D(2027, 1, 4)),  # New Year (Friday), weekend -> Monday
        (D(2026, 4, 14), 30, D(2026, 5, 15)),  # Ascension (Thursday 14 May) -> Friday
        (D(2026, 7, 13), 8, D(2026, 7, 22)),  # 8 days: 21 July -> 22
        (D(2026, 12, 31), 5, D(2027, 1, 5)),  # across the year
    ],
)
def test_a_deadline_in_days(act: dt.date, days: int, last_day: dt.date) -> None:
    assert last_day_in_days(act, days) == last_day


@pytest.mark.parametrize(
    ("day", "months", "same_or_last"),
    [
        (D(2026, 1, 15), 3, D(2026, 4, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # a leap year
        (D(2026, 1, 28), 1, D(2026, 2, 28)),
        (D(2026, 1, 27), 1, D(2026, 2, 27)),
        (D(2026, 5, 31), 1, D(2026, 6, 30)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 11, 15), 3, D(2027, 2, 15)),  # across the year
        (D(2026, 12, 31), 12, D(2027, 12, 31)),
    ],
)
def test_months_run_to_the_same_day_number_or_the_month_end(
    day: dt.date, months: int, same_or_last: dt.date
) -> None:
    assert add_months(day, months) == same_or_last


@pytest.mark.parametrize(
    ("act", "last_day"),
    [
        # "Van de zoveelste tot de dag voor de zoveelste": from 16 January to 15 April.
        (D(2026, 1, 15), D(2026, 4, 15)),
        (D(2026, 1, 14), D(2026, 4, 14)),
        (D(2026, 1, 16), D(2026, 4, 16)),
        (D(2026, 4, 21), D(2026, 7, 22)),  # 21 July -> 22
        (D(2026, 8, 11), D(2026, 11, 12)),  # 11 November -> 12
        (D(2026, 12, 29), D(2027, 3, 30)),  # Easter Monday 2027 -> Tuesday
        (D(2025, 11, 30), D(2026, 3, 2)),  # 28 February 2026 is a Saturday -> Monday 2 March
        (D(2026, 11, 30), D(2027, 3, 1)),  # 28 February 2027 is a Sunday -> Monday 1 March
        (D(2026, 5, 31), D(2026, 8, 31)),  # 31 August: a Monday
        (D(2026, 9, 25), D(2026, 12, 28)),  # Christmas Friday -> Monday 28
    ],
)
def test_a_deadline_of_three_months(act: dt.date, last_day: dt.date) -> None:
    assert last_day_in_months(act, 3) == last_day


def test_a_month_end_deadline_that_falls_on_a_weekend_moves_on() -> None:
    assert D(2026, 2, 28).weekday() == SAT
    assert last_day_in_months(D(2026, 1, 31), 1) == D(2026, 3, 2)


# --- the status on a given day, both sides of each boundary -------------------------------------

DUE = D(2026, 7, 22)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (DUE - dt.timedelta(days=8), ClockStatus.OPEN),
        (DUE - dt.timedelta(days=7), ClockStatus.DUE_SOON),
        (DUE, ClockStatus.DUE_SOON),
        (DUE + dt.timedelta(days=1), ClockStatus.PAST),
    ],
)
def test_a_clock_is_open_then_due_soon_then_past(today: dt.date, status: ClockStatus) -> None:
    assert clock_at(DUE, today=today, soon_days=7).status == status


def test_a_clock_counts_the_days_left() -> None:
    assert clock_at(DUE, today=DUE - dt.timedelta(days=3), soon_days=7).days_left == 3
    assert clock_at(DUE, today=DUE + dt.timedelta(days=2), soon_days=7).days_left == -2


@pytest.mark.parametrize(
    ("done_on", "status"),
    [
        (DUE - dt.timedelta(days=1), ClockStatus.MET),
        (DUE, ClockStatus.MET),
        (DUE + dt.timedelta(days=1), ClockStatus.LATE),
    ],
)
def test_a_clock_done_on_or_after_its_last_day(done_on: dt.date, status: ClockStatus) -> None:
    # Read long after: a done clock is never "past".
    clock = clock_at(DUE, today=D(2027, 1, 1), soon_days=7, done_on=done_on)
    assert clock == Clock(status, due=DUE, done_on=done_on)


# --- the four clocks ---------------------------------------------------------------------------


def test_unknown_is_not_zero() -> None:
    """A clock whose start is not recorded has no due date, whatever the day."""
    today = D(2026, 6, 1)
    assert forwarding_clock(received_on=None, forwarded_on=None, today=today) == Clock(
        ClockStatus.UNKNOWN
    )
    assert decision_clock(received_on=None, decided_on=None, today=today) == Clock(
        ClockStatus.UNKNOWN
    )
    assert notification_clock(
        decided=True, decided_on=None, notified_on=None, today=today
    ) == Clock(ClockStatus.UNKNOWN)
    assert appeal_clock(
        received_on=D(2026, 1, 1), decided=True, notified=True, notified_on=None, today=today
    ) == Clock(ClockStatus.UNKNOWN)
    assert appeal_clock(
        received_on=None, decided=False, notified=False, notified_on=None, today=today
    ) == Clock(ClockStatus.UNKNOWN)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 3, 6), ClockStatus.OPEN),  # 5 March received: 10 March is the last day
        (D(2026, 3, 8), ClockStatus.DUE_SOON),
        (D(2026, 3, 10), ClockStatus.DUE_SOON),
        (D(2026, 3, 11), ClockStatus.PAST),
    ],
)
def test_the_forwarding_clock(today: dt.date, status: ClockStatus) -> None:
    clock = forwarding_clock(received_on=D(2026, 3, 5), forwarded_on=None, today=today)
    assert (clock.due, clock.status) == (D(2026, 3, 10), status)


@pytest.mark.parametrize(
    ("forwarded_on", "status"),
    [(D(2026, 3, 9), ClockStatus.MET), (D(2026, 3, 10), ClockStatus.LATE)],
)
def test_a_forwarding_on_the_last_day_is_in_time(
    forwarded_on: dt.date, status: ClockStatus
) -> None:
    # Received Wednesday 4 March: 5 days end Monday 9 March.
    clock = forwarding_clock(
        received_on=D(2026, 3, 4), forwarded_on=forwarded_on, today=D(2026, 4, 1)
    )
    assert clock.status == status


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 7, 14), ClockStatus.OPEN),
        (D(2026, 7, 15), ClockStatus.DUE_SOON),
        (D(2026, 7, 22), ClockStatus.DUE_SOON),  # 21 July moved the last day to 22
        (D(2026, 7, 23), ClockStatus.PAST),
    ],
)
def test_the_decision_clock_past_national_day(today: dt.date, status: ClockStatus) -> None:
    clock = decision_clock(received_on=D(2026, 6, 21), decided_on=None, today=today)
    assert (clock.due, clock.status) == (D(2026, 7, 22), status)


@pytest.mark.parametrize(
    ("decided_on", "status"),
    [(D(2026, 7, 22), ClockStatus.MET), (D(2026, 7, 23), ClockStatus.LATE)],
)
def test_a_decision_on_the_moved_last_day_is_in_time(
    decided_on: dt.date, status: ClockStatus
) -> None:
    clock = decision_clock(received_on=D(2026, 6, 21), decided_on=decided_on, today=D(2026, 9, 1))
    assert clock.status == status


def test_the_notification_clock_waits_for_the_decision() -> None:
    assert notification_clock(
        decided=False, decided_on=None, notified_on=None, today=D(2026, 7, 1)
    ) == Clock(ClockStatus.WAITING)


@pytest.mark.parametrize(
    ("notified_on", "today", "status"),
    [
        (None, D(2026, 11, 12), ClockStatus.DUE_SOON),  # 11 November moved the last day
        (None, D(2026, 11, 13), ClockStatus.PAST),
        (D(2026, 11, 12), D(2026, 12, 1), ClockStatus.MET),
        (D(2026, 11, 13), D(2026, 12, 1), ClockStatus.LATE),
    ],
)
def test_the_notification_clock_past_armistice_day(
    notified_on: dt.date | None, today: dt.date, status: ClockStatus
) -> None:
    # Decided Tuesday 3 November: 8 days end on 11 November, a holiday -> Thursday 12.
    clock = notification_clock(
        decided=True, decided_on=D(2026, 11, 3), notified_on=notified_on, today=today
    )
    assert (clock.due, clock.status) == (D(2026, 11, 12), status)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 4, 15), ClockStatus.OPEN),  # notified 29 December: Easter Monday 29 March
        (D(2027, 3, 16), ClockStatus.DUE_SOON),
        (D(2027, 3, 30), ClockStatus.DUE_SOON),
        (D(2027, 3, 31), ClockStatus.PAST),
    ],
)
def test_the_appeal_clock_runs_three_months_from_the_notification(
    today: dt.date, status: ClockStatus
) -> None:
    clock = appeal_clock(
        received_on=D(2026, 11, 1),
        decided=True,
        notified=True,
        notified_on=D(2026, 12, 29),
        today=today,
    )
    assert (clock.due, clock.status) == (D(2027, 3, 30), status)


def test_the_appeal_clock_waits_for_a_decision_to_be_notified() -> None:
    clock = appeal_clock(
        received_on=D(2026, 1, 5),
        decided=True,
        notified=False,
        notified_on=None,
        today=D(2026, 6, 1),
    )
    assert clock == Clock(ClockStatus.WAITING)


@pytest.mark.parametrize(
    ("today", "status", "due"),
    [
        # Received 1 June 2026: the 30 days end Wednesday 1 July; the silence can be appealed
        # from 2 July to 1 October (a Thursday).
        (D(2026, 7, 1), ClockStatus.WAITING, None),
        (D(2026, 7, 2), ClockStatus.OPEN, D(2026, 10, 1)),
        (D(2026, 9, 16), ClockStatus.OPEN, D(2026, 10, 1)),
        (D(2026, 9, 17), ClockStatus.DUE_SOON, D(2026, 10, 1)),
        (D(2026, 10, 1), ClockStatus.DUE_SOON, D(2026, 10, 1)),
        (D(2026, 10, 2), ClockStatus.PAST, D(2026, 10, 1)),
    ],
)
def test_without_a_decision_the_appeal_runs_from_day_thirty(
    today: dt.date, status: ClockStatus, due: dt.date | None
) -> None:
    clock = appeal_clock(
        received_on=D(2026, 6, 1), decided=False, notified=False, notified_on=None, today=today
    )
    assert (clock.status, clock.due) == (status, due)


def test_the_appeal_without_decision_counts_from_the_moved_thirtieth_day() -> None:
    # Received 21 June: day 30 is 21 July, moved to 22 July; three months: 22 October.
    clock = appeal_clock(
        received_on=D(2026, 6, 21),
        decided=False,
        notified=False,
        notified_on=None,
        today=D(2026, 8, 1),
    )
    assert clock.due == D(2026, 10, 22)
    assert D(2026, 10, 22).weekday() not in (SAT, SUN)
