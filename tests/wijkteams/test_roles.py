"""Roles come from memberships in force today, in active teams."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tests.factories import MembershipFactory, UserFactory, WijkteamFactory
from wijkteams.accounts.services import membership_end
from wijkteams.models import AccountLog, Membership
from wijkteams.selectors import Roles, roles_for, team_members
from wijkteams.services import membership_validate

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today() -> object:
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_social_worker_role_from_open_membership() -> None:
    membership = MembershipFactory.create(starts_on=dt.date(2025, 1, 1))
    roles = roles_for(membership.user)
    assert roles.worker_team_ids == {membership.team_id}
    assert roles.is_social_worker
    assert not roles.is_team_lead
    assert not roles.is_administrator


def test_ended_membership_gives_no_role() -> None:
    membership = MembershipFactory.create(
        starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2026, 11, 22)
    )
    assert roles_for(membership.user).has_any is False


def test_membership_counts_through_its_last_day() -> None:
    membership = MembershipFactory.create(starts_on=dt.date(2024, 1, 1), ends_on=TODAY)
    assert roles_for(membership.user).is_social_worker


def test_future_membership_gives_no_role_yet() -> None:
    membership = MembershipFactory.create(starts_on=TODAY + dt.timedelta(days=1))
    assert roles_for(membership.user).has_any is False
    assert roles_for(membership.user, on=TODAY + dt.timedelta(days=1)).is_social_worker


def test_membership_of_inactive_team_gives_no_role() -> None:
    membership = MembershipFactory.create(team=WijkteamFactory.create(is_active=False))
    assert roles_for(membership.user).has_any is False


def test_lead_of_one_team_and_worker_in_another() -> None:
    user = UserFactory.create()
    lead_of = MembershipFactory.create(user=user, role=Membership.Role.TEAM_LEAD).team
    works_in = MembershipFactory.create(user=user).team
    roles = roles_for(user)
    assert roles.lead_team_ids == {lead_of.pk}
    assert roles.worker_team_ids == {works_in.pk}


def test_roles_name_the_users_teams_by_name_without_a_query(django_assert_num_queries) -> None:
    user = UserFactory.create()
    for name in ["Zwevegem", "Bissegem"]:
        MembershipFactory.create(user=user, team=WijkteamFactory.create(name=name))
    led = WijkteamFactory.create(name="Centrum")
    MembershipFactory.create(user=user, team=led, role=Membership.Role.TEAM_LEAD)
    MembershipFactory.create(user=user, team=led)  # a worker in the team they lead, too
    MembershipFactory.create(
        user=user, team=WijkteamFactory.create(name="Aalbeke", is_active=False)
    )
    ended = WijkteamFactory.create(name="Heule")
    MembershipFactory.create(
        user=user, team=ended, starts_on=dt.date(2024, 1, 1), ends_on=TODAY - dt.timedelta(days=1)
    )
    roles = roles_for(user)
    with django_assert_num_queries(0):
        assert roles.team_names(roles.worker_team_ids) == ["Bissegem", "Centrum", "Zwevegem"]
        assert roles.team_names(roles.lead_team_ids) == ["Centrum"]
        assert roles.team_names(frozenset({ended.pk})) == []
    # The names are not part of what the roles are.
    assert roles == Roles(
        is_administrator=False,
        worker_team_ids=roles.worker_team_ids,
        lead_team_ids=roles.lead_team_ids,
    )


def test_deactivated_user_has_no_roles() -> None:
    membership = MembershipFactory.create()
    membership.user.is_active = False
    assert roles_for(membership.user).has_any is False


def test_staff_user_is_administrator_without_team() -> None:
    roles = roles_for(UserFactory.create(is_staff=True))
    assert roles.is_administrator
    assert not roles.is_social_worker
    assert not roles.is_team_lead


def test_roles_is_one_query(django_assert_num_queries) -> None:
    membership = MembershipFactory.create()
    with django_assert_num_queries(1):  # the user's memberships in force
        roles_for(membership.user)


def test_team_members_leaves_out_ended_memberships() -> None:
    team = WijkteamFactory.create()
    current = MembershipFactory.create(team=team)
    MembershipFactory.create(team=team, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2025, 1, 1))
    assert list(team_members(team_ids=frozenset({team.pk}))) == [current]


def test_ending_a_membership_takes_the_role_away_the_next_day() -> None:
    membership = MembershipFactory.create(starts_on=dt.date(2024, 1, 1))
    admin = UserFactory.create(is_staff=True)
    membership_end(actor=admin, membership=membership, ends_on=TODAY)
    assert roles_for(membership.user).is_social_worker
    assert roles_for(membership.user, on=TODAY + dt.timedelta(days=1)).has_any is False
    # A role change: in the account log the officer reads (issue 17 point 4).
    row = AccountLog.objects.get(subject=membership.user)
    assert (row.actor, row.action, row.params["changed"]) == (admin, "role_changed", ["ends_on"])


def test_overlapping_periods_for_the_same_role_are_refused() -> None:
    first = MembershipFactory.create(starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 12, 31))
    overlapping = Membership(
        user=first.user, team=first.team, role=first.role, starts_on=dt.date(2024, 12, 1)
    )
    with pytest.raises(ValidationError, match="al deze rol"):
        membership_validate(overlapping)
    later = Membership(user=first.user, team=first.team, role=first.role, starts_on=TODAY)
    membership_validate(later)


def test_end_before_start_is_refused() -> None:
    membership = MembershipFactory.create(starts_on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        membership_end(
            actor=UserFactory.create(is_staff=True),
            membership=membership,
            ends_on=dt.date(2024, 12, 31),
        )
    assert "ends_on" in error.value.message_dict
    membership.refresh_from_db()
    assert membership.ends_on is None


def test_administrator_membership_gives_no_team_role() -> None:
    membership = MembershipFactory.create(user=UserFactory.create(is_staff=True))
    roles = roles_for(membership.user)
    assert roles.is_administrator
    assert not roles.worker_team_ids
    assert not roles.lead_team_ids


def test_administrator_cannot_be_made_a_team_member() -> None:
    admin = UserFactory.create(is_staff=True)
    with pytest.raises(ValidationError, match="beheerder kan geen lid"):
        membership_validate(
            Membership(user=admin, team=WijkteamFactory.create(), role=Membership.Role.TEAM_LEAD)
        )
