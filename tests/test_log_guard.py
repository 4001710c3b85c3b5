"""The log guard (tests/log_guard.py) finds national numbers in log records and fails the test."""

import datetime as dt
import logging
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from stdnum.be import bis

from clients.national_number import national_number_for
from tests.log_guard import LogGuard, leaks_in, national_numbers_in

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def number() -> str:
    # A fixed valid number: the factories' numbers depend on how many clients the run made
    # before, and one born in 2000 or later starts with 0, which an int argument would drop.
    number = national_number_for(dt.date(1985, 7, 30), 33)
    assert len(number) == 11
    return number


def _record(
    msg: str,
    *args: object,
    name: str = "clients.services",
    level: int = logging.INFO,
    **extra: object,
) -> logging.LogRecord:
    record = logging.LogRecord(name, level, __file__, 1, msg, args or None, None)
    record.__dict__.update(extra)
    return record


def _spaced(number: str) -> str:
    return f"{number[:6]} {number[6:9]} {number[9:]}"


def _dotted(number: str) -> str:
    return f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"


@pytest.mark.parametrize("written", [str, _spaced, _dotted], ids=["plain", "spaced", "dotted"])
def test_a_national_number_in_the_message_is_found_in_every_notation(number, written) -> None:
    (line,) = leaks_in(_record(f"client {written(number)} saved", name="clients.views"))
    assert "'clients.views'" in line
    assert "national register number" in line


def test_a_bis_number_is_found() -> None:
    # A BIS number: the birth month plus 40 when the sex is known, with its own check digits.
    base = "854730033"
    bis_number = f"{base}{97 - int(base) % 97:02d}"
    assert bis.is_valid(bis_number)
    assert national_numbers_in(f"bis {bis_number}") == [bis_number]


def test_the_number_is_found_in_arguments_extras_and_exceptions(number) -> None:
    assert leaks_in(_record("client %s saved", number))
    assert leaks_in(_record("client %(nn)s saved", {"nn": int(number)}))
    assert leaks_in(_record("unused argument", number))
    assert leaks_in(_record("request done", client={"nn": number}))  # extra=, as JSON logs it
    try:
        try:
            raise IntegrityError(f"DETAIL: Key (national_number)=({number}) already exists.")
        except IntegrityError as error:
            raise ValueError("save failed") from error
    except ValueError:
        exc_info = sys.exc_info()
    for level in (logging.DEBUG, logging.ERROR):
        record = logging.LogRecord("clients", level, __file__, 1, "save failed", None, exc_info)
        assert leaks_in(record), level
    invalid = ValidationError("%(value)s is taken", params={"value": number})
    record = logging.LogRecord(
        "x", logging.DEBUG, __file__, 1, "m", None, (ValidationError, invalid, None)
    )
    assert leaks_in(record)


def test_the_report_masks_the_number(number) -> None:
    (line,) = leaks_in(_record(f"client {_dotted(number)} saved"))
    assert number not in line
    assert _dotted(number) not in line
    assert "client **.**.**-***.** saved" in line


def test_ordinary_digits_pass(number) -> None:
    wrong_check = number[:9] + f"{(int(number[9:]) + 1) % 100:02d}"
    for text in [
        "phone +32 56 27 72 00, mobile 0470 12 34 56",
        "amount 12.345.678,90 EUR, income 1 234,56",
        f"a wrong check digit {wrong_check}",
        "IBAN BE68 5390 0754 7034",
        "at 2025-06-30 12:00:00 request 1234567890 took 12 ms",
        f"twelve digits {number}1",
        # A Celery task id whose digits join into 85073003328 (valid): a UUID, not a number.
        "Task rights.tasks.scan_client_task[4f076b85-0730-0332-8ba6-09a5c4fb5403] succeeded",
    ]:
        assert national_numbers_in(text) == [], text
        assert leaks_in(_record(text)) == [], text


def test_a_number_beside_a_uuid_is_still_found(number) -> None:
    text = f"task 4f076b85-0730-0332-8ba6-09a5c4fb5403 for {number}"
    assert national_numbers_in(text) == [number]
    assert national_numbers_in(f"id {number}-0730-0332-8ba6-09a5c4fb5403") == [number]


def test_sql_and_factory_debug_records_are_exempt(number) -> None:
    # Written only by the debug cursor and by test factories, never in production.
    assert leaks_in(_record("(0.001) INSERT ... %s", number, name="django.db.backends")) == []
    assert leaks_in(_record("Preparing %s", {"national_number": number}, name="factory.base")) == []


@pytest.fixture
def quiet_logger() -> Iterator[logging.Logger]:
    # Set up before the test runs, as the app's loggers are (the guard adjusts the loggers
    # that exist when a test phase starts).
    quiet = logging.getLogger("tests.guard.quiet")
    quiet.setLevel(logging.ERROR)  # above DEBUG: lowered while the test runs
    quiet.propagate = False  # does not reach the root logger: the guard is on it too
    yield quiet
    quiet.propagate = True
    quiet.setLevel(logging.NOTSET)


def test_the_guard_sees_every_logger_and_thread_of_the_running_test(
    log_guard: LogGuard, number: str, caplog: pytest.LogCaptureFixture, quiet_logger: logging.Logger
) -> None:
    quiet_logger.debug("client %s", number)
    worker = threading.Thread(target=logging.getLogger("live.server").info, args=(number,))
    worker.start()
    worker.join()
    logging.getLogger("tests.guard.plain").debug("debug %s", number)
    assert len(log_guard.findings) == 3
    assert all(number not in line for line in log_guard.findings)
    assert "'tests.guard.quiet'" in log_guard.findings[0]
    # Handlers that were there keep their level: pytest captured only the INFO record.
    assert [r.name for r in caplog.records] == ["live.server"]
    log_guard.findings.clear()  # found on purpose; anything left would fail this test


def test_the_guard_sees_what_the_live_server_thread_logs(
    log_guard: LogGuard, number: str, live_server: Any
) -> None:
    # The browser tests' server answers in a thread of its own; a path with a number in it is
    # written there to the access log (an anonymous visitor is sent on to the login page).
    with urlopen(f"{live_server.url}/dossiers/{number}/") as response:  # noqa: S310  # ours
        assert response.status == 200
    assert log_guard.findings
    assert all(number not in line for line in log_guard.findings)
    assert any("'ocmw.request'" in line for line in log_guard.findings)
    log_guard.findings.clear()


def test_a_test_that_logs_a_number_fails_with_the_logger_named(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, number: str
) -> None:
    pytester.makepyfile(
        test_leak=f"""
        import logging

        def test_logs_a_number():
            logging.getLogger("clients.leaky").warning("saved %s", "{_spaced(number)}")

        def test_logs_a_phone_number():
            logging.getLogger("clients.fine").warning("call 0470 12 34 56")
        """
    )
    # A separate pytest process with only the guard: its failing test must not fail this one.
    env_path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    monkeypatch.setenv("PYTHONPATH", env_path)
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "tests.settings")
    result = pytester.runpytest_subprocess("-p", "tests.log_guard", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    masked = "'saved ****** *** **'"
    result.stdout.fnmatch_lines(
        [f"*logger 'clients.leaky' (WARNING*national register number: {masked}"]
    )
    assert number not in result.stdout.str()
    assert _spaced(number) not in result.stdout.str()
