"""Login lockout, password hashing and session lifetimes, through the real login form."""

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper
from time_machine import TimeMachineFixture

from core.sessions import LOGIN_TIME_KEY, client_ip_address
from ocmw import settings as production
from tests.conftest import login
from tests.factories import PASSWORD, data_protection_officer
from wijkteams.models import User

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

LOGIN = "/aanmelden/"
START = dt.datetime(2026, 3, 16, 9, 0, tzinfo=dt.UTC)  # 10:00 in Brussels
LOCKED_OUT = "Te veel mislukte aanmeldpogingen"


@pytest.fixture(autouse=True)
def _start(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(START, tick=False)


def post_login(
    client: Client, username: str, password: str, ip: str = "10.0.0.1", forwarded_for: str = ""
) -> "Response":
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        LOGIN, {"username": username, "password": password}, headers=headers, REMOTE_ADDR=ip
    )


def fail(client: Client, usernames: list[str], ips: list[str]) -> list[int]:
    return [
        post_login(client, name, "wrong-password", ip).status_code
        for name, ip in zip(usernames, ips, strict=True)
    ]


def logged_in(response: "Response") -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


# Lockout (django-axes)


def test_five_failures_for_one_user_name_lock_it_from_every_address(
    client: Client, worker: User
) -> None:
    ips = [f"10.0.0.{n}" for n in range(1, 6)]
    # Four wrong passwords show the form again; the fifth locks the user name.
    assert fail(client, [worker.username] * 5, ips) == [200, 200, 200, 200, 429]
    response = post_login(client, worker.username, PASSWORD, ip="10.0.9.9")
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert SESSION_KEY not in client.session


def test_one_persons_typos_lock_only_that_user_name_not_the_office(
    client: Client, worker: User, lead: User
) -> None:
    # Everyone in the office logs in from the same address.
    office = "10.0.0.7"
    assert fail(client, [worker.username] * 5, [office] * 5)[-1] == 429
    assert logged_in(post_login(client, lead.username, PASSWORD, ip=office))
    client.logout()
    # The typist's own user name stays locked, from the office and from elsewhere.
    assert post_login(client, worker.username, PASSWORD, ip=office).status_code == 429
    assert post_login(client, worker.username, PASSWORD, ip="10.0.0.8").status_code == 429


def test_failures_for_many_user_names_from_one_address_lock_that_address(
    client: Client, worker: User, settings: SettingsWrapper
) -> None:
    # Password spraying: a few tries for each of many user names stays under the per-user
    # limit, so the address is locked once AXES_SPRAY_USERNAME_LIMIT different names failed.
    limit = settings.AXES_SPRAY_USERNAME_LIMIT
    assert limit == 20
    names = [f"bestaat.niet{n}" for n in range(limit)]
    statuses = fail(client, names, ["10.0.0.7"] * limit)
    assert statuses == [200] * (limit - 1) + [429]
    response = post_login(client, worker.username, PASSWORD, ip="10.0.0.7")
    assert response.status_code == 429
    assert "vanaf je adres" in response.content.decode()
    # The same user from another address is not affected.
    assert logged_in(post_login(client, worker.username, PASSWORD, ip="10.0.0.8"))


def test_a_successful_login_before_the_limit_resets_the_count(client: Client, worker: User) -> None:
    ip = ["10.0.0.1"] * 4
    assert fail(client, [worker.username] * 4, ip) == [200] * 4
    assert logged_in(post_login(client, worker.username, PASSWORD))
    client.logout()
    # Without the reset these would be failures 5 to 8 and the first would lock.
    assert fail(client, [worker.username] * 4, ip) == [200] * 4
    assert logged_in(post_login(client, worker.username, PASSWORD))


def test_lockout_page_is_dutch_and_says_when_to_try_again(client: Client, worker: User) -> None:
    fail(client, [worker.username] * 4, ["10.0.0.1"] * 4)
    response = post_login(client, worker.username, "wrong-password")
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    page = response.content.decode()
    assert '<html lang="nl-be">' in page
    assert "aanmelden 30 minuten geblokkeerd: probeer opnieuw om 10:30." in page
    assert "Nieuwe pogingen in de tussentijd verlengen de wachttijd niet." in page
    assert "Vraag het aan een beheerder" in page


def test_lockout_ends_after_the_cool_off(
    client: Client, worker: User, time_machine: TimeMachineFixture
) -> None:
    fail(client, [worker.username] * 5, ["10.0.0.1"] * 5)
    time_machine.shift(dt.timedelta(minutes=31))
    assert logged_in(post_login(client, worker.username, PASSWORD))


def test_attempts_during_the_lockout_do_not_lengthen_it(
    client: Client, worker: User, time_machine: TimeMachineFixture
) -> None:
    fail(client, [worker.username] * 5, ["10.0.0.1"] * 5)
    time_machine.shift(dt.timedelta(minutes=20))
    response = post_login(client, worker.username, PASSWORD)
    assert response.status_code == 429
    # The page gives the end of the lockout that began at 10:00, not 30 minutes from now.
    assert "probeer opnieuw om 10:30." in response.content.decode()
    assert response["Retry-After"] == "600"
    time_machine.shift(dt.timedelta(minutes=9))  # 10:29
    assert post_login(client, worker.username, "wrong-password").status_code == 429
    assert post_login(client, worker.username, PASSWORD, ip="10.0.0.2").status_code == 429
    time_machine.shift(dt.timedelta(minutes=1, seconds=1))  # 10:30:01
    assert logged_in(post_login(client, worker.username, PASSWORD))


def test_administrator_sees_and_lifts_a_lockout_in_the_admin(
    client: Client, worker: User, admin_user: User
) -> None:
    fail(client, [worker.username] * 5, ["10.0.0.1"] * 5)
    login(client, admin_user)
    changelist = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    assert worker.username in changelist.content.decode()
    attempt_ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    response = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempt_ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert logged_in(post_login(client, worker.username, PASSWORD))


def test_the_officer_and_administrators_see_the_lockouts_in_force(
    client: Client, worker: User, admin_user: User, time_machine: TimeMachineFixture
) -> None:
    officer = data_protection_officer()
    fail(
        client, [worker.username] * 5, ["10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.1"]
    )
    sprayed = [f"bestaat.niet{n}" for n in range(20)]
    fail(client, sprayed, ["10.0.0.66"] * 20)
    for user in (officer, admin_user):
        login(client, user)
        page = client.get(reverse("wijkteams:lockouts")).content.decode()
        rows = page.split("<tr>")[2:]  # after the header row
        assert len(rows) == 2, page
        user_row = next(row for row in rows if worker.username in row)
        address_row = next(row for row in rows if "10.0.0.66" in row)
        assert "10.0.0.1, 10.0.0.2" in user_row
        assert "een gebruikersnaam" in user_row
        assert "<td>5</td>" in user_row
        assert "16/03/2026 10:00</td>" in user_row
        assert "16/03/2026 10:30</td>" in user_row
        assert "een adres" in address_row
        assert "<td>20</td>" in address_row
        client.logout()
    time_machine.shift(dt.timedelta(minutes=31))
    login(client, officer)
    page = client.get(reverse("wijkteams:lockouts")).content.decode()
    assert "Geen gebruikersnaam of adres is geblokkeerd." in page


# The client's address behind a reverse proxy


def _request(remote: str, forwarded: str | None = None) -> HttpRequest:
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return RequestFactory().post(LOGIN, headers=headers, REMOTE_ADDR=remote)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "192.0.2.1"),  # no proxy trusted: the header is the client's word
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the left entry was forged
        (2, "6.6.6.6, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        (2, "203.0.113.9", "192.0.2.1"),  # fewer entries than proxies: not trusted
        (1, "niet-een-adres", "192.0.2.1"),
        (1, None, "192.0.2.1"),
    ],
)
def test_client_address_is_read_behind_trusted_proxies_only(
    settings: SettingsWrapper, count: int, forwarded: str | None, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip_address(_request("192.0.2.1", forwarded)) == expected


def test_behind_a_proxy_one_address_locked_out_leaves_the_others_alone(
    client: Client, worker: User, settings: SettingsWrapper
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.9.9.9"
    names = [f"bestaat.niet{n}" for n in range(settings.AXES_SPRAY_USERNAME_LIMIT)]
    for name in names:
        post_login(client, name, "wrong-password", ip=proxy, forwarded_for="203.0.113.5")
    response = post_login(client, worker.username, PASSWORD, ip=proxy, forwarded_for="198.51.100.7")
    assert logged_in(response)


def test_without_a_trusted_proxy_a_forged_forwarded_header_does_not_dodge_the_lockout(
    client: Client, worker: User, settings: SettingsWrapper
) -> None:
    names = [f"bestaat.niet{n}" for n in range(settings.AXES_SPRAY_USERNAME_LIMIT)]
    for n, name in enumerate(names):
        post_login(client, name, "wrong-password", forwarded_for=f"203.0.113.{n}")
    response = post_login(client, worker.username, PASSWORD, forwarded_for="198.51.100.7")
    assert response.status_code == 429


# Password hashing


@pytest.fixture
def production_hashers(settings: SettingsWrapper) -> None:
    # The suite hashes with MD5 for speed; these tests use what production uses.
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS


def test_passwords_are_stored_with_argon2(worker: User, production_hashers: None) -> None:
    worker.set_password("een-nieuw-lang-wachtwoord")
    worker.save()
    worker.refresh_from_db()
    assert worker.password.startswith("argon2$argon2id$")
    assert worker.check_password("een-nieuw-lang-wachtwoord")


def test_an_old_pbkdf2_hash_becomes_argon2_at_the_next_login(
    client: Client, worker: User, production_hashers: None
) -> None:
    worker.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    worker.save()
    assert logged_in(post_login(client, worker.username, PASSWORD))
    worker.refresh_from_db()
    assert worker.password.startswith("argon2$")


# Sessions


def test_logging_in_gives_a_new_session_key(client: Client, worker: User) -> None:
    before = client.session
    before["taalkeuze"] = "nl-be"  # an anonymous session an attacker could have planted
    before.save()
    assert logged_in(post_login(client, worker.username, PASSWORD))
    after = client.session.session_key
    assert after != before.session_key
    assert not Session.objects.filter(session_key=before.session_key).exists()


@pytest.fixture
def active_worker(client: Client, worker: User) -> Client:
    assert logged_in(post_login(client, worker.username, PASSWORD))
    assert client.get(reverse("clients:my_cases")).status_code == 200
    return client


def test_a_session_idle_too_long_ends_with_a_dutch_message(
    active_worker: Client, time_machine: TimeMachineFixture
) -> None:
    time_machine.shift(dt.timedelta(minutes=31))
    response = active_worker.get(reverse("clients:my_cases"))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={reverse('clients:my_cases')}"
    assert SESSION_KEY not in active_worker.session
    page = active_worker.get(response["Location"]).content.decode()
    assert "Je sessie is verlopen na 30 minuten zonder activiteit. Meld je opnieuw aan." in page


def test_a_session_in_use_stays_open_past_the_idle_timeout(
    active_worker: Client, time_machine: TimeMachineFixture
) -> None:
    for _ in range(4):  # 80 minutes, never 30 without a request
        time_machine.shift(dt.timedelta(minutes=20))
        assert active_worker.get(reverse("clients:my_cases")).status_code == 200


def test_a_session_without_clocks_starts_counting_at_its_next_request(
    client: Client, worker: User, time_machine: TimeMachineFixture
) -> None:
    # As a session logged in before this middleware existed: no login request passed it.
    request = RequestFactory().post(LOGIN)
    assert client.login(request=request, username=worker.username, password=PASSWORD)
    assert LOGIN_TIME_KEY not in client.session
    assert client.get(reverse("clients:my_cases")).status_code == 200
    time_machine.shift(dt.timedelta(minutes=31))
    assert client.get(reverse("clients:my_cases")).status_code == 302


def test_an_idle_htmx_request_redirects_the_whole_page(
    active_worker: Client, time_machine: TimeMachineFixture
) -> None:
    time_machine.shift(dt.timedelta(minutes=31))
    response = active_worker.get(
        reverse("clients:my_cases"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/dossiers/?q=a"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{LOGIN}?next=/dossiers/%3Fq%3Da"
    assert SESSION_KEY not in active_worker.session


def test_an_htmx_request_never_redirects_to_another_site(
    active_worker: Client, time_machine: TimeMachineFixture
) -> None:
    time_machine.shift(dt.timedelta(minutes=31))
    response = active_worker.get(
        reverse("clients:my_cases"),
        headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/"},
    )
    assert response["HX-Redirect"] == LOGIN


def test_an_active_session_ends_after_its_absolute_lifetime(
    active_worker: Client, time_machine: TimeMachineFixture
) -> None:
    # A request every 20 minutes: at 10 hours (600 minutes) still in, at 620 out.
    for _ in range(30):
        time_machine.shift(dt.timedelta(minutes=20))
        assert active_worker.get(reverse("clients:my_cases")).status_code == 200
    time_machine.shift(dt.timedelta(minutes=20))
    response = active_worker.get(reverse("clients:my_cases"))
    assert response.status_code == 302
    page = active_worker.get(response["Location"]).content.decode()
    assert "Je sessie is verlopen: een sessie duurt hoogstens 10 uur." in page


def test_the_idle_time_counts_from_the_login_itself(
    client: Client, worker: User, time_machine: TimeMachineFixture
) -> None:
    assert logged_in(post_login(client, worker.username, PASSWORD))
    time_machine.shift(dt.timedelta(minutes=31))  # not one request since the login
    assert client.get(reverse("clients:my_cases")).status_code == 302


def test_a_deactivated_user_is_logged_out_at_the_next_request(
    active_worker: Client, worker: User
) -> None:
    # The session names ModelBackend, not axes' backend that comes first in the list: it is
    # ModelBackend.get_user that refuses an inactive user on every request.
    assert active_worker.session[BACKEND_SESSION_KEY] == "django.contrib.auth.backends.ModelBackend"
    worker.is_active = False
    worker.save()
    response = active_worker.get(reverse("clients:my_cases"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
