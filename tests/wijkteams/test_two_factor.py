"""Two-factor login (TOTP): required for every staff member when OTP_REQUIRED is on."""

import datetime as dt
import logging
import re
from base64 import b32decode
from typing import Any
from urllib.parse import urlencode

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.conftest import login
from tests.factories import StaticDeviceFactory, TOTPDeviceFactory, data_protection_officer
from wijkteams.models import User
from wijkteams.two_factor.middleware import TwoFactorRequiredMiddleware

pytestmark = pytest.mark.django_db

SETUP = reverse("wijkteams:two_factor_setup")
VERIFY = reverse("wijkteams:two_factor_verify")
BACKUP_CODES = reverse("wijkteams:two_factor_backup_codes")
REGENERATE = reverse("wijkteams:two_factor_backup_codes_regenerate")
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def required(settings: SettingsWrapper) -> None:
    settings.OTP_REQUIRED = True


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    # TOTP codes and django-otp's throttling both read the clock.
    time_machine.move_to(NOW, tick=False)
    return time_machine


def _app(user: User) -> TOTPDevice:
    device: TOTPDevice = TOTPDeviceFactory.create(user=user, name="app", confirmed=True)
    return device


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def _wrong_code(device: TOTPDevice) -> str:
    return "000000" if _code(device) != "000000" else "111111"


def _backup_codes(user: User) -> list[str]:
    codes = [f"code{i:04d}" for i in range(10)]
    device = StaticDeviceFactory.create(user=user, name="backup", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _tokens(user: User) -> set[str]:
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def _logs_in_with(user: User, token: str) -> bool:
    """A new session passes the second step with this code."""
    other = Client()
    login(other, user)
    return other.post(VERIFY, {"otp_token": token}).status_code == 302


WRONG_CODE = "Deze code klopt niet, of de reservecode werd al gebruikt."


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def _shown_codes(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)


def _verified(client: Client, user: User) -> TOTPDevice:
    """Logged in with password and a code from the app."""
    device = _app(user)
    login(client, user)
    response = client.post(VERIFY, {"otp_token": _code(device)})
    assert response.status_code == 302, response.content.decode()
    return device


# --- who is sent where -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("worker", "clients:my_cases"),
        ("lead", "clients:team_caseload"),
        ("admin_user", "wijkteams:configuration"),
        ("dpo", "home"),
    ],
)
def test_every_staff_member_without_an_app_is_sent_to_set_one_up(
    client: Client, request: pytest.FixtureRequest, required: None, who: str, page: str
) -> None:
    user = data_protection_officer() if who == "dpo" else request.getfixturevalue(who)
    login(client, user)
    url = reverse(page)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == _with_next(SETUP, url)


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("worker", "clients:my_cases"),
        ("lead", "clients:team_caseload"),
        ("admin_user", "wijkteams:configuration"),
        ("dpo", "home"),
    ],
)
def test_every_staff_member_with_an_app_is_sent_to_verification_keeping_the_page(
    client: Client, request: pytest.FixtureRequest, required: None, who: str, page: str
) -> None:
    user = data_protection_officer() if who == "dpo" else request.getfixturevalue(who)
    _app(user)
    login(client, user)
    url = reverse(page) + "?pagina=2"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == _with_next(VERIFY, url)


def test_the_admin_site_needs_the_second_step_too(
    client: Client, admin_user: User, required: None
) -> None:
    login(client, admin_user)
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(SETUP)


def test_nothing_changes_when_not_required(client: Client, worker: User) -> None:
    _app(worker)
    login(client, worker)
    assert client.get(reverse("clients:my_cases")).status_code == 200
    assert client.get(reverse("wijkteams:address_lookup")).status_code == 200


def test_anonymous_users_go_to_the_login_page(client: Client, required: None) -> None:
    response = client.get(reverse("clients:my_cases"))
    assert response["Location"].startswith(reverse("login"))


def test_htmx_request_gets_hx_redirect_back_to_its_page(
    client: Client, worker: User, required: None
) -> None:
    login(client, worker)
    response = client.post(
        reverse("wijkteams:address_lookup"),
        {"postcode": "8500"},
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/wijk-zoeken/"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == _with_next(SETUP, "/wijk-zoeken/")
    assert b"lookup" not in response.content  # the fragment was not rendered


def test_a_refused_post_comes_back_to_the_home_page(
    client: Client, worker: User, required: None
) -> None:
    login(client, worker)
    response = client.post(reverse("wijkteams:address_lookup"), {"postcode": "8500"})
    assert response["Location"] == SETUP


def test_login_logout_language_and_static_files_need_no_second_step(
    client: Client, worker: User, required: None
) -> None:
    login(client, worker)
    # The login page sends a logged-in user on to the home page (which then asks the code).
    assert client.get(reverse("login"))["Location"] == reverse("home")
    response = client.post(reverse("set_language"), {"language": "en", "next": "/wijk-zoeken/"})
    assert response["Location"] == "/wijk-zoeken/"
    assert client.get("/static/css/ocmw.css").status_code == 200
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("logout"))["Location"] == reverse("login")


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/healthz/"])
def test_health_urls_need_no_second_step(worker: User, path: str, required: None) -> None:
    middleware = TwoFactorRequiredMiddleware(lambda request: HttpResponse())

    def ask(url: str) -> HttpResponse | None:
        request = RequestFactory().get(url)
        # As django-otp's middleware leaves a user who has not passed the second step.
        worker.otp_device = None  # type: ignore[attr-defined]  # django-otp adds the attribute
        request.user = worker
        return middleware.process_view(request, lambda request: HttpResponse(), (), {})

    assert ask(path) is None
    assert ask("/mijn-team/") is not None  # the same user on any other page is sent on


# --- enrolment -------------------------------------------------------------------------------


def test_enrolment_page_shows_the_qr_code_and_the_key_of_a_new_app(
    client: Client, worker: User, required: None
) -> None:
    login(client, worker)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=worker)
    assert not device.confirmed
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page)
    assert secret is not None
    assert b32decode(secret.group(1).replace(" ", "")) == device.bin_key
    svg = re.search(r"<svg .*?</svg>", page, re.DOTALL)
    assert svg is not None
    assert "style" not in svg.group(0)  # the Content-Security-Policy forbids inline style
    assert 'role="img"' in svg.group(0)
    assert "<?xml" not in page
    # A reload keeps the same key: a phone that scanned it before still gives good codes.
    client.get(SETUP)
    assert TOTPDevice.objects.get(user=worker).key == device.key


def test_enrolment_with_a_wrong_code_confirms_nothing(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    login(client, worker)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=worker)
    response = client.post(SETUP, {"otp_token": _wrong_code(device)})
    assert response.status_code == 200
    errors = response.context["form"].errors["otp_token"]
    assert errors == [
        "Deze code klopt niet. Typ de code die de app nu toont; lukt het dan nog niet, "
        "controleer dan of de klok van je telefoon juist staat."
    ]
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=worker).exists()
    assert client.get(reverse("clients:my_cases"))["Location"].startswith(SETUP)


def test_enrolment_refuses_what_is_not_six_digits(
    client: Client, worker: User, required: None
) -> None:
    login(client, worker)
    response = client.post(SETUP, {"otp_token": "12ab"})
    assert response.context["form"].errors["otp_token"] == ["Typ de 6 cijfers die de app toont."]
    assert b'value="12ab"' in response.content  # what was typed stays


def test_enrolment_with_the_right_code_confirms_logs_in_and_shows_backup_codes_once(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    login(client, worker)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=worker)
    response = client.post(SETUP + "?next=%2Fwijk-zoeken%2F", {"otp_token": _code(device)})
    assert response.status_code == 302
    assert response["Location"] == _with_next(BACKUP_CODES, "/wijk-zoeken/")
    device.refresh_from_db()
    assert device.confirmed
    tokens = set(StaticToken.objects.filter(device__user=worker).values_list("token", flat=True))
    assert len(tokens) == 10

    page = client.get(response["Location"])
    shown = set(_shown_codes(page.content.decode()))
    assert shown == tokens
    assert 'href="/wijk-zoeken/"' in page.content.decode()
    again = client.get(BACKUP_CODES).content.decode()
    assert "<li><code>" not in again
    assert "Je hebt nog 10 ongebruikte reservecodes." in again
    # Logged in with both steps: the pages open.
    assert client.get(reverse("clients:my_cases")).status_code == 200


def test_a_user_with_an_app_cannot_set_up_another_without_the_second_step(
    client: Client, worker: User, required: None
) -> None:
    _app(worker)
    login(client, worker)
    assert client.get(SETUP)["Location"] == VERIFY
    assert client.post(SETUP, {"otp_token": "123456"})["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=worker).count() == 1


def _replacing(client: Client, worker: User, frozen: Any) -> tuple[TOTPDevice, TOTPDevice]:
    """A verified worker on the set-up page of a new app: (current app, new app)."""
    old = _verified(client, worker)
    frozen.shift(dt.timedelta(seconds=30))  # the code used to log in cannot be used again
    page = client.get(SETUP).content.decode()
    assert "Code uit je huidige app, of een reservecode" in page
    return old, TOTPDevice.objects.get(user=worker, confirmed=False)


def _unchanged(worker: User, old: TOTPDevice, new: TOTPDevice, codes: list[str]) -> None:
    """The current app and every backup code still work; the new app was not confirmed."""
    assert list(TOTPDevice.objects.filter(user=worker, confirmed=True)) == [old]
    new.refresh_from_db()
    assert not new.confirmed
    assert _tokens(worker) == set(codes)
    assert _logs_in_with(worker, _code(old))


def test_a_verified_user_replaces_the_app_with_a_code_from_the_current_one(
    client: Client, worker: User, required: None, frozen: Any, caplog: pytest.LogCaptureFixture
) -> None:
    old, new = _replacing(client, worker, frozen)
    codes = _backup_codes(worker)
    with caplog.at_level(logging.INFO, logger="wijkteams.two_factor"):
        response = client.post(SETUP, {"otp_token": _code(new), "current_token": _code(old)})
    assert response["Location"] == BACKUP_CODES
    assert list(TOTPDevice.objects.filter(user=worker)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert len(_tokens(worker)) == 10
    assert not _tokens(worker) & set(codes)  # the old backup codes stop working too
    assert client.get(reverse("clients:my_cases")).status_code == 200
    # Audited by id, without names.
    assert f"user {worker.pk} replaced the authenticator app" in caplog.text
    assert worker.username not in caplog.text
    assert worker.last_name not in caplog.text


def test_replacing_the_app_with_a_backup_code_works_and_uses_it_up(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    _, new = _replacing(client, worker, frozen)
    codes = _backup_codes(worker)
    response = client.post(SETUP, {"otp_token": _code(new), "current_token": codes[3].upper()})
    assert response["Location"] == BACKUP_CODES
    assert list(TOTPDevice.objects.filter(user=worker)) == [new]
    assert not _tokens(worker) & set(codes)
    assert not _logs_in_with(worker, codes[3])


def test_replacing_the_app_without_a_current_code_changes_nothing(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    old, new = _replacing(client, worker, frozen)
    codes = _backup_codes(worker)
    response = client.post(SETUP, {"otp_token": _code(new)})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {
        "current_token": ["Typ een code uit je huidige app, of een ongebruikte reservecode."]
    }
    assert f'value="{_code(new)}"' in response.content.decode()  # what was typed stays
    _unchanged(worker, old, new, codes)


@pytest.mark.parametrize("current", ["app", "used backup code", "made-up backup code"])
def test_replacing_the_app_with_a_wrong_current_code_changes_nothing(
    client: Client,
    worker: User,
    required: None,
    frozen: Any,
    current: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    old, new = _replacing(client, worker, frozen)
    codes = _backup_codes(worker)
    wrong = {"app": _wrong_code(old), "made-up backup code": "abcdefgh"}.get(current)
    if wrong is None:
        wrong = codes.pop()
        StaticToken.objects.filter(token=wrong).delete()
    with caplog.at_level(logging.INFO, logger="wijkteams.two_factor"):
        response = client.post(SETUP, {"otp_token": _code(new), "current_token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors == {"current_token": [WRONG_CODE]}
    assert f"user {worker.pk} gave no right code to replace the app" in caplog.text
    frozen.shift(dt.timedelta(seconds=30))  # past the throttle of the failed attempt
    _unchanged(worker, old, new, codes)


def test_a_refused_new_app_code_leaves_the_current_code_unused(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    old, new = _replacing(client, worker, frozen)
    codes = _backup_codes(worker)
    response = client.post(SETUP, {"otp_token": _wrong_code(new), "current_token": codes[0]})
    assert response.context["form"].errors["otp_token"][0].startswith("Deze code klopt niet.")
    assert "current_token" not in response.context["form"].errors
    _unchanged(worker, old, new, codes)  # codes[0] included
    # The failure still counts for the new app's throttle.
    new.refresh_from_db()
    assert new.throttling_failure_count == 1
    response = client.post(SETUP, {"otp_token": _code(new), "current_token": codes[0]})
    assert "Te veel foute codes na elkaar" in response.context["form"].errors["otp_token"][0]
    assert _tokens(worker) == set(codes)


def test_wrong_current_codes_for_replacing_the_app_are_throttled_as_at_login(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    old, new = _replacing(client, worker, frozen)
    client.post(SETUP, {"otp_token": _code(new), "current_token": _wrong_code(old)})
    # The right code must wait a second too, here and at the login step (one count per device).
    response = client.post(SETUP, {"otp_token": _code(new), "current_token": _code(old)})
    assert response.context["form"].errors == {
        "current_token": [
            "Te veel foute codes na elkaar. Wacht tot 11:00:31 en probeer het dan opnieuw."
        ]
    }
    assert not _logs_in_with(worker, _code(old))
    new.refresh_from_db()
    assert not new.confirmed
    frozen.shift(dt.timedelta(seconds=4))  # past 1 then 2 seconds (the refused login counted)
    response = client.post(SETUP, {"otp_token": _code(new), "current_token": _code(old)})
    assert response["Location"] == BACKUP_CODES


# --- verification ----------------------------------------------------------------------------


def test_verification_with_the_app_code_goes_on_to_the_page(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    device = _app(worker)
    login(client, worker)
    session_key = client.session.session_key
    response = client.post(VERIFY + "?next=%2Fwijk-zoeken%2F", {"otp_token": _code(device)})
    assert response["Location"] == "/wijk-zoeken/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != session_key  # a new key once both steps are done
    assert client.get("/wijk-zoeken/").status_code == 200


def test_verification_never_sends_to_another_site(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    device = _app(worker)
    login(client, worker)
    response = client.post(VERIFY, {"otp_token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_wrong_code_is_refused_in_dutch(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    device = _app(worker)
    login(client, worker)
    response = client.post(VERIFY, {"otp_token": _wrong_code(device)})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"] == [
        "Deze code klopt niet, of de reservecode werd al gebruikt."
    ]
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_failed_codes_are_throttled(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    device = _app(worker)
    login(client, worker)
    client.post(VERIFY, {"otp_token": _wrong_code(device)})
    # After a failure the next try must wait a second (then 2, 4, 8 ...), even the right code.
    response = client.post(VERIFY, {"otp_token": _code(device)})
    assert response.context["form"].errors["otp_token"] == [
        "Te veel foute codes na elkaar. Wacht tot 11:00:01 en probeer het dan opnieuw."
    ]
    assert DEVICE_ID_SESSION_KEY not in client.session
    frozen.shift(dt.timedelta(seconds=1))
    assert client.post(VERIFY, {"otp_token": _code(device)})["Location"] == reverse("home")


def test_a_failed_code_at_enrolment_is_throttled_too(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    login(client, worker)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=worker)
    client.post(SETUP, {"otp_token": _wrong_code(device)})
    response = client.post(SETUP, {"otp_token": _code(device)})
    assert "Te veel foute codes na elkaar" in response.context["form"].errors["otp_token"][0]
    device.refresh_from_db()
    assert not device.confirmed


def test_a_backup_code_works_once(client: Client, worker: User, required: None) -> None:
    _app(worker)
    codes = _backup_codes(worker)
    login(client, worker)
    response = client.post(VERIFY, {"otp_token": codes[0].upper()})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("clients:my_cases")).status_code == 200

    other = Client()
    login(other, worker)
    response = other.post(VERIFY, {"otp_token": codes[0]})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"] == [
        "Deze code klopt niet, of de reservecode werd al gebruikt."
    ]
    assert other.get(reverse("clients:my_cases"))["Location"].startswith(VERIFY)
    assert StaticToken.objects.filter(device__user=worker).count() == 9


def test_verification_without_an_app_sends_to_enrolment(
    client: Client, worker: User, required: None
) -> None:
    login(client, worker)
    assert client.get(VERIFY + "?next=%2F")["Location"] == _with_next(SETUP, "/")


# --- backup codes ----------------------------------------------------------------------------


def test_regenerating_replaces_the_backup_codes(
    client: Client, worker: User, required: None, frozen: Any, caplog: pytest.LogCaptureFixture
) -> None:
    app = _verified(client, worker)
    old = _backup_codes(worker)
    page = client.get(REGENERATE).content.decode()
    assert "Je hebt nog 10 ongebruikte reservecodes." in page
    assert "Code uit je huidige app, of een reservecode" in page
    frozen.shift(dt.timedelta(seconds=30))  # the code used to log in cannot be used again
    with caplog.at_level(logging.INFO, logger="wijkteams.two_factor"):
        response = client.post(REGENERATE, {"current_token": _code(app)})
    assert response["Location"] == BACKUP_CODES
    assert f"user {worker.pk} made new backup codes" in caplog.text
    assert worker.username not in caplog.text
    shown = _shown_codes(client.get(BACKUP_CODES).content.decode())
    assert len(shown) == 10
    assert set(shown) == set(
        StaticToken.objects.filter(device__user=worker).values_list("token", flat=True)
    )
    assert not set(shown) & set(old)
    # Still logged in; an old code no longer works, a new one does.
    assert client.get(reverse("clients:my_cases")).status_code == 200
    other = Client()
    login(other, worker)
    assert other.post(VERIFY, {"otp_token": old[0]}).status_code == 200
    frozen.shift(dt.timedelta(seconds=2))  # past the throttle of the failed attempt
    assert other.post(VERIFY, {"otp_token": shown[0]})["Location"] == reverse("home")


def test_regenerating_with_a_backup_code_works_and_uses_it_up(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    _verified(client, worker)
    old = _backup_codes(worker)
    response = client.post(REGENERATE, {"current_token": old[5]})
    assert response["Location"] == BACKUP_CODES
    assert len(_tokens(worker)) == 10
    assert not _tokens(worker) & set(old)
    assert not _logs_in_with(worker, old[5])


@pytest.mark.parametrize(
    ("current", "error"),
    [
        ("", "Typ een code uit je huidige app, of een ongebruikte reservecode."),
        ("wrong app code", WRONG_CODE),
        ("used backup code", WRONG_CODE),
    ],
)
def test_regenerating_without_a_right_code_changes_nothing(
    client: Client,
    worker: User,
    required: None,
    frozen: Any,
    current: str,
    error: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = _verified(client, worker)
    codes = _backup_codes(worker)
    frozen.shift(dt.timedelta(seconds=30))
    token = {"": "", "wrong app code": _wrong_code(app)}.get(current)
    if token is None:
        token = codes.pop()
        StaticToken.objects.filter(token=token).delete()
    with caplog.at_level(logging.INFO, logger="wijkteams.two_factor"):
        response = client.post(REGENERATE, {"current_token": token})
    assert response.status_code == 200
    assert response.context["form"].errors == {"current_token": [error]}
    assert "made new backup codes" not in caplog.text
    assert _tokens(worker) == set(codes)
    assert client.session.get("two_factor_backup_codes") is None
    frozen.shift(dt.timedelta(seconds=30))  # past the throttle of a failed attempt
    assert _logs_in_with(worker, codes[0])
    assert _logs_in_with(worker, _code(app))


def test_wrong_codes_for_regenerating_are_throttled_as_at_login(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    _verified(client, worker)
    codes = _backup_codes(worker)
    client.post(REGENERATE, {"current_token": "abcdefgh"})
    response = client.post(REGENERATE, {"current_token": codes[0]})
    assert response.context["form"].errors == {
        "current_token": [
            "Te veel foute codes na elkaar. Wacht tot 11:00:01 en probeer het dan opnieuw."
        ]
    }
    assert _tokens(worker) == set(codes)
    assert not _logs_in_with(worker, codes[0])  # the backup codes' throttle at login, too
    frozen.shift(dt.timedelta(seconds=3))
    assert client.post(REGENERATE, {"current_token": codes[0]})["Location"] == BACKUP_CODES


def test_backup_code_pages_need_the_second_step(client: Client, worker: User) -> None:
    _app(worker)
    login(client, worker)
    assert client.get(REGENERATE)["Location"] == _with_next(VERIFY, REGENERATE)
    assert client.post(REGENERATE)["Location"] == _with_next(VERIFY, REGENERATE)
    assert client.get(BACKUP_CODES)["Location"] == VERIFY
    assert not StaticDevice.objects.filter(user=worker).exists()


def test_footer_links_to_the_backup_codes_once_verified(
    client: Client, worker: User, required: None, frozen: Any
) -> None:
    login(client, worker)
    assert BACKUP_CODES not in client.get(SETUP).content.decode()
    _verified(client, worker)
    assert BACKUP_CODES in client.get(reverse("clients:my_cases")).content.decode()
