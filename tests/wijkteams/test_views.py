"""Login, the home page of each role, the configuration page and the address lookup."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.factories import PASSWORD, AreaFactory, UserFactory, WijkteamFactory, social_worker
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_login(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_dutch_by_default(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="nl-be">' in response.content.decode()
    assert "Gebruikersnaam" in response.content.decode()
    assert "Naar de inhoud" in response.content.decode()


def test_english_browser_still_gets_dutch_until_the_user_chooses(client: Client) -> None:
    page = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="nl-be">' in page.content.decode()
    client.cookies["ocmw_language"] = "en"
    page = client.get(reverse("login"), headers={"accept-language": "nl-BE"})
    assert '<html lang="en">' in page.content.decode()


def test_wrong_password_shows_dutch_error_and_keeps_username(client: Client, worker: User) -> None:
    response = client.post(reverse("login"), {"username": worker.username, "password": "wrong"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in page
    assert f'value="{worker.username}"' in page
    assert "_auth_user_id" not in client.session


def test_login_leads_social_worker_to_my_cases(client: Client, worker: User) -> None:
    response = client.post(
        reverse("login"), {"username": worker.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("clients:my_cases")
    assert "Mijn dossiers" in response.content.decode()
    assert "Centrum" in response.content.decode()


def test_team_lead_home_is_the_team_caseload(client: Client, lead: User, worker: User) -> None:
    response = login(client, lead).get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("clients:team_caseload")
    page = response.content.decode()
    assert "Mijn team" in page
    assert worker.get_full_name() in page
    assert reverse("wijkteams:my_team") in page  # the staff list is one click away


def test_my_team_lists_the_staff_of_the_team(client: Client, lead: User, worker: User) -> None:
    page = login(client, lead).get(reverse("wijkteams:my_team")).content.decode()
    assert worker.get_full_name() in page
    assert "Maatschappelijk assistent" in page


def test_administrator_home_is_configuration(
    client: Client, admin_user: User, team: Wijkteam
) -> None:
    response = login(client, admin_user).get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("wijkteams:configuration")
    page = response.content.decode()
    assert "Configuratie" in page
    assert team.name in page


def test_user_without_role_is_told_why(client: Client) -> None:
    response = login(client, UserFactory.create()).get(reverse("home"))
    assert response.status_code == 200
    assert "Nog geen rol" in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "who", "status"),
    [
        ("wijkteams:my_team", "worker", 403),
        ("wijkteams:my_team", "admin_user", 403),
        ("wijkteams:my_team", "lead", 200),
        ("wijkteams:configuration", "worker", 403),
        ("wijkteams:configuration", "lead", 403),
        ("wijkteams:configuration", "admin_user", 200),
        ("clients:my_cases", "lead", 403),
        ("clients:my_cases", "admin_user", 403),
        ("clients:my_cases", "worker", 200),
        ("wijkteams:address_lookup", "worker", 200),
    ],
)
def test_role_pages_answer_by_role(
    client: Client, request: pytest.FixtureRequest, url_name: str, who: str, status: int
) -> None:
    user = request.getfixturevalue(who)
    assert login(client, user).get(reverse(url_name)).status_code == status


def test_forbidden_page_is_dutch(client: Client, worker: User) -> None:
    response = login(client, worker).get(reverse("wijkteams:configuration"))
    assert "Geen toegang" in response.content.decode()


def test_ended_membership_loses_access_on_next_request(client: Client, worker: User) -> None:
    login(client, worker)
    assert client.get(reverse("clients:my_cases")).status_code == 200
    membership = worker.memberships.get()
    membership.ends_on = membership.starts_on
    membership.save()
    assert client.get(reverse("clients:my_cases")).status_code == 403


def test_switching_to_english(client: Client, worker: User) -> None:
    login(client, worker)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("clients:my_cases")})
    page = client.get(reverse("clients:my_cases")).content.decode()
    assert "My cases" in page
    assert '<html lang="en">' in page


def test_logout_needs_post_and_ends_session(client: Client, worker: User) -> None:
    login(client, worker)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_address_lookup_finds_the_team(client: Client, worker: User, team: Wijkteam) -> None:
    AreaFactory.create(team=team, postcode="8500")
    response = login(client, worker).post(
        reverse("wijkteams:address_lookup"),
        {"postcode": "8500", "street": "Budastraat", "house_number": "27"},
    )
    page = response.content.decode()
    assert 'value="Centrum"' in page
    assert "Geen enkel wijkteam" not in page


def test_address_outside_every_area_leaves_team_empty_with_warning(
    client: Client, worker: User
) -> None:
    response = login(client, worker).post(
        reverse("wijkteams:address_lookup"),
        {"postcode": "9000", "street": "Veldstraat", "house_number": "1"},
    )
    page = response.content.decode()
    assert 'id="gevonden-team" class="form-control" readonly\n           value=""' in page
    assert "Geen enkel wijkteam dekt dit adres" in page
    assert 'value="Veldstraat"' in page  # what the user typed stays


def test_address_lookup_with_bad_postcode_shows_dutch_error(client: Client, worker: User) -> None:
    response = login(client, worker).post(
        reverse("wijkteams:address_lookup"), {"postcode": "85", "street": "Budastraat"}
    )
    page = response.content.decode()
    assert "Geef een Belgische postcode van vier cijfers" in page
    assert 'value="Budastraat"' in page


def test_address_lookup_over_htmx_returns_only_the_fragment(client: Client, worker: User) -> None:
    response = login(client, worker).post(
        reverse("wijkteams:address_lookup"), {"postcode": "9000"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="address-lookup">')
    assert "<html" not in page


def test_my_team_query_count_does_not_grow_with_staff(
    client: Client, lead: User, team: Wijkteam, django_assert_num_queries
) -> None:
    for _ in range(5):
        social_worker(team)
    outsider = social_worker(WijkteamFactory.create(), first_name="Buiten", last_name="Staander")
    login(client, lead)
    # session, user, roles (memberships in force), members of the led teams, and what the apps
    # above add: the decisions and the notifications of requests due, the GPMI evaluations due,
    # the documents that expire (none of them, so no access-log insert)
    with django_assert_num_queries(8):
        response = client.get(reverse("wijkteams:my_team"))
    page = response.content.decode()
    assert page.count("Maatschappelijk assistent") == 5
    assert outsider.get_full_name() not in page


def test_configuration_query_count_does_not_grow_with_teams(
    client: Client, admin_user: User, django_assert_num_queries
) -> None:
    for n in range(6):
        AreaFactory.create(team=WijkteamFactory.create(name=f"T{n}"), postcode=f"85{n:02d}")
    login(client, admin_user)
    # session, user, teams with their counts (a staff user has no memberships to read)
    with django_assert_num_queries(3):
        response = client.get(reverse("wijkteams:configuration"))
    assert response.status_code == 200
