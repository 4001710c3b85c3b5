"""`manage.py seed_demo`: a Kortrijk-like city, safe to run twice."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clients.models import Client
from demo.city import DEMO_PASSWORD
from wijkteams.models import Area, Location, Membership, User, Wijkteam
from wijkteams.selectors import roles_for
from wijkteams.services import team_for_address

pytestmark = pytest.mark.django_db

TEAMS = {"Bissegem", "Centrum", "Heule", "Marke", "Noord", "Zuid", "Zuidelijke Rand"}


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Wijkteam, Location, Area, User, Membership))


def test_seed_builds_seven_teams_on_twelve_locations() -> None:
    _seed()
    assert set(Wijkteam.objects.values_list("name", flat=True)) == TEAMS
    assert Location.objects.count() == 12
    assert set(Location.objects.values_list("team__name", flat=True)) == TEAMS


def test_seeding_twice_adds_nothing_twice() -> None:
    _seed()
    first = _counts()
    output = _seed()
    assert _counts() == first
    assert "0 teams, 0 locations, 0 areas, 0 users and 0 memberships added" in output


def test_demo_users_have_their_roles() -> None:
    output = _seed()
    users = {u.username: u for u in User.objects.all()}
    centrum = Wijkteam.objects.get(name="Centrum")
    heule = Wijkteam.objects.get(name="Heule")
    for name in ("ma.centrum", "ma.centrum2"):
        assert roles_for(users[name]).worker_team_ids == {centrum.pk}
    assert roles_for(users["ma.heule"]).worker_team_ids == {heule.pk}
    lead = roles_for(users["lead.centrum"])
    assert lead.lead_team_ids == {centrum.pk}
    assert not lead.is_social_worker
    admin = roles_for(users["beheerder"])
    assert admin.is_administrator
    assert not admin.worker_team_ids
    assert not admin.lead_team_ids
    for name in ("ma.centrum", "ma.centrum2", "ma.heule", "lead.centrum", "beheerder"):
        assert users[name].check_password(DEMO_PASSWORD)
        assert name in output
    assert DEMO_PASSWORD in output


def test_ma_centrum_ended_membership_in_noord_gives_no_access_there() -> None:
    _seed()
    user = User.objects.get(username="ma.centrum")
    noord = Wijkteam.objects.get(name="Noord")
    assert user.memberships.filter(team=noord, ends_on__isnull=False).exists()
    assert noord.pk not in roles_for(user).worker_team_ids


@pytest.mark.parametrize(
    ("postcode", "street", "number", "team"),
    [
        ("8500", "Budastraat", "27", "Centrum"),
        ("8500", "Lange Munte", "118", "Noord"),
        ("8500", "Doorniksesteenweg", "45", "Centrum"),
        ("8500", "Doorniksesteenweg", "145", "Zuid"),
        ("8501", "Bissegemplaats", "9", "Bissegem"),
        ("8501", "Peperstraat", "44", "Heule"),
        ("8510", "Rekkemstraat", "1", "Marke"),
        ("8510", "Kerkomtrek", "5", "Zuidelijke Rand"),
        ("8511", "Aalbekeplaats", "1", "Zuidelijke Rand"),
    ],
)
def test_demo_areas_route_streets_to_their_team(
    postcode: str, street: str, number: str, team: str
) -> None:
    _seed()
    route = team_for_address(postcode=postcode, street=street, house_number=number)
    assert route.team is not None
    assert route.team.name == team


def test_every_demo_location_lies_in_its_own_teams_area() -> None:
    _seed()
    for location in Location.objects.select_related("team"):
        route = team_for_address(
            postcode=location.postcode, street=location.street, house_number=location.house_number
        )
        assert route.team == location.team, location.name


def test_clients_option_adds_demo_client_files_and_refuses_a_negative_number() -> None:
    output = StringIO()
    call_command("seed_demo", "--clients", "10", "--no-leefloon", stdout=output)
    assert Client.objects.count() == 10
    assert "10 added, 10 in all" in output.getvalue()
    with pytest.raises(CommandError, match="--clients must be 0 or more"):
        call_command("seed_demo", "--clients", "-1", stdout=StringIO())
