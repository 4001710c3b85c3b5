"""The servers' own log lines carry no query string and no national number (issue 17, point 7).

A real gunicorn (with gunicorn.conf.py, as the Dockerfile runs it) and a real runserver each get
a request whose query string holds a name and a national number; their output is read back.
"""

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NUMBER = "85073003328"  # a valid national register number (check digits agree)
NAME = "Peeters"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="ocmw.settings",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def _send(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(raw)
        answer = b""
        while chunk := conn.recv(4096):
            answer += chunk
        return answer


def _start(command: list[str], env: dict[str, str], ready: str) -> Iterator[subprocess.Popen[str]]:
    # Commands of this file only, never outside input.
    process = subprocess.Popen(  # noqa: S603
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if ready in line:
            break
    else:
        pytest.fail(f"the server did not start: {''.join(seen)}")
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    return output


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = _free_port()
    command = [str(Path(sys.executable).with_name("gunicorn")), "ocmw.wsgi:application"]
    command += ["-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    command += ["--error-logfile", "-", "--log-level", "info"]
    env = _env(tmp_path, LOG_FORMAT="json")
    for process in _start(command, env, ready="Booting worker"):
        yield process, port


def test_gunicorn_logs_an_invalid_request_line_as_json_without_query_or_number(
    gunicorn: tuple[subprocess.Popen[str], int],
) -> None:
    process, port = gunicorn
    # A control character in the target: gunicorn refuses the line and logs it as it came.
    line = f"GET /zoeken?naam={NAME}&nn={NUMBER}&x=\x01 HTTP/1.1"
    answer = _send(port, f"{line}\r\nHost: 127.0.0.1\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 400")
    output = _stop(process)
    invalid = [line for line in output.splitlines() if "Invalid request" in line]
    assert invalid, output
    for line in invalid:
        record = json.loads(line)  # one JSON object, like the app's own lines
        assert record["logger"] == "gunicorn.error"
        assert "/zoeken?…" in record["message"]
    assert NUMBER not in output
    assert NAME not in output


def test_runserver_writes_no_request_line_with_its_query_string(tmp_path: Path) -> None:
    port = _free_port()
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    for process in _start(command, _env(tmp_path), ready="Quit the server with"):
        answer = _send(
            port,
            f"GET /bestaat-niet?naam={NAME}&nn={NUMBER} HTTP/1.1\r\n"
            f"Host: 127.0.0.1\r\nConnection: close\r\n\r\n".encode(),
        )
        assert answer.startswith(b"HTTP/1.1 404")
        output = _stop(process)
    assert "GET /bestaat-niet 404" in output  # the request was logged, by ocmw.request
    assert NUMBER not in output
    assert NAME not in output
