"""The span of dates a person may type, and date arithmetic that stays inside Python's calendar.

Python's dates end on 31 December 9999: a date typed far in the future (a start in year 9999)
is accepted by the database, and then every page that adds a month or a day to it answers 500.
So every date a person types is kept within EARLIEST..LATEST where it is stored: the model
fields (core.fields.DateField), the forms (core.forms.DateField) and the services that take a
date from their caller (date_range_errors). Both bounds lie far enough from the calendar's ends
that whatever the app computes from such a date (a period of months, a retention of years, the
day before or after) stays a valid date; `add_days` guards the places that add to a date read
from a filter or from rows stored before the bound existed.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2099, 12, 31)


def date_text(day: dt.date) -> str:
    """A date as the messages and letters write it: 16/03/2026."""
    return f"{day:%d/%m/%Y}"


def validate_date_in_range(value: dt.date) -> None:
    """Refuse a date before EARLIEST or after LATEST, with a message that says the span."""
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_range",
            params={"earliest": date_text(EARLIEST), "latest": date_text(LATEST)},
        )


def date_range_errors(**dates: dt.date | None) -> dict[str, str]:
    """The dates (by field name) outside EARLIEST..LATEST, each with its message; empty dates
    are not judged. For services, which take dates from callers other than the forms."""
    errors: dict[str, str] = {}
    for name, day in dates.items():
        if day is None:
            continue
        try:
            validate_date_in_range(day)
        except ValidationError as error:
            errors[name] = error.messages[0]
    return errors


def add_days(day: dt.date, days: int) -> dt.date:
    """`day` plus `days` (negative: minus), held at the ends of Python's calendar instead of
    raising OverflowError."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min
