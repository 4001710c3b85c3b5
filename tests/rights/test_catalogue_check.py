"""The rights catalogue marks the thresholds an administrator should check: those of an active
right in force for more than a year with no newer version planned (indexed amounts change at
least once a year; docs/rights.md lists the ones no source gave a newer value for)."""

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation

from rights.models import Right
from rights.selectors import rights_catalogue, thresholds_checked_since
from tests.conftest import TODAY, login
from tests.factories import right_of, right_parameters
from wijkteams.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

YEAR_AGO = dt.date(TODAY.year - 1, TODAY.month, TODAY.day)


def _check_due(right: Right) -> bool:
    return bool(rights_catalogue(on=TODAY).get(pk=right.pk).check_due)


@pytest.mark.parametrize(
    ("starts", "due"),
    [
        (YEAR_AGO - dt.timedelta(days=1), True),  # in force a year and a day
        (YEAR_AGO, False),  # exactly a year: not yet
        (TODAY - dt.timedelta(days=30), False),
    ],
)
def test_thresholds_in_force_for_more_than_a_year_are_due_for_a_check(
    starts: dt.date, due: bool
) -> None:
    right = right_of("te_controleren")
    right_parameters(right, valid_from=starts, values={"limit": "1000.00"})
    assert _check_due(right) is due


def test_a_newer_version_planned_means_the_check_was_done() -> None:
    right = right_of("te_controleren")
    right_parameters(right, valid_from=YEAR_AGO - dt.timedelta(days=400))
    right_parameters(right, valid_from=TODAY + dt.timedelta(days=10))
    assert _check_due(right) is False


def test_an_inactive_right_is_not_due() -> None:
    right = right_of("te_controleren", is_active=False)
    right_parameters(right, valid_from=YEAR_AGO - dt.timedelta(days=400))
    assert _check_due(right) is False


def test_a_right_without_thresholds_in_force_is_not_due() -> None:
    right = right_of("te_controleren")
    right_parameters(right, valid_from=TODAY + dt.timedelta(days=10))
    assert _check_due(right) is False


def test_a_year_before_the_29th_of_february_is_the_28th() -> None:
    assert thresholds_checked_since(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def _page(client: HttpClient, user: User) -> str:
    with translation.override("nl"):
        html = login(client, user).get(reverse("rights:catalogue")).content.decode()
    return re.sub(r"\s+", " ", html)


def test_the_catalogue_says_how_many_rights_to_check_and_marks_them(
    client: HttpClient, admin_user: User
) -> None:
    # Only the rights made here: the shipped catalogue's versions are made current.
    for shipped in Right.objects.all():
        right_parameters(shipped, valid_from=TODAY)
    old = right_of("oud_recht", name_nl="Oud recht")
    right_parameters(old, valid_from=YEAR_AGO - dt.timedelta(days=1))
    recent = right_of("recent_recht", name_nl="Recent recht")
    right_parameters(recent, valid_from=YEAR_AGO)

    page = _page(client, admin_user)

    assert "1 actief recht heeft drempels die al meer dan een jaar gelden." in page
    rows: dict[str, Any] = {
        name: re.search(rf"{name}<br>.*?</tr>", page) for name in ("Oud recht", "Recent recht")
    }
    assert "Ouder dan een jaar: na te kijken" in rows["Oud recht"].group(0)
    assert "Ouder dan een jaar: na te kijken" not in rows["Recent recht"].group(0)


def test_nothing_to_check_says_nothing(client: HttpClient, admin_user: User) -> None:
    for shipped in Right.objects.all():
        right_parameters(shipped, valid_from=TODAY)
    page = _page(client, admin_user)
    assert "meer dan een jaar gelden" not in page
    assert "na te kijken" not in page
