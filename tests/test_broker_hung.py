"""A Redis that hangs must not hang the web app (issue 17, point 1).

A paused Redis (SIGSTOP, as under a stuck host or a long fork) still accepts TCP connections,
so a connect timeout alone does not help: the client then waits for an answer forever. These
tests start a real redis-server of their own, pause and resume it, and check that a save that
publishes a task, and the readiness probe, come back within a short bound.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings as SettingsWrapper
from redis import Redis

from clients.models import Client, Income
from ocmw.celery import app
from tests.conftest import login
from tests.factories import client_of
from wijkteams.models import User

REDIS_SERVER = shutil.which("redis-server")


def _bound() -> float:
    """How long a request may wait here: a few times the socket timeout, never 'forever'."""
    return 4 * settings.CELERY_BROKER_SOCKET_TIMEOUT + 2


@dataclass
class RedisProcess:
    process: subprocess.Popen[str]
    url: str

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def queued(self) -> int:
        return int(Redis.from_url(self.url).llen(app.conf.task_default_queue))


@pytest.fixture
def redis_process(tmp_path: Path) -> Iterator[RedisProcess]:
    if REDIS_SERVER is None:
        if os.environ.get("REQUIRE_CELERY_WORKER") == "1":
            pytest.fail("REQUIRE_CELERY_WORKER=1 but redis-server is not installed")
        pytest.skip("redis-server is not installed: the hung-broker tests need one of their own")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(tmp_path)]
    # The command is built here from a found binary and a free port, never from outside input.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert process.stdout is not None
    for line in process.stdout:
        if "Ready to accept connections" in line:
            break
    else:
        pytest.fail("redis-server did not start")
    # Keep reading its log, so a full pipe never blocks the server.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    redis = RedisProcess(process=process, url=f"redis://127.0.0.1:{port}/0")
    yield redis
    redis.resume()
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def celery_on(redis_process: RedisProcess) -> Iterator[RedisProcess]:
    """The project's Celery app publishing to this Redis, with the timeouts of the settings."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    _drop_pools()
    app.conf.update(broker_url=redis_process.url, task_always_eager=False)
    yield redis_process
    _drop_pools()
    app.conf.update(broker_url=saved[0], task_always_eager=saved[1])


def _drop_pools() -> None:
    """Forget the app's connection and producer pools, so the next publish takes them for the
    broker now configured (another test may have published to memory://). Not closed: kombu
    keeps them per broker and hands them out again when that broker is configured again.
    Celery has no public call that resets both."""
    setattr(app, "_pool", None)  # noqa: B010 (private: the stubs do not know it)
    setattr(app.amqp, "_producer_pool", None)  # noqa: B010


def add_income(http: HttpClient, client: Client, kind: str) -> int:
    response = http.post(
        reverse("clients:income_add", args=[client.pk]),
        {
            "income-member": "",
            "income-kind": kind,  # one line per kind: each call adds a new one
            "income-net_monthly": "100,00",
            "income-starts_on": "2026-01-01",
            "income-ends_on": "",
        },
    )
    return response.status_code


@pytest.mark.django_db
def test_a_save_returns_at_once_while_redis_hangs_and_publishes_again_after(
    celery_on: RedisProcess,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    worker: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = client_of(worker)
    http = login(HttpClient(), worker)
    with django_capture_on_commit_callbacks(execute=True):
        assert add_income(http, client, "pension") == 302
    assert celery_on.queued() == 1  # the scan of the file was queued: the pool holds a connection

    celery_on.pause()
    # Without a socket timeout the save would wait forever: resume Redis after the bound so the
    # test ends either way, and fail when the save took that long.
    rescue = threading.Timer(_bound(), celery_on.resume)
    rescue.start()
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            status = add_income(http, client, "maintenance")
        waited = time.monotonic() - started
    finally:
        rescue.cancel()
    assert waited < _bound(), f"the save waited {waited:.1f} s for a paused Redis"
    assert status == 302
    assert Income.objects.filter(client=client, kind="maintenance").exists()
    assert "not queued, broker unreachable" in caplog.text

    celery_on.resume()
    # The message sent into the paused server's socket may still land once it resumes: a scan
    # queued twice is harmless (scans are idempotent). What matters: publishing works again.
    queued = celery_on.queued()
    with django_capture_on_commit_callbacks(execute=True):
        assert add_income(http, client, "other") == 302
    assert celery_on.queued() == queued + 1  # a fresh connection replaced the one that timed out


@pytest.mark.django_db
def test_readyz_answers_503_while_redis_hangs(
    redis_process: RedisProcess, client: HttpClient, settings: SettingsWrapper
) -> None:
    settings.CELERY_BROKER_URL = redis_process.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert json.loads(client.get("/readyz").content)["broker"] == "ok"

    redis_process.pause()
    rescue = threading.Timer(_bound(), redis_process.resume)
    rescue.start()
    try:
        started = time.monotonic()
        response = client.get("/readyz")
        waited = time.monotonic() - started
    finally:
        rescue.cancel()
    assert waited < _bound(), f"the probe waited {waited:.1f} s for a paused Redis"
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "broker": "error"}
