"""The rules every form and service of a client file reads from one place: a date of what
already happened is not in the future, and only a leefloon has a leefloon category."""

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from clients.models import future_date_errors, leefloon_category_errors

TODAY = dt.date(2026, 3, 16)


@pytest.fixture(autouse=True)
def _today(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC))


def test_today_and_earlier_are_not_in_the_future() -> None:
    assert future_date_errors(a=TODAY, b=TODAY - dt.timedelta(days=400), empty=None) == {}


def test_tomorrow_is_refused_by_its_field_in_dutch() -> None:
    with translation.override("nl"):
        errors = future_date_errors(kept=TODAY, since=TODAY + dt.timedelta(days=1))
    assert errors == {"since": "Deze datum kan niet in de toekomst liggen."}


@pytest.mark.parametrize(
    ("kind", "category", "message"),
    [
        ("leefloon", "family", None),
        ("wage", "", None),
        ("leefloon", "", "Kies de categorie van het leefloon."),
        ("wage", "single", "Alleen een leefloon heeft een categorie: laat dit leeg."),
    ],
)
def test_the_leefloon_category_belongs_to_a_leefloon_only(
    kind: str, category: str, message: str | None
) -> None:
    with translation.override("nl"):
        errors = leefloon_category_errors(kind=kind, category=category)
    assert errors == ({"leefloon_category": message} if message else {})


def test_no_kind_yet_is_not_judged() -> None:
    # The form says the kind is missing; the category is not judged without it.
    assert leefloon_category_errors(kind=None, category="single") == {}
