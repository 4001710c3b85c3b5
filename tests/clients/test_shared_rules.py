"""The rules every form and service of a client file reads from one place: a date of what
already happened is not in the future, and only a leefloon has a leefloon category."""

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from clients.forms import HouseholdMemberForm, MemberFormSet
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


# --- one form for a household member -----------------------------------------------------------

MEMBER = {
    "first_name": "Noor",
    "last_name": "Peeters",
    "birth_date": "2015-04-02",
    "sex": "F",
    "relation": "child",
    "school_level": "primary",
}


def test_intake_and_the_household_page_use_the_one_member_form() -> None:
    assert MemberFormSet.form is HouseholdMemberForm


@pytest.mark.django_db
def test_an_intake_row_without_period_is_a_member_from_before_the_file() -> None:
    form = HouseholdMemberForm(MEMBER)
    assert form.is_valid(), form.errors
    assert (form.cleaned_fields()["joined_on"], form.cleaned_fields()["left_on"]) == (None, None)


@pytest.mark.django_db
def test_the_member_form_refuses_leaving_before_joining_by_the_field() -> None:
    form = HouseholdMemberForm({**MEMBER, "joined_on": "2024-05-01", "left_on": "2024-04-01"})
    assert not form.is_valid()
    assert list(form.errors) == ["left_on"]


def test_a_draft_member_row_is_not_judged() -> None:
    form = HouseholdMemberForm({**MEMBER, "birth_date": "2027-01-01"}, draft=True)
    assert form.is_valid()
