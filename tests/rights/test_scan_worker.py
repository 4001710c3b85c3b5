"""The scan on a real Celery worker process with a real Redis broker (issue 5, reliability).

The full scan is a task per batch of clients (issue 21): two worker processes share one run,
and a worker killed mid-scan leaves its batch and the rest to another.

Runs only on PostgreSQL with CELERY_BROKER_URL=redis://... (CI sets both for this file): the
worker is a separate process, so the test's rows are committed (transactional_db) and the
worker is pointed at the test database. Each test uses its own queue, so workers of parallel
test runs never take each other's messages.
"""

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Exchange, Queue

from clients.models import AccessLog, Client, Income, Sex
from ocmw.celery import app
from rights.catalogue import catalogue_sync
from rights.models import NonTakeUpFlag, Right, ScanBatch, ScanRun
from rights.tasks import scan_all_task, scan_client_task
from tests.factories import ScanRunFactory, client_of, social_worker
from wijkteams.models import Wijkteam

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
RIGHT = "verhoogde_tegemoetkoming"

# CI sets REQUIRE_CELERY_WORKER=1 with PostgreSQL and Redis: there a missing piece fails the
# tests instead of skipping them.
MISSING = (
    "the real-worker tests need PostgreSQL (the worker is another process)"
    if connection.vendor != "postgresql"
    else "the real-worker tests need CELERY_BROKER_URL=redis://..."
    if not settings.CELERY_BROKER_URL.startswith("redis://")
    else ""
)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_and_redis() -> None:
    if MISSING and os.environ.get("REQUIRE_CELERY_WORKER") == "1":
        pytest.fail(f"REQUIRE_CELERY_WORKER=1 but {MISSING}")
    if MISSING:
        pytest.skip(MISSING)


def database_url() -> str:
    """The test database, as DATABASE_URL for another process."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        DATABASE_CONN_MAX_AGE="0",
        DJANGO_SETTINGS_MODULE="tests.settings",
        **extra,
    )
    return env


def wait_for(condition: Callable[[], Any], *, seconds: float, what: str) -> Any:
    """Poll until `condition()` is truthy, with short waits; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.02)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


class Worker:
    """A `celery worker` process with one pool process, consuming one queue."""

    def __init__(self, queue: str, log: Path, **env: str) -> None:
        self.name = f"{queue}-{uuid.uuid4().hex[:6]}@localhost"
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603  (our venv's celery, our arguments)
                [
                    str(CELERY),
                    "-A",
                    "ocmw",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=1",
                    "-Q",
                    queue,
                    "-n",
                    self.name,
                    "--without-gossip",
                    "--without-mingle",
                    "--loglevel=INFO",
                ],
                cwd=ROOT,
                env=child_env(**env),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped as a whole below
            )

    def pool_processes(self) -> list[int]:
        """The pids of the worker's pool (child) processes."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except FileNotFoundError:
            return []

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def queue() -> str:
    return f"scan-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def workers(queue: str, tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """Start workers on the test's queue; all are stopped before the database is flushed."""
    started: list[Worker] = []

    def start(**env: str) -> Worker:
        worker = Worker(queue, tmp_path / f"worker-{len(started)}.log", **env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    with app.connection_for_write() as broker:
        # The queue and its binding go from Redis (declared here, so this channel knows them).
        bound = Queue(queue, Exchange(queue), routing_key=queue)(broker.default_channel)
        bound.declare()
        bound.delete()
    for worker in started:  # shown on failure
        print(worker.log.read_text(errors="replace")[-3000:])


@pytest.fixture
def only_vt(transactional_db: None) -> Right:
    """The catalogue, with only verhoogde tegemoetkoming checked (one flag per client below)."""
    catalogue_sync()
    Right.objects.exclude(code=RIGHT).update(is_active=False)
    return Right.objects.get(code=RIGHT)


def leefloon_clients(n: int) -> list[Client]:
    """`n` clients on leefloon for a year: each is eligible for verhoogde tegemoetkoming."""
    since = timezone.localdate() - dt.timedelta(days=400)
    clients = Client.objects.bulk_create(
        Client(
            national_number=f"{60_000_000_000 + i:011d}",
            first_name="Worker",
            last_name=f"Test {i}",
            birth_date=dt.date(1980, 1, 1),
            sex=Sex.FEMALE,
            leefloon_since=since,
        )
        for i in range(n)
    )
    Income.objects.bulk_create(
        Income(
            client=client,
            kind=Income.Kind.LEEFLOON,
            leefloon_category=Income.LeefloonCategory.SINGLE,
            net_monthly=Decimal("1000.00"),
            starts_on=since,
        )
        for client in clients
    )
    return clients


def assert_one_open_flag_per_client(clients: list[Client], right: Right) -> None:
    open_flags = NonTakeUpFlag.objects.filter(status__in=NonTakeUpFlag.OPEN_STATUSES)
    assert open_flags.count() == len(clients)
    assert set(open_flags.values_list("client_id", "right_id")) == {
        (client.pk, right.pk) for client in clients
    }


def test_the_nightly_task_runs_on_a_real_worker(
    only_vt: Right, queue: str, workers: Callable[..., Worker]
) -> None:
    clients = leefloon_clients(30)
    workers()
    scan_all_task.apply_async(queue=queue)  # as Celery beat sends it: no run id
    run = wait_for(
        lambda: ScanRun.objects.filter(kind="nightly", status="done").first(),
        seconds=60,
        what="the nightly run to end",
    )
    assert (run.clients, run.flags_opened, run.errors) == (30, 30, 0)
    assert_one_open_flag_per_client(clients, only_vt)

    # A change to one file: its own run, nothing new.
    scan_client_task.apply_async(args=(clients[0].pk,), queue=queue)
    one = wait_for(
        lambda: ScanRun.objects.filter(kind="client", status="done").first(),
        seconds=60,
        what="the one-client run to end",
    )
    assert (one.clients, one.flags_opened, one.flags_closed) == (1, 0, 0)


def batches_done(run: ScanRun) -> int:
    return ScanBatch.objects.filter(run=run, status=ScanBatch.Status.DONE).count()


def both_answer(*workers: Worker) -> bool:
    replies = app.control.ping(destination=[w.name for w in workers], timeout=0.5)
    return len(replies or []) == len(workers)


def test_two_worker_processes_share_the_batches_of_one_run(
    only_vt: Right, queue: str, workers: Callable[..., Worker]
) -> None:
    clients = leefloon_clients(400)
    run = ScanRunFactory.create(
        kind=ScanRun.Kind.MANUAL, started_at=timezone.now(), scan_date=timezone.localdate()
    )
    # Batches of 5 clients: 80 tasks for the two workers, both listening before the scan starts.
    pair = (workers(RIGHTS_SCAN_BATCH_SIZE="5"), workers(RIGHTS_SCAN_BATCH_SIZE="5"))
    wait_for(lambda: both_answer(*pair), seconds=60, what="both workers to answer a ping")
    scan_all_task.apply_async(kwargs={"run_id": run.pk}, queue=queue)

    done = wait_for(
        lambda: ScanRun.objects.filter(pk=run.pk, status="done").first(),
        seconds=120,
        what="the two workers to finish the run",
    )
    assert (done.clients, done.flags_opened, done.errors) == (400, 400, 0)
    assert batches_done(run) == ScanBatch.objects.filter(run=run).count() == 80
    assert_one_open_flag_per_client(clients, only_vt)
    assert AccessLog.objects.filter(actor_label="scan").count() == 400
    succeeded = re.compile(r"Task rights\.tasks\.scan_batch_task\[[^]]+\] succeeded")
    scanned = [len(succeeded.findall(w.log.read_text(errors="replace"))) for w in pair]
    print(f"batches scanned per worker: {scanned}")
    assert sum(scanned) == 80
    assert min(scanned) > 0, "one worker scanned every batch: the scan did not spread"


def test_a_worker_killed_mid_scan_leaves_the_scan_to_another_that_finishes_it_once(
    only_vt: Right, queue: str, workers: Callable[..., Worker]
) -> None:
    clients = leefloon_clients(1000)
    run = ScanRunFactory.create(
        kind=ScanRun.Kind.MANUAL, started_at=timezone.now(), scan_date=timezone.localdate()
    )
    # Batches of 5 clients: 200 tasks, each a committed transaction, slow enough to be killed
    # halfway.
    first = workers(RIGHTS_SCAN_BATCH_SIZE="5")
    scan_all_task.apply_async(kwargs={"run_id": run.pk}, queue=queue)
    wait_for(
        lambda: batches_done(run) >= 20,
        seconds=60,
        what="the scan to commit its first batches",
    )
    # The first worker takes nothing more from the queue, then its pool process dies (kill -9)
    # in the middle of the scan: the batch it was scanning goes back to the queue (acks_late
    # and reject_on_worker_lost), with the batches no worker took yet.
    replies = app.control.cancel_consumer(queue, destination=[first.name], reply=True, timeout=10)
    assert replies, "the first worker did not answer"
    (pool_process,) = first.pool_processes()
    os.kill(pool_process, signal.SIGKILL)
    killed_at = ScanRun.objects.get(pk=run.pk)
    assert killed_at.status == ScanRun.Status.RUNNING
    assert 20 <= batches_done(run) < 200

    workers(RIGHTS_SCAN_BATCH_SIZE="5")  # a new worker takes the batches left and ends the run
    done = wait_for(
        lambda: ScanRun.objects.filter(pk=run.pk, status="done").first(),
        seconds=120,
        what="the new worker to finish the run",
    )
    assert (done.clients, done.flags_opened, done.errors) == (1000, 1000, 0)
    assert batches_done(run) == 200
    assert_one_open_flag_per_client(clients, only_vt)
    # A killed batch was rolled back: every client was read and logged exactly once.
    assert AccessLog.objects.filter(actor_label="scan").count() == 1000
    assert ScanRun.objects.count() == 1


def test_saving_a_client_succeeds_quickly_when_redis_is_down(
    team: Wijkteam, only_vt: Right
) -> None:
    """A separate process with CELERY_BROKER_URL on a closed port saves a client file."""
    worker = social_worker(team)
    client = client_of(worker)
    script = (
        "import time\n"
        "from clients.services import client_update\n"
        "from wijkteams.models import User\n"
        f"actor = User.objects.get(pk={worker.pk})\n"
        "started = time.perf_counter()\n"
        f"client_update(actor=actor, client_id={client.pk}, expected_version=1,"
        " changes={'phone': '056 22'})\n"
        "print(f'SECONDS {time.perf_counter() - started:.3f}')\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=child_env(CELERY_BROKER_URL="redis://127.0.0.1:1/0"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seconds = float(result.stdout.split("SECONDS")[1])
    print(f"saving with the broker down took {seconds:.3f} s")
    assert seconds < 5  # a guard against hanging on the broker, not a speed claim
    assert Client.objects.get(pk=client.pk).phone == "056 22"
    assert "not queued, broker unreachable" in result.stdout  # logs go to stdout
    assert not ScanRun.objects.exists()
