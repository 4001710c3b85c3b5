"""Error pages with DEBUG off: a generic Dutch 500 page with an incident id that is also in the log
record of the exception, even when the database is down; 400, 403 and 404 in Dutch too.

This module is also the URL conf of its 500 tests: the project's URLs and error handlers, plus
URLs that fail.
"""

import logging
import re
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client as HttpClient
from django.urls import path, reverse

from ocmw import urls as project_urls
from tests.conftest import login
from wijkteams.models import User

EXCEPTION_DETAIL = "unexpected-exception-detail"
POSTED_VALUE = "confidential-posted-value"
INCIDENT = re.compile(r'id="incident-id">([0-9a-f]{12})<')


def _fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(EXCEPTION_DETAIL)


def _needs_the_database(request: HttpRequest) -> HttpResponse:
    User.objects.count()  # outside a django_db test, pytest-django refuses the connection
    return HttpResponse("unreachable")


handler500 = project_urls.handler500
urlpatterns = [
    path("kapot/", _fails),
    path("databank/", _needs_the_database),
    *project_urls.urlpatterns,
]

fails_here = pytest.mark.urls(__name__)


@pytest.fixture
def browser(client: HttpClient) -> HttpClient:
    # Answer with the 500 page, as in production, instead of raising into the test.
    client.raise_request_exception = False
    return client


def _incident(response: Any) -> str:
    match = INCIDENT.search(response.content.decode())
    assert match, response.content.decode()
    return match[1]


@fails_here
@pytest.mark.django_db
def test_an_exception_shows_a_generic_dutch_page_with_an_incident_id(
    browser: HttpClient, worker: User
) -> None:
    login(browser, worker)
    response = browser.get("/kapot/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging iets mis" in page
    assert len(_incident(response)) == 12
    assert EXCEPTION_DETAIL not in page
    assert "RuntimeError" not in page
    assert "Traceback" not in page


@fails_here
@pytest.mark.django_db
def test_each_failure_gets_its_own_incident_id(browser: HttpClient) -> None:
    first = _incident(browser.get("/kapot/"))
    second = _incident(browser.get("/kapot/"))
    assert first != second


@fails_here
@pytest.mark.django_db
def test_the_incident_id_is_in_the_one_error_record_with_the_traceback(
    browser: HttpClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = browser.post("/kapot/", {"note": POSTED_VALUE})
    incident = _incident(response)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1  # Django's own "Internal Server Error" record is not written twice
    record = errors[0]
    assert incident in record.getMessage()
    assert record.incident_id == incident  # type: ignore[attr-defined]  # from extra=
    assert record.exc_info is not None
    assert record.exc_info[0] is RuntimeError
    assert "POST /kapot/" in record.getMessage()
    # What was posted is in no log line, message or traceback.
    assert POSTED_VALUE not in caplog.text


@fails_here
def test_the_page_comes_up_when_the_database_is_down(
    browser: HttpClient, caplog: pytest.LogCaptureFixture
) -> None:
    # No django_db mark: every connection attempt fails, here and in the error handling. With a
    # session cookie, the first middleware that asks who the user is already needs the database.
    browser.cookies["sessionid"] = "a" * 32
    with caplog.at_level(logging.ERROR):
        response = browser.get("/databank/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
    incident = _incident(response)
    assert [incident in r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [
        True
    ]


@pytest.mark.django_db
def test_an_unknown_page_answers_404_in_dutch(client: HttpClient, worker: User) -> None:
    login(client, worker)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.django_db
def test_a_page_of_another_role_answers_403_in_dutch(client: HttpClient, worker: User) -> None:
    login(client, worker)
    response = client.get(reverse("wijkteams:configuration"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_answers_403_in_dutch(worker: User) -> None:
    browser = HttpClient(enforce_csrf_checks=True)
    response = browser.post(reverse("login"), {"username": worker.username, "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Het formulier kon niet worden verzonden" in page
    assert "CSRF" not in page


@pytest.mark.django_db
def test_a_request_for_an_unknown_host_answers_400_in_dutch(client: HttpClient) -> None:
    response = client.get(reverse("login"), HTTP_HOST="elders.example.com")
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.content.decode()
