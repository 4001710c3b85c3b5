"""`in_force_on(day)`: the one query for the row of a versioned thing that holds on a day, the
same for reference budget versions, aid policies, right thresholds and team memberships."""

import datetime as dt

import pytest

from budgets.models import AidPolicy, BudgetVersion
from rights.models import RightParameters
from tests.factories import (
    MembershipFactory,
    aid_policy,
    budget_version,
    right_of,
    right_parameters,
)
from wijkteams.models import Membership

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def versions() -> tuple[BudgetVersion, BudgetVersion]:
    closed = budget_version(valid_from=D(2024, 1, 1), valid_to=D(2024, 12, 31), name="2024")
    open_ended = budget_version(valid_from=D(2025, 1, 1), name="2025")
    budget_version(valid_from=D(2026, 1, 1), published=False, name="draft 2026")
    return closed, open_ended


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2023, 12, 31), []),  # before the first start
        (D(2024, 1, 1), ["2024"]),  # the start is included
        (D(2024, 12, 31), ["2024"]),  # the end is included
        (D(2025, 1, 1), ["2025"]),  # the day after the end: the successor
        (D(2030, 6, 1), ["2025"]),  # an open end holds on; a draft is never in force
    ],
)
def test_budget_versions_in_force_on_their_bounds(
    versions: tuple[BudgetVersion, BudgetVersion], day: dt.date, expected: list[str]
) -> None:
    assert [v.name for v in BudgetVersion.objects.in_force_on(day)] == expected


def test_an_aid_policy_is_in_force_from_its_start_and_a_draft_never() -> None:
    aid_policy(name="2025", valid_from=D(2025, 1, 1))
    aid_policy(name="draft", valid_from=D(2024, 1, 1), published=False)
    assert not AidPolicy.objects.in_force_on(D(2024, 12, 31)).exists()
    assert [p.name for p in AidPolicy.objects.in_force_on(D(2025, 1, 1))] == ["2025"]


def test_right_thresholds_hold_until_the_rights_next_version_starts() -> None:
    right, other = right_of("in_force_test_a"), right_of("in_force_test_b")
    first = right_parameters(right, valid_from=D(2024, 1, 1))
    second = right_parameters(right, valid_from=D(2025, 1, 1))
    others = right_parameters(other, valid_from=D(2024, 6, 1))
    mine = RightParameters.objects.filter(right__in=[right, other])
    assert list(mine.in_force_on(D(2023, 12, 31))) == []
    assert set(mine.in_force_on(D(2024, 12, 31))) == {first, others}
    # The next version of one right does not end the version of another right.
    assert set(mine.in_force_on(D(2025, 1, 1))) == {second, others}


def test_a_membership_holds_from_its_first_to_its_last_day() -> None:
    membership = MembershipFactory.create(starts_on=D(2024, 3, 1), ends_on=D(2024, 3, 31))
    held = Membership.objects.filter(pk=membership.pk)
    assert not held.in_force_on(D(2024, 2, 29)).exists()
    assert held.in_force_on(D(2024, 3, 1)).exists()
    assert held.in_force_on(D(2024, 3, 31)).exists()
    assert not held.in_force_on(D(2024, 4, 1)).exists()
