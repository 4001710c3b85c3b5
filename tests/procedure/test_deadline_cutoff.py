"""deadlines.latest_act_due_by: the date of receipt (or of decision) up to which every request
is due by a given day, which lets the lists of requests near a deadline select them exactly in
SQL (procedure.selectors.requests_decision_due, requests_notification_due)."""

import datetime as dt

import pytest

from procedure.deadlines import last_day_in_days, latest_act_due_by


@pytest.mark.parametrize("days", [5, 8, 30])
def test_every_act_on_or_before_it_is_due_by_the_horizon_and_none_after(days: int) -> None:
    """Every horizon of 2025 and 2026, weekends, Easter Monday, 21 July and Christmas included."""
    horizon = dt.date(2025, 1, 1)
    while horizon < dt.date(2027, 1, 1):
        act = latest_act_due_by(horizon, days)
        assert last_day_in_days(act, days) <= horizon, horizon
        assert last_day_in_days(act + dt.timedelta(days=1), days) > horizon, horizon
        horizon += dt.timedelta(days=1)


def test_a_horizon_on_a_saturday_takes_the_friday_before() -> None:
    """Saturday 28 March 2026: a request received 26 February ends its 30 days that Saturday,
    moved to Monday 30 March, after the horizon; one of 25 February ends Friday 27 March."""
    assert latest_act_due_by(dt.date(2026, 3, 28), 30) == dt.date(2026, 2, 25)


def test_a_horizon_on_easter_monday_takes_the_friday_before() -> None:
    """Easter Monday 6 April 2026 is a public holiday: the last working day before is Friday 3
    April, the 30th day of a request received 4 March."""
    assert latest_act_due_by(dt.date(2026, 4, 6), 30) == dt.date(2026, 3, 4)
