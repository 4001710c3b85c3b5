"""Administrators manage the organisation in the Django admin, in Dutch."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.conftest import login
from tests.factories import AreaFactory, MembershipFactory, WijkteamFactory
from wijkteams.models import Area, Membership, User, Wijkteam

pytestmark = pytest.mark.django_db

MODELS = ["wijkteam", "location", "area", "membership", "user"]


@pytest.mark.parametrize("model", MODELS)
def test_administrator_without_django_permissions_manages_the_organisation(
    client: Client, admin_user: User, team: Wijkteam, model: str
) -> None:
    assert not admin_user.is_superuser
    login(client, admin_user)
    assert client.get(reverse(f"admin:wijkteams_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:wijkteams_{model}_add")).status_code == 200


@pytest.mark.parametrize("who", ["worker", "lead"])
def test_staff_without_administrator_role_cannot_open_the_admin(
    client: Client, request: pytest.FixtureRequest, who: str
) -> None:
    login(client, request.getfixturevalue(who))
    response = client.get(reverse("admin:wijkteams_wijkteam_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_speaks_dutch(client: Client, admin_user: User) -> None:
    page = login(client, admin_user).get(reverse("admin:index")).content.decode()
    assert "Organisatie" in page
    assert "Gebieden" in page
    assert "Lidmaatschappen" in page


def test_admin_refuses_a_second_team_for_a_street_in_dutch(
    client: Client, admin_user: User, team: Wijkteam
) -> None:
    AreaFactory.create(team=team, postcode="8500", street="Lange Munte")
    other = WijkteamFactory.create(name="Noord")
    response = login(client, admin_user).post(
        reverse("admin:wijkteams_area_add"),
        {"team": other.pk, "postcode": "8500", "street": "lange munte", "municipality": ""},
    )
    assert response.status_code == 200
    assert "Deze straat heeft al een team." in response.content.decode()
    assert Area.objects.count() == 1


def test_admin_adds_an_area_with_its_matching_key(
    client: Client, admin_user: User, team: Wijkteam
) -> None:
    response = login(client, admin_user).post(
        reverse("admin:wijkteams_area_add"),
        {"team": team.pk, "postcode": "8500", "street": "Sint-Jansplein", "municipality": ""},
    )
    assert response.status_code == 302
    assert Area.objects.get().street_key == "sint jansplein"


def test_admin_refuses_overlapping_membership(
    client: Client, admin_user: User, worker: User, team: Wijkteam
) -> None:
    response = login(client, admin_user).post(
        reverse("admin:wijkteams_membership_add"),
        {
            "user": worker.pk,
            "team": team.pk,
            "role": Membership.Role.SOCIAL_WORKER,
            "starts_on": "01/06/2025",
            "ends_on": "",
        },
    )
    assert response.status_code == 200
    assert "heeft al deze rol in dit team" in response.content.decode()
    assert worker.memberships.count() == 1


def test_admin_ends_a_membership_with_a_belgian_date(
    client: Client, admin_user: User, team: Wijkteam
) -> None:
    membership = MembershipFactory.create(team=team, starts_on=dt.date(2024, 1, 1))
    response = login(client, admin_user).post(
        reverse("admin:wijkteams_membership_change", args=[membership.pk]),
        {
            "user": membership.user_id,
            "team": team.pk,
            "role": membership.role,
            "starts_on": "01/01/2024",
            "ends_on": "31/12/2025",
        },
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == dt.date(2025, 12, 31)


def test_administrators_cannot_make_superusers_or_add_someone_elses_devices(
    client: Client, admin_user: User, worker: User
) -> None:
    login(client, admin_user)
    change = client.get(reverse("admin:wijkteams_user_change", args=[worker.pk]))
    assert change.status_code == 200
    assert 'name="is_superuser"' not in change.content.decode()
    # django-otp's own device screens are not registered: no app or backup codes for others.
    for name in ("admin:otp_totp_totpdevice_add", "admin:otp_static_staticdevice_add"):
        with pytest.raises(NoReverseMatch):
            reverse(name)
