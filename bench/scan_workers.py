"""Benchmark: the full non-take-up scan spread over Celery worker processes on Redis (issue 21,
point 3).

    .venv/bin/python -m bench.scan_workers [--clients 100000] [--batch-size 1000]
                                           [--processes 1,2] [--reuse] [--keep]

Uses bench/scan.py's database (DATABASE_URL, default ocmw_bench_scan; seeded as there unless
--reuse finds enough clients) and a Redis of CELERY_BROKER_URL (default
redis://127.0.0.1:6379/11), on a queue of its own. For each number of worker processes: what
earlier scans wrote goes (VACUUM ANALYZE after), that many `celery worker --concurrency=1`
processes start with production settings and answer a ping, then a first full scan (it opens
the flags) and a second (the nightly steady state) are each sent as Celery beat sends them
(scan_all_task, which plans the run and sends a task per batch) and timed from sending to the
run's end as the database records it. Prints the seconds, clients per second, the speed-up
over the first line, the batches each process scanned and the load average. The database is
dropped at the end unless --keep.
"""

import argparse
import functools
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bench.scan import DEFAULT_URL, analyze, load, scan_data_reset, seed, seeded_clients
from bench.seed import ROOT, bench_env, drop_database, maintenance_url

CELERY = Path(sys.executable).with_name("celery")
DEFAULT_BROKER = "redis://127.0.0.1:6379/11"
SUCCEEDED = re.compile(r"Task rights\.tasks\.scan_batch_task\[[^]]+\] succeeded")


class Workers:
    """`count` worker processes with one pool process each, on one queue; logs in `folder`."""

    def __init__(self, count: int, env: dict[str, str], queue: str, folder: Path) -> None:
        self.logs = [folder / f"{queue}-{n}.log" for n in range(count)]
        self.names = [f"{queue}-{n}@localhost" for n in range(count)]
        self.processes = []
        for name, log in zip(self.names, self.logs, strict=True):
            with log.open("wb") as out:
                self.processes.append(
                    subprocess.Popen(  # noqa: S603  (our venv's celery, our arguments)
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
                            name,
                            "--without-gossip",
                            "--without-mingle",
                            "--loglevel=INFO",
                        ],
                        cwd=ROOT,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )

    def batches_scanned(self) -> list[int]:
        return [len(SUCCEEDED.findall(log.read_text(errors="replace"))) for log in self.logs]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def wait(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.05)  # a bench polling the database, not a test


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--processes", default="1,2", help="worker process counts to measure")
    parser.add_argument("--reuse", action="store_true", help="keep a database seeded before")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    broker = os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER
    _admin, name = maintenance_url(database_url)
    print(f"Database {name!r}, broker {broker}; machine: {os.cpu_count()} CPUs, {load()}")
    if not (args.reuse and seeded_clients(database_url) >= args.clients):
        seed(database_url, args.clients)
    env = bench_env(database_url) | {
        "CELERY_BROKER_URL": broker,
        "RIGHTS_SCAN_BATCH_SIZE": str(args.batch_size),
        "DJANGO_SETTINGS_MODULE": "ocmw.settings",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.utils import timezone

    from ocmw.celery import app
    from rights.models import ScanRun
    from rights.tasks import scan_all_task

    def all_answer(names: list[str]) -> bool:
        return len(app.control.ping(destination=names, timeout=0.5) or []) == len(names)

    def scan(queue: str) -> tuple[float, ScanRun]:
        run = ScanRun.objects.create(
            kind=ScanRun.Kind.MANUAL, started_at=timezone.now(), scan_date=timezone.localdate()
        )
        sent = timezone.now()
        scan_all_task.apply_async(kwargs={"run_id": run.pk}, queue=queue)
        wait(
            lambda: ScanRun.objects.filter(pk=run.pk).exclude(status="running").exists(),
            seconds=3600,
            what="the run to end",
        )
        run.refresh_from_db()
        if run.status != ScanRun.Status.DONE or run.finished_at is None:
            sys.exit(f"the run ended {run.status}: {run.error_messages[:3]}")
        return (run.finished_at - sent).total_seconds(), run

    first_seconds: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-scan-workers-") as folder:
            for count in (int(n) for n in args.processes.split(",")):
                scan_data_reset(database_url)
                analyze(database_url)
                queue = f"bench-scan-{uuid.uuid4().hex[:8]}"
                workers = Workers(count, env, queue, Path(folder))
                try:
                    wait(
                        functools.partial(all_answer, workers.names),
                        seconds=120,
                        what="the workers to answer a ping",
                    )
                    before = [0] * count
                    for label in ("first full scan", "nightly scan"):
                        seconds, run = scan(queue)
                        scanned = workers.batches_scanned()
                        per_process = [after - b for after, b in zip(scanned, before, strict=True)]
                        before = scanned
                        first_seconds.setdefault(label, seconds)
                        speed_up = first_seconds[label] / seconds
                        print(
                            f"{count} worker process{'es' if count > 1 else ''}, {label}: "
                            f"{seconds:.1f} s, {run.clients / seconds:,.0f} clients/s, opened "
                            f"{run.flags_opened:,}, {speed_up:.2f}x the first line's speed; "
                            f"batches per process {per_process} ({load()})"
                        )
                        analyze(database_url)
                finally:
                    workers.stop()
    finally:
        if args.keep:
            print(f"Kept {name!r}.")
        else:
            drop_database(database_url)
            print(f"Dropped {name!r}.")


if __name__ == "__main__":
    main()
