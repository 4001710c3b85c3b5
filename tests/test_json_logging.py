"""Structured logs: one JSON line per record, with the request id, without personal data."""

import datetime as dt
import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from core.request_log import REQUEST_ID_HEADER, JsonLogFormatter
from tests.conftest import login
from tests.factories import EnrolmentLinkFactory, client_of
from wijkteams.models import User

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {"timestamp", "level", "logger", "message", "request_id", "user_id"}


class Captured:
    """What the root logger wrote through the JSON formatter during a test."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def records(self) -> list[dict[str, object]]:
        # json.loads per line: every record must be exactly one JSON object on one line.
        return [json.loads(line) for line in self.text.splitlines()]

    def access_lines(self) -> list[dict[str, object]]:
        return [r for r in self.records() if r["logger"] == "ocmw.request"]


@pytest.fixture
def captured() -> Iterator[Captured]:
    logs = Captured()
    handler = logging.StreamHandler(logs.stream)
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield logs
    root.removeHandler(handler)


def test_every_request_gets_one_access_line_with_the_user_id_not_the_name(
    client: HttpClient, worker: User, captured: Captured
) -> None:
    login(client, worker)
    response = client.get(reverse("clients:my_cases"))
    assert response.status_code == 200
    [line] = captured.access_lines()
    assert set(line) >= FIELDS | {"method", "path", "status", "duration_ms"}
    assert line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"]) == (
        "GET",
        reverse("clients:my_cases"),
        200,
    )
    assert isinstance(line["duration_ms"], float)
    assert line["user_id"] == worker.pk
    assert line["request_id"] == response[REQUEST_ID_HEADER]
    assert worker.username not in captured.text


def test_the_request_id_of_the_caller_reaches_records_logged_deeper_down(
    client: HttpClient, captured: Captured, settings: SettingsWrapper, db: None
) -> None:
    # /readyz logs a warning from inside the view when the broker is down, and Django logs the
    # 503 after the middleware has returned: both belong to the request.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/readyz", headers={REQUEST_ID_HEADER: "lb-7f3a.91_x"})
    assert response.status_code == 503
    assert response[REQUEST_ID_HEADER] == "lb-7f3a.91_x"
    by_logger = {r["logger"]: r for r in captured.records()}
    assert {"core.health", "django.request", "ocmw.request"} <= set(by_logger)
    for name in ("core.health", "django.request", "ocmw.request"):
        assert by_logger[name]["request_id"] == "lb-7f3a.91_x", name


@pytest.mark.parametrize(
    "incoming", ["", "a b", "x" * 129, 'id"}, "user_id": 1', "naïve", "line\\nbreak"]
)
def test_an_unsafe_incoming_request_id_is_replaced(
    client: HttpClient, captured: Captured, incoming: str
) -> None:
    response = client.get("/healthz", headers={REQUEST_ID_HEADER: incoming} if incoming else {})
    request_id = response[REQUEST_ID_HEADER]
    assert request_id != incoming
    assert len(request_id) == 32
    int(request_id, 16)  # a fresh uuid4 in hex
    [line] = captured.access_lines()
    assert line["request_id"] == request_id


def test_records_outside_a_request_have_no_request_id(
    client: HttpClient, captured: Captured
) -> None:
    client.get("/healthz")
    logging.getLogger("ocmw.test").warning("after the request")
    last = captured.records()[-1]
    assert (last["message"], last["request_id"], last["user_id"]) == (
        "after the request",
        None,
        None,
    )


def test_a_search_logs_its_path_without_the_form_data(
    client: HttpClient, worker: User, captured: Captured
) -> None:
    known = client_of(worker, last_name="Vandevelde")
    login(client, worker)
    response = client.post(reverse("clients:search"), {"query": "Vandevelde 85.07.30-033.28"})
    assert response.status_code == 200
    assert known.last_name.encode() in response.content  # the search did run
    [line] = captured.access_lines()
    assert (line["method"], line["path"]) == ("POST", reverse("clients:search"))
    assert "Vandevelde" not in captured.text
    assert "85.07.30" not in captured.text


def test_query_strings_stay_out_of_every_record(client: HttpClient, captured: Captured) -> None:
    # Django logs the 404 with the request object as an extra field; its text has the query.
    response = client.get("/bestaat-niet/?naam=Vandevelde&nr=85073003328")
    assert response.status_code == 404  # no page there; anonymous or not, not a login redirect
    [line] = captured.access_lines()
    assert line["path"] == "/bestaat-niet/"
    assert "Vandevelde" not in captured.text
    assert "85073003328" not in captured.text


def test_an_exception_is_one_line_with_its_traceback(captured: Captured) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("ocmw.test").exception("failed")
    [record] = captured.records()
    assert record["level"] == "ERROR"
    assert "ValueError: boom" in str(record["exc_info"])


def _log_once(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Log one record with the real settings in a fresh interpreter, as gunicorn would."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "LOG_FORMAT"}}
    return subprocess.run(  # fixed arguments
        [
            sys.executable,
            "-c",
            "import django, logging; django.setup(); "
            "logging.getLogger('ocmw.test').warning('started')",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "ocmw.settings", "SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_logs_json_lines_on_stdout() -> None:
    result = _log_once({"DEBUG": "false"})
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    [started] = [r for r in records if r["logger"] == "ocmw.test"]
    assert set(started) >= FIELDS
    assert (started["level"], started["message"]) == ("WARNING", "started")


def test_log_format_plain_writes_text() -> None:
    result = _log_once({"DEBUG": "false", "LOG_FORMAT": "plain"})
    assert result.returncode == 0, result.stderr
    assert "WARNING ocmw.test [-] started" in result.stdout
    assert "{" not in result.stdout


def test_an_unknown_log_format_refuses_to_start() -> None:
    result = _log_once({"DEBUG": "false", "LOG_FORMAT": "xml"})
    assert result.returncode != 0
    assert "LOG_FORMAT" in result.stderr


def _record_of_a_database_error(number: str) -> logging.LogRecord:
    """A record as Django's 500 handler makes it from a unique-constraint error that quotes the
    national number; formatted here, never emitted (the suite's log guard would fail the test)."""
    try:
        raise RuntimeError(f'duplicate key value violates unique constraint "x" ({number})')
    except RuntimeError:
        exc_info = sys.exc_info()
    return logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Error for %s", (number,), exc_info
    )


@pytest.mark.parametrize("dotted", [False, True], ids=["digits", "dotted"])
def test_both_formats_mask_a_national_number_in_message_and_traceback(dotted: bool) -> None:
    from clients.national_number import national_number_for
    from core.request_log import MaskingFormatter

    number = national_number_for(dt.date(1985, 7, 30), 33)
    n = number
    shown = f"{n[:2]}.{n[2:4]}.{n[4:6]}-{n[6:9]}.{n[9:]}" if dotted else n
    for formatter in (JsonLogFormatter(), MaskingFormatter("%(message)s")):
        text = formatter.format(_record_of_a_database_error(shown))
        assert number not in text.replace(".", "").replace("-", "")
        assert "**.**.**-***.**" in text
        assert "duplicate key value" in text  # the rest of the line is kept


def test_other_long_numbers_are_not_masked() -> None:
    from core.request_log import mask_national_numbers

    for text in ("phone 0470123456", "amount 12345678901 cents", "BE68539007547034"):
        assert mask_national_numbers(text) == text


# --- secrets in a path (the enrolment link's token, issue 17 point 4) -------------------------


def test_an_enrolment_link_never_reaches_a_log_line(
    client: HttpClient, captured: Captured, db: None
) -> None:
    """Its token is in the URL path: the access line, Django's own "Not Found" and "Gone"
    warnings and the refused form all show the path with the token masked."""
    EnrolmentLinkFactory.create(token="open-token-0123456789abcdef")
    EnrolmentLinkFactory.create(token="used-token-0123456789abcdef", used_at=timezone.now())
    paths = [
        reverse("wijkteams:enrolment", args=["open-token-0123456789abcdef"]),
        reverse("wijkteams:enrolment", args=["used-token-0123456789abcdef"]),
        reverse("wijkteams:enrolment", args=["unknown-token-0123456789abcdef"]),
    ]
    assert [client.get(path).status_code for path in paths] == [200, 410, 404]
    assert client.post(paths[0], {"new_password1": "x"}).status_code == 200
    assert Client(enforce_csrf_checks=True).post(paths[0]).status_code == 403

    assert "0123456789abcdef" not in captured.text
    lines = captured.access_lines()
    assert {line["path"] for line in lines} == {"/inschrijven/…/"}
    warnings = [r["message"] for r in captured.records() if r["level"] == "WARNING"]
    assert "Not Found: /inschrijven/…/" in warnings


def test_both_formats_mask_a_secret_path_in_any_record() -> None:
    from core.request_log import MaskingFormatter, secret_path_register

    secret_path_register("/inschrijven/")  # as wijkteams does in its AppConfig.ready()

    record = logging.makeLogRecord(
        {"msg": "Bad Request: %s", "args": ("/inschrijven/abc-DEF_123/?x=1",), "levelname": "INFO"}
    )
    for formatter in (JsonLogFormatter(), MaskingFormatter("%(message)s")):
        text = formatter.format(record)
        assert "abc-DEF_123" not in text
        assert "/inschrijven/…/" in text
