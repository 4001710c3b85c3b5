"""Security headers and cookies under the production settings, private pages out of caches, and
`check --deploy` passing with the production environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from clients.models import Client
from core.headers import PrivatePagesMiddleware
from tests.conftest import login
from tests.factories import PASSWORD, client_of
from wijkteams.models import User

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def production(settings: SettingsWrapper) -> SettingsWrapper:
    """tests/settings.py is production's settings except for the HTTPS redirect; put it back."""
    settings.SECURE_SSL_REDIRECT = True
    return settings


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker, first_name="Fatima", last_name="El Amrani")


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
def test_a_logged_in_page_carries_the_security_headers(
    client: HttpClient, production: SettingsWrapper, worker: User
) -> None:
    login(client, worker)
    response = client.get(reverse("clients:my_cases"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_content_security_policy_allows_no_inline_or_eval_code(
    client: HttpClient, production: SettingsWrapper, worker: User
) -> None:
    login(client, worker)
    response = client.get(reverse("clients:my_cases"), secure=True)
    policy = _directives(response["Content-Security-Policy"])
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client: HttpClient, production: SettingsWrapper) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_session_csrf_and_language_cookies_are_secure_httponly_and_lax(
    client: HttpClient, production: SettingsWrapper, worker: User
) -> None:
    csrf = client.get(reverse("login"), secure=True).cookies["csrftoken"]
    session = client.post(
        reverse("login"), {"username": worker.username, "password": PASSWORD}, secure=True
    ).cookies["sessionid"]
    language = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, secure=True
    ).cookies["ocmw_language"]
    for cookie in (csrf, session, language):
        assert cookie.value, cookie.key
        assert cookie["secure"] is True, cookie.key
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key


CLIENT_PAGES = [
    ("clients:my_cases", False),
    ("clients:search", False),
    ("clients:file", True),
    ("clients:file_household", True),
    ("clients:file_journal", True),
    ("clients:file_trajectories", True),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "of_file"), CLIENT_PAGES)
def test_client_pages_are_never_stored_by_a_cache(
    client: HttpClient, worker: User, file: Client, name: str, of_file: bool
) -> None:
    login(client, worker)
    response = client.get(reverse(name, args=[file.pk] if of_file else []))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


@pytest.mark.django_db
def test_an_htmx_fragment_with_client_names_is_never_stored(
    client: HttpClient, worker: User, file: Client
) -> None:
    login(client, worker)
    response = client.post(
        reverse("clients:search"), {"query": "El Amrani"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Fatima" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_user_known_before_there_is_a_session_cookie_is_never_stored(worker: User) -> None:
    # As when a login view answers without Django's never_cache: no session cookie came in yet.
    request = RequestFactory().get("/")
    request.user = worker
    response = PrivatePagesMiddleware(lambda request: HttpResponse("client data"))(request)
    assert "no-store" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def test_an_anonymous_request_without_session_may_be_cached() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = PrivatePagesMiddleware(lambda request: HttpResponse("public"))(request)
    assert "Cache-Control" not in response


@pytest.mark.django_db
def test_static_files_keep_their_caching_for_a_logged_in_user(
    client: HttpClient, worker: User
) -> None:
    login(client, worker)
    response = client.get("/static/css/ocmw.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response


def test_check_deploy_passes_with_the_production_environment() -> None:
    """What .ci/run runs: `manage.py check --deploy --fail-level WARNING`, DEBUG off."""
    # Only what the production environment sets; security switches of this shell do not count.
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECRET_KEY", "SECURE_", "SESSION_", "DEBUG", "ALLOWED_HOSTS"))
        # The browser tests set this in the test process (Playwright's sync API); never in
        # production.
        and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    result = subprocess.run(  # fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **inherited,
            "DJANGO_SETTINGS_MODULE": "ocmw.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "ocmw.example.be",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
