"""The fault drill of the production-like run (issue 17, point 11): faults a real deployment
meets, played against the running stack, and what users and data may notice of them.

    .venv/bin/python scripts/production_run.py --fault-drill

After the smoke test, on the same database, the services run again with a Redis of the drill's
own (a redis-server on a free port: pausing it never touches a Redis others share) and scan
batches of 5 clients. Then:

1. PostgreSQL drops the app's connections during the nightly scan. The drill holds a row lock
   the scan's second batch needs and, once the worker waits for it, terminates every backend of
   the app (pg_terminate_backend, as a restart or a failover would). The worker retries the
   batch's task, the run goes on with the batches left, and its flags equal those of a clean
   scan of a copy of the database taken before: no flag lost or twice, every client read (and
   logged) once.
2. PostgreSQL drops the app's connections between two requests, then during a save. The next
   request after the first succeeds (Django's connection health checks); the save that lost
   its connection is the only request that fails and writes nothing; saving again succeeds,
   once.
3. Redis hangs (SIGSTOP) during a save. The save succeeds promptly (the broker's socket
   timeout) without queueing its scan (the nightly scan catches up); after SIGCONT the next
   save's scan runs on the worker again.

Every failed check raises SmokeError, so production_run.py exits non-zero.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from production_run import (
    WORKER,
    Browser,
    SmokeError,
    Stack,
    free_port,
    log_in,
    manage,
    recreate_database,
    run,
    running,
    wait_until_ready,
)

BATCH_SIZE = 5  # the scan's batches during the drill: the 20 demo clients make several
DRILL_CODE = "faultdrill1"  # a backup code: the smoke test used this minute's TOTP code
OPEN_STATUSES = ("open", "contacted", "applied")  # rights.models.NonTakeUpFlag.OPEN_STATUSES

T = TypeVar("T")


def wait_for(
    condition: Callable[[], T], *, seconds: float, what: str, stack: Stack | None = None
) -> T:
    """Poll `condition()` until it is truthy; SmokeError after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        if stack is not None:
            stack.check_running()
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise SmokeError(f"waited {seconds} s in vain for {what}")
        time.sleep(0.2)


# --- a Redis of the drill's own -------------------------------------------------------------


@dataclass
class RedisServer:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@contextmanager
def private_redis(folder: Path) -> Iterator[RedisServer]:
    """A redis-server on a free port, without persistence, stopped on the way out."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SmokeError("the fault drill needs redis-server (a Redis of its own to pause)")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(folder)]
    with (folder / "redis.log").open("wb") as log:
        # A found binary and a free port, no outside input.
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    redis = RedisServer(process, port)
    try:
        wait_for(redis.answers, seconds=10, what="the drill's redis-server to answer")
        yield redis
    finally:
        redis.resume()
        process.terminate()
        process.wait(timeout=10)


# --- the drill's own connections to the app's database --------------------------------------


class Database:
    """Two sessions as the PostgreSQL superuser (the app's role may neither see nor end other
    sessions): `watch` reads, in autocommit; `locker` holds row locks in an open transaction."""

    def __init__(self, url: str) -> None:
        self.name = urllib.parse.urlsplit(url).path.lstrip("/")
        self.watch: psycopg.Connection[tuple[Any, ...]] = psycopg.connect(url, autocommit=True)
        self.locker: psycopg.Connection[tuple[Any, ...]] = psycopg.connect(url)
        self.own = [self.watch.info.backend_pid, self.locker.info.backend_pid]

    def close(self) -> None:
        self.watch.close()
        self.locker.close()

    def rows(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        return self.watch.execute(sql, params).fetchall()

    def one(self, sql: str, params: tuple[object, ...] = ()) -> tuple[Any, ...]:
        rows = self.rows(sql, params)
        if len(rows) != 1:
            raise SmokeError(f"expected one row, got {rows}: {sql}")
        return rows[0]

    @contextmanager
    def row_locks(self, sql: str, params: tuple[object, ...]) -> Iterator[int]:
        """Hold the FOR UPDATE locks of `sql` until the block ends; the number of rows."""
        locked = len(self.locker.execute(sql, params).fetchall())
        try:
            yield locked
        finally:
            self.locker.rollback()

    def app_waiting_for_a_lock(self) -> bool:
        """Whether a session of the app waits for a lock (one of the drill's)."""
        return bool(
            self.rows(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> ALL(%s)"
                " AND wait_event_type = 'Lock'",
                (self.name, self.own),
            )
        )

    def terminate_app_backends(self) -> int:
        """End every session of the app's database except the drill's; how many ended."""
        ended = self.rows(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"
            " AND pid <> ALL(%s) AND backend_type = 'client backend'",
            (self.name, self.own),
        )
        return sum(1 for (ok,) in ended if ok)

    def flags(self) -> Counter[tuple[int, int, str]]:
        """How many flags there are per client, right and status."""
        return Counter(
            {
                (client, right, status): count
                for client, right, status, count in self.rows(
                    "SELECT client_id, right_id, status, count(*) FROM rights_nontakeupflag"
                    " GROUP BY 1, 2, 3"
                )
            }
        )

    def open_twice(self) -> list[tuple[Any, ...]]:
        """(client, right) pairs with more than one open flag: there must be none."""
        return self.rows(
            "SELECT client_id, right_id, count(*) FROM rights_nontakeupflag"
            " WHERE status = ANY(%s) GROUP BY 1, 2 HAVING count(*) > 1",
            (list(OPEN_STATUSES),),
        )

    def record(self, client_id: int) -> tuple[str, int]:
        phone, version = self.one(
            "SELECT phone, version FROM clients_client WHERE id = %s", (client_id,)
        )
        return str(phone), int(version)


@dataclass
class CleanScan:
    """What an undisturbed scan of the same data ends with."""

    counters: tuple[int, ...]  # the run's clients, flags opened, flags closed, errors
    flags: Counter[tuple[int, int, str]]


@dataclass
class Drill:
    stack: Stack
    db: Database
    browser: Browser
    redis: RedisServer
    client_id: int
    first_batch_end: int  # the id of the last client of the scan's first batch

    @property
    def edit_path(self) -> str:
        return f"/dossiers/{self.client_id}/bewerken/"

    def service_log(self, name: str) -> str:
        (service,) = [s for s in self.stack.services if s.name == name]
        return service.log.read_text(encoding="utf-8", errors="replace")

    def server_errors(self) -> list[str]:
        """The requests gunicorn answered with a 5xx, from the app's JSON request log."""
        errors = []
        for line in self.service_log("gunicorn").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line of another program
            if record.get("logger") == "ocmw.request" and int(record.get("status", 0)) >= 500:
                errors.append(str(record["message"]))
        return errors

    def saved(self, phone: str) -> None:
        """The save ended on the client file (POST, redirect) and the database has it."""
        self.browser.expect(200)
        if not self.browser.url.endswith(f"/dossiers/{self.client_id}/"):
            raise SmokeError(f"the save did not end on the client file but on {self.browser.url}")
        if self.db.record(self.client_id)[0] != phone:
            raise SmokeError(
                f"the save reported success, the database has {self.db.record(self.client_id)}"
            )


# --- 1. the scan ------------------------------------------------------------------------------


def clean_scan(*, env: dict[str, str], admin_url: str, server: str, folder: Path) -> CleanScan:
    """Scan a copy of the database, as it is now, in-process and undisturbed: the run's
    counters and the flags the drilled scan must end with."""
    database = urllib.parse.urlsplit(admin_url).path.lstrip("/")
    copy = f"{database}_fault_clean"
    dump = folder / "fault-drill.dump"
    run("pg_dump", "--format=custom", f"--file={dump}", admin_url)
    recreate_database(server, copy)
    run("pg_restore", "--no-owner", f"--dbname={server}/{copy}", str(dump))
    out = manage(
        # No broker: the task runs in this process.
        env | {"DATABASE_URL": f"{server}/{copy}", "CELERY_BROKER_URL": ""},
        "shell",
        "-c",
        "from rights.models import ScanRun;"
        "from rights.tasks import scan_all_task;"
        "run = ScanRun.objects.get(pk=scan_all_task());"
        "print('RUN', run.status, run.clients, run.flags_opened, run.flags_closed, run.errors)",
    )
    counters = _last_line(out, "RUN")
    if counters[0] != "done":
        raise SmokeError(f"the clean scan of the copy did not end: {counters}")
    copy_db = Database(f"{server}/{copy}")
    try:
        flags = copy_db.flags()
    finally:
        copy_db.close()
    return CleanScan(counters=tuple(int(n) for n in counters[1:]), flags=flags)


def _last_line(out: str, tag: str) -> list[str]:
    """The words after `tag` on the last line that starts with it (JSON logs come before)."""
    lines = [line.split()[1:] for line in out.splitlines() if line.startswith(tag + " ")]
    if not lines:
        raise SmokeError(f"no {tag} line in:\n{out}")
    return lines[-1]


def scan_drill(drill: Drill, *, env: dict[str, str], reference: CleanScan) -> None:
    print("fault drill 1: PostgreSQL ends the app's connections during the nightly scan")
    clients, opened, closed, errors = reference.counters
    clean_flags = reference.flags
    db = drill.db
    with db.row_locks(
        "SELECT id FROM clients_client WHERE id > %s FOR UPDATE", (drill.first_batch_end,)
    ):
        # As Celery beat sends it at night: no run id, the task takes tonight's run.
        manage(env, "shell", "-c", "from rights.tasks import scan_all_task; scan_all_task.delay()")
        wait_for(
            db.app_waiting_for_a_lock,
            seconds=60,
            what="the scan's second batch to wait for the drill's row lock",
            stack=drill.stack,
        )
        run_id, status, scanned = db.one(
            "SELECT id, status, clients FROM rights_scanrun WHERE kind = 'nightly'"
        )
        done, last_id = db.one(
            "SELECT count(*), max(up_to_id) FROM rights_scanbatch"
            " WHERE run_id = %s AND status = 'done'",
            (run_id,),
        )
        if (status, done, last_id, scanned) != ("running", 1, drill.first_batch_end, BATCH_SIZE):
            raise SmokeError(
                f"the scan should have committed its first batch and no more: status {status},"
                f" {done} batches done up to client {last_id} (expected 1, up to"
                f" {drill.first_batch_end}), {scanned} clients"
            )
        ended = db.terminate_app_backends()
    print(
        f"  the scan committed its first batch of {BATCH_SIZE} clients and waited in the second:"
        f" ended the app's {ended} connections (pg_terminate_backend)"
    )
    status, *counters = wait_for(
        lambda: db.rows(
            "SELECT status, clients, flags_opened, flags_closed, errors FROM rights_scanrun"
            " WHERE id = %s AND status <> 'running'",
            (run_id,),
        ),
        seconds=120,
        what="the interrupted scan to end",
        stack=drill.stack,
    )[0]
    worker_log = drill.service_log("worker")
    if not re.search(r"scan_batch_task\[[^]]+\] retry: Retry in", worker_log):
        raise SmokeError("the worker's log shows no retry of the scan's batch task")
    if status != "done" or tuple(counters) != (clients, opened, closed, errors):
        raise SmokeError(
            f"the resumed run ended {status} with clients, opened, closed, errors = {counters};"
            f" the clean scan: {(clients, opened, closed, errors)}"
        )
    print(
        f"  the worker retried the batch's task and the run resumed after its first batch: done,"
        f" with {clients} clients, {opened} flags opened, {closed} closed, as the clean scan"
    )
    runs = db.one("SELECT count(*) FROM rights_scanrun WHERE kind = 'nightly'")[0]
    logged, distinct = db.one(
        "SELECT count(*), count(DISTINCT client_id) FROM clients_accesslog WHERE action = 'scan'"
        " AND at >= (SELECT started_at FROM rights_scanrun WHERE id = %s)",
        (run_id,),
    )
    if (runs, logged, distinct) != (1, clients, clients):
        raise SmokeError(
            f"{runs} nightly runs, {logged} access-log rows of the scan for {distinct} clients"
            f" (expected 1 run and one row for each of the {clients} clients)"
        )
    print(f"  one nightly run; each of the {clients} clients read and logged once")
    flags, twice = db.flags(), db.open_twice()
    if flags != clean_flags or twice:
        lost, extra = clean_flags - flags, flags - clean_flags
        raise SmokeError(
            f"flags differ from the clean scan's: lost {dict(lost)}, extra {dict(extra)};"
            f" open twice: {twice}"
        )
    print(
        f"  the flags equal the clean scan's of a copy: {flags.total()} flags,"
        f" {len(flags)} (client, right, status) groups, none open twice"
    )


# --- 2. a save --------------------------------------------------------------------------------


def in_background(action: Callable[[], object]) -> Callable[[], None]:
    """Start `action` in a thread; the function returned waits for it and raises its error."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            action()
        except BaseException as error:  # handed to the waiting thread
            errors.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()

    def join() -> None:
        thread.join(timeout=60)
        if thread.is_alive():
            raise SmokeError("the request did not come back within a minute")
        if errors:
            raise errors[0]

    return join


def save_drill(drill: Drill) -> None:
    print("fault drill 2: PostgreSQL ends the app's connections between requests and in a save")
    browser, db = drill.browser, drill.db
    # Several requests before and after, so that each gunicorn worker holds a connection (kept
    # between requests: CONN_MAX_AGE), then meets it dead.
    pages = ["/mijn-dossiers/", f"/dossiers/{drill.client_id}/", drill.edit_path] * 2
    for path in pages:
        browser.get(path)
        browser.expect(200)
    ended = db.terminate_app_backends()
    if not ended:
        raise SmokeError("the app kept no connection open between requests to end")
    for path in pages:
        browser.get(path)
        browser.expect(200)
    browser.submit(browser.form("phone"), phone="056 11 11 11")
    drill.saved("056 11 11 11")
    print(
        f"  ended the app's {ended} idle connections between requests: the next"
        f" {len(pages)} requests and a save succeeded (connection health checks)"
    )

    browser.get(drill.edit_path)
    browser.expect(200)
    form = browser.form("phone")
    before = db.record(drill.client_id)
    with db.row_locks("SELECT id FROM clients_client WHERE id = %s FOR UPDATE", (drill.client_id,)):
        join = in_background(lambda: browser.submit(form, phone="056 22 22 22"))
        wait_for(
            db.app_waiting_for_a_lock,
            seconds=30,
            what="the save to wait for the drill's lock on the client",
            stack=drill.stack,
        )
        ended = db.terminate_app_backends()
    join()
    lost_status = browser.status
    if db.record(drill.client_id) != before:
        raise SmokeError(
            f"the save that lost its connection (status {lost_status}) changed the record:"
            f" {before} became {db.record(drill.client_id)}"
        )
    if lost_status not in (500, 503):
        raise SmokeError(
            f"the save that lost its connection answered {lost_status} at {browser.url}"
            " though it saved nothing"
        )
    # The user reloads the file, then sends the same form again.
    browser.get(f"/dossiers/{drill.client_id}/")
    browser.expect(200)
    browser.submit(form, phone="056 22 22 22")
    drill.saved("056 22 22 22")
    if db.record(drill.client_id)[1] != before[1] + 1:
        raise SmokeError(
            f"saving again moved the version from {before[1]} to {db.record(drill.client_id)[1]}"
        )
    print(
        f"  ended the app's {ended} connections while a save waited for a lock: that save"
        f" answered {lost_status} and wrote nothing; the next requests succeeded and saving"
        " again saved once"
    )


# --- 3. Redis hangs ---------------------------------------------------------------------------


def redis_drill(drill: Drill, *, socket_timeout: int) -> None:
    print("fault drill 3: Redis hangs (SIGSTOP) during a save")
    browser, db = drill.browser, drill.db
    bound = 4 * socket_timeout + 2  # a few socket timeouts, never "forever"
    browser.get(drill.edit_path)
    browser.expect(200)
    form = browser.form("phone")
    drill.redis.pause()
    try:
        started = time.monotonic()
        browser.submit(form, phone="056 33 33 33")
        waited = time.monotonic() - started
    finally:
        drill.redis.resume()
    drill.saved("056 33 33 33")
    if waited > bound:
        raise SmokeError(f"the save waited {waited:.1f} s for the paused Redis (bound {bound} s)")
    if "not queued, broker unreachable" not in drill.service_log("gunicorn"):
        raise SmokeError("gunicorn's log does not say that the save's scan was not queued")
    print(
        f"  the save succeeded in {waited:.1f} s (bound {bound} s) without queueing its scan"
        " (the nightly scan catches up)"
    )

    # After SIGCONT: the next save's scan is queued and the worker runs it.
    last_run = db.one("SELECT coalesce(max(id), 0) FROM rights_scanrun")[0]
    browser.get(drill.edit_path)
    browser.submit(browser.form("phone"), phone="056 44 44 44")
    drill.saved("056 44 44 44")
    wait_for(
        lambda: db.rows(
            "SELECT id FROM rights_scanrun WHERE kind = 'client' AND status = 'done' AND id > %s",
            (last_run,),
        ),
        seconds=60,
        what="the worker to scan the client after Redis resumed",
        stack=drill.stack,
    )
    browser.get("/readyz")
    browser.expect(200, '"broker": "ok"')
    print("  after SIGCONT the next save's scan ran on the worker; /readyz: broker ok")


# --- the drill --------------------------------------------------------------------------------


def fault_drill(
    *,
    stack: Stack,
    env: dict[str, str],
    server: str,
    database: str,
    password: str,
    file_url: str,
) -> None:
    """Run the three drills against the services on `env`'s database, restarted on a Redis of
    their own. `server` is the PostgreSQL server's URL with a superuser, `file_url` the client
    file the smoke test registered."""
    found = re.search(r"/dossiers/(\d+)/$", file_url)
    if found is None:
        raise SmokeError(f"not a client file: {file_url}")
    admin_url = f"{server}/{database}"
    folder = stack.folder / "fault-drill"
    folder.mkdir(exist_ok=True)
    try:
        with private_redis(folder) as redis:
            stack.env = env | {
                "CELERY_BROKER_URL": redis.url,
                "RIGHTS_SCAN_BATCH_SIZE": str(BATCH_SIZE),
            }
            stack.folder, stack.port = folder, free_port()
            print(f"fault drill on {stack.base_url}, Redis of its own on port {redis.port}")
            first_batch_end = _prepare(stack.env)
            reference = clean_scan(env=stack.env, admin_url=admin_url, server=server, folder=folder)
            db = Database(admin_url)
            try:
                with running(stack):
                    wait_until_ready(stack)
                    browser = Browser(stack.base_url)
                    log_in(browser, password, DRILL_CODE)
                    drill = Drill(stack, db, browser, redis, int(found[1]), first_batch_end)
                    scan_drill(drill, env=stack.env, reference=reference)
                    save_drill(drill)
                    socket_timeout = int(stack.env.get("CELERY_BROKER_SOCKET_TIMEOUT", "2"))
                    redis_drill(drill, socket_timeout=socket_timeout)
                    errors = drill.server_errors()
                    if len(errors) != 1 or drill.edit_path not in errors[0]:
                        raise SmokeError(f"the app answered with server errors: {errors}")
                    print(f"fault drill: the only server error was the lost save ({errors[0]})")
            finally:
                db.close()
    except (OSError, psycopg.Error) as error:  # a refused or dropped connection of the drill
        raise SmokeError(f"{type(error).__name__}: {error}") from error
    print("fault drill: ok")


def _prepare(env: dict[str, str]) -> int:
    """A backup code for the drill's login; the id of the last client of the scan's first
    batch (the scan's own query), after checking that a second batch follows."""
    out = manage(
        env,
        "shell",
        "-c",
        "from django_otp.plugins.otp_static.models import StaticDevice;"
        "from rights.scan.reads import clients_after;"
        "from wijkteams.models import User;"
        f"user = User.objects.get(username='{WORKER}');"
        # The user's one device of backup codes (wijkteams/two_factor checks only the first).
        "device = StaticDevice.objects.filter(user=user).order_by('pk').first()"
        " or StaticDevice.objects.create(user=user, name='backup', confirmed=True);"
        f"device.token_set.create(token='{DRILL_CODE}');"
        f"batch = clients_after(None, 0, {BATCH_SIZE + 1});"
        "print('BATCH', len(batch), batch[-2].pk)",
    )
    found, last_of_first = (int(n) for n in _last_line(out, "BATCH"))
    if found <= BATCH_SIZE:
        raise SmokeError(f"the drill needs more than {BATCH_SIZE} active clients, found {found}")
    return last_of_first
