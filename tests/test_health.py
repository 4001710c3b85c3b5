"""/healthz and /readyz: what container health checks call, without a login."""

import json
import os
import time

import pytest
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.conftest import login
from wijkteams.models import User

# A port nothing listens on: connecting is refused at once, as when Redis is down.
CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


def test_healthz_answers_ok_without_touching_the_database(client: HttpClient) -> None:
    # No django_db mark: pytest-django fails any query, as a database that is down would.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_the_database_and_an_embedded_broker(
    client: HttpClient, settings: SettingsWrapper
) -> None:
    settings.CELERY_BROKER_URL = "memory://"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "broker": "embedded"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_503_quickly_when_the_broker_is_down(
    client: HttpClient, settings: SettingsWrapper
) -> None:
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    settings.CELERY_TASK_ALWAYS_EAGER = False
    started = time.perf_counter()
    response = client.get("/readyz")
    seconds = time.perf_counter() - started
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "broker": "error"}
    assert seconds < 3  # a probe may not hang on a dead broker
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def real_broker() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        pytest.skip("needs CELERY_BROKER_URL=redis://... (CI's Celery step sets it)")
    return url


@pytest.mark.django_db
def test_readyz_reports_a_reachable_broker(
    client: HttpClient, settings: SettingsWrapper, real_broker: str
) -> None:
    settings.CELERY_BROKER_URL = real_broker
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "broker": "ok"}


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_pass_the_two_factor_step(
    client: HttpClient, worker: User, settings: SettingsWrapper, path: str
) -> None:
    """A session that has not done its second factor yet is not sent to the token page."""
    settings.OTP_REQUIRED = True
    login(client, worker)
    assert client.get(reverse("clients:my_cases")).status_code == 302  # the rest: second factor
    assert client.get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_answer_plain_http_in_production(client: HttpClient, path: str) -> None:
    """SECURE_SSL_REDIRECT is on in production; a health check over http is not redirected."""
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get(path).status_code == 200
        assert client.get("/aanmelden/").status_code == 301  # the rest still goes to https


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_refuse_writes(client: HttpClient, path: str) -> None:
    assert client.post(path).status_code == 405
