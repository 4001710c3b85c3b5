"""The committee member (issue 19 point 5): a role of its own beside any team role, set by an
administrator in the user admin and logged in the account log when granted or revoked; it
gives no client file."""

import pytest
from django.test import Client
from django.urls import reverse

from clients.selectors import clients_visible_to
from tests.conftest import login
from tests.factories import UserFactory, client_of, committee_member, team_lead
from tests.wijkteams.test_accounts import _user_form
from wijkteams.models import AccountLog, User, Wijkteam
from wijkteams.selectors import roles_for


@pytest.mark.django_db
def test_the_flag_makes_a_committee_member_and_nothing_else() -> None:
    roles = roles_for(committee_member())
    assert roles.is_committee_member
    assert roles.has_any
    assert not (roles.is_social_worker)
    assert not (roles.is_team_lead)
    assert not (roles.is_administrator)
    assert not roles_for(UserFactory.create()).is_committee_member


def test_a_team_lead_in_the_committee_keeps_both(team: Wijkteam, worker: User) -> None:
    both = team_lead(team, is_committee_member=True)
    roles = roles_for(both)
    assert roles.is_committee_member
    assert roles.lead_team_ids == {team.pk}
    client = client_of(worker)
    assert list(clients_visible_to(both)) == [client]


def test_a_committee_member_sees_no_client(worker: User) -> None:
    client_of(worker)
    assert not clients_visible_to(committee_member()).exists()


@pytest.mark.django_db
def test_an_administrator_flagged_is_only_an_administrator() -> None:
    roles = roles_for(UserFactory.create(is_staff=True, is_committee_member=True))
    assert roles.is_administrator
    assert not roles.is_committee_member


def test_the_admin_grants_and_revokes_it_and_the_log_says_so(
    client: Client, admin_user: User, worker: User
) -> None:
    login(client, admin_user)
    url = reverse("admin:wijkteams_user_change", args=[worker.pk])
    page = client.get(url).content.decode()
    assert 'name="is_committee_member"' in page
    assert client.post(url, _user_form(worker, is_committee_member="on")).status_code == 302
    worker.refresh_from_db()
    assert worker.is_committee_member
    data = _user_form(worker)
    del data["is_committee_member"]
    assert client.post(url, data).status_code == 302
    worker.refresh_from_db()
    assert not worker.is_committee_member
    assert list(
        AccountLog.objects.filter(subject=worker).order_by("pk").values_list("action", "actor")
    ) == [
        (AccountLog.Action.COMMITTEE_GRANTED, admin_user.pk),
        (AccountLog.Action.COMMITTEE_REVOKED, admin_user.pk),
    ]
    listing = client.get(reverse("admin:wijkteams_user_changelist")).content.decode()
    assert "column-is_committee_member" in listing


def test_an_administrator_is_not_made_a_committee_member(
    client: Client, admin_user: User, worker: User
) -> None:
    login(client, admin_user)
    url = reverse("admin:wijkteams_user_change", args=[worker.pk])
    response = client.post(url, _user_form(worker, is_staff="on", is_committee_member="on"))
    assert response.status_code == 200
    assert "kan niet ook lid van het comité zijn" in response.content.decode()
    worker.refresh_from_db()
    assert not (worker.is_staff)
    assert not (worker.is_committee_member)
