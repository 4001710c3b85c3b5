"""Benchmark: the nightly non-take-up scan over 100,000 client files on PostgreSQL.

    .venv/bin/python -m bench.scan [--clients 100000] [--batch-size 1000] [--runs 3] [--reuse]
                                   [--keep]

Creates its own database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/ocmw_bench_scan,
a name no other bench uses), migrates it and seeds N demo clients with bench/seed.py's steps
(--reuse skips that for a database seeded before, removing only what earlier scans wrote),
then measures in this process, its heap frozen after start as a Celery worker's is:

1. reading: per batch, the scan's own bulk selects (clients, members, incomes, rights register,
   aid calculations and decisions, flags) without rules or writes: the baseline;
2. read and rules: the same plus building the facts and running every rule, no writes;
3. the first full scan (it opens the flags), as one worker process runs it (the plan, then
   each batch's task, rights/scan/batches.py): seconds, clients per second, time per client,
   queries per batch, and its ratio to the baseline read again on the same rows;
4. the full scans of the next three nights (the files unchanged, the date a day later each
   time): the first keeps each client's state where its evaluation changes nothing, the two
   after it run the rules only for the clients whose state no longer holds
   (rights/scan/unchanged.py): the nightly steady state, with its ratio;
   3 and 4 are repeated --runs times (what the scans wrote removed between runs), each with
   the load average, then the worst ratio of each and the process's peak resident memory;
   then what the scans left: open flags per client and per right, data-missing notes, and
   flags quoting an income of an unconfirmed household (must be 0);
7. one-client scans (as after a change to a file) of 200 clients: median, p95, max;
8. a preview of new thresholds for one right.

Issue 21's targets: the first full scan at most 2.5x the time of reading the same rows, the
nightly at most 2x, one client under 20 ms p95, the scan process under 500 MB. The database is
dropped at the end unless --keep. The same scan spread over worker processes: bench/scan_workers.py.
"""

import argparse
import datetime as dt
import os
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import psycopg

from bench.seed import bench_env, drop_database, maintenance_url, manage, recreate_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ocmw_bench_scan"
# Issue 21's margins: the first full scan (it opens the flags) at most 2.5x reading the same
# rows, the nightly (nothing new) at most 2x, one client under 20 ms p95.
TARGET_FIRST = 2.5
TARGET_NIGHTLY = 2.0
TARGET_ONE_CLIENT_MS = 20.0


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def seeded_clients(database_url: str) -> int:
    try:
        with psycopg.connect(database_url) as conn:
            row = conn.execute("SELECT count(*) FROM clients_client").fetchone()
    except psycopg.Error:
        return 0
    return row[0] if row else 0


def seed(database_url: str, clients: int) -> None:
    env = bench_env(database_url)
    recreate_database(database_url)
    manage(env, "migrate", "--noinput", "-v0")
    seconds = manage(env, "seed_demo", "--clients", str(clients), "--seed", "8500")
    print(f"Seeded {clients:,} clients in {seconds:.1f} s ({load()})")


def scan_data_reset(database_url: str) -> None:
    """What earlier scans wrote goes, so the first scan measured is a first scan."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("DELETE FROM rights_flagevent")
        conn.execute("DELETE FROM rights_nontakeupflag")
        conn.execute("DELETE FROM rights_datamissingnote")
        conn.execute("DELETE FROM rights_scanbatch")
        conn.execute("DELETE FROM rights_clientscanstate")
        conn.execute("DELETE FROM rights_scanrun")
        # The access log is append-only (clients/migrations/0006): this bench database only
        # lifts the guard for its own reset, in one transaction.
        with conn.transaction():
            conn.execute("ALTER TABLE clients_accesslog DISABLE TRIGGER accesslog_append_only")
            conn.execute("DELETE FROM clients_accesslog WHERE actor_label = 'scan'")
            conn.execute("ALTER TABLE clients_accesslog ENABLE TRIGGER accesslog_append_only")


def analyze(database_url: str) -> None:
    """Fresh statistics and no dead rows (a reset deletes many), as autovacuum would leave it;
    then a checkpoint, so that each scan measured starts with no dirty pages of earlier work to
    write (after a fresh seed, the vacuum's own writes to every page were flushed during the
    first run's scan and made it a third slower than the runs after it)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")


class QueryCounter:
    """Counts the queries Django sends (connection.execute_wrapper)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        self.count += 1
        return execute(sql, *args)


@contextmanager
def counted() -> Iterator[QueryCounter]:
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--reuse", action="store_true", help="keep a database seeded before")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument(
        "--runs", type=int, default=3, help="first and nightly scans measured this many times"
    )
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    _admin, name = maintenance_url(database_url)
    print(f"Database {name!r}; machine: {os.cpu_count()} CPUs, {load()}")
    if not (args.reuse and seeded_clients(database_url) >= args.clients):
        seed(database_url, args.clients)
    scan_data_reset(database_url)
    analyze(database_url)
    try:
        run(args, database_url)
    finally:
        if args.keep:
            print(f"Kept {name!r}.")
        else:
            drop_database(database_url)
            print(f"Dropped {name!r}.")


def run(args: argparse.Namespace, database_url: str) -> None:
    # Django in this process, on the bench database, as production runs it (DEBUG off).
    os.environ.update(bench_env(database_url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ocmw.settings"
    import django

    django.setup()
    from django.utils import timezone

    from clients.models import Client
    from ocmw.celery import _freeze_what_the_worker_loaded
    from rights.models import Right, RightParameters, ScanRun
    from rights.scan import (
        batch_rows,
        clients_after,
        preview_parameters,
        rights_in_force,
        scan_one_client,
        scan_run_start,
    )
    from rights.scan.batches import scan_batch, scan_run_plan
    from rights.scan.evaluation import _evaluate
    from rights.scan.reads import _batch_facts

    # As a Celery pool process at its start (ocmw/celery.py): what the app loaded leaves the
    # garbage collector's walk. Every figure below is measured with it, the reading included
    # (without it, full collections walking Django's own objects cost the reading some 1.7 s).
    _freeze_what_the_worker_loaded()
    print("The heap loaded at start is frozen, as in a Celery worker (gc.freeze).")
    on = timezone.localdate()
    batch_size = args.batch_size
    rights = rights_in_force(on)
    active = Client.objects.filter(closed_on__isnull=True).count()
    print(
        f"{active:,} active clients, {len(rights)} rights with a rule in force, "
        f"batches of {batch_size}"
    )

    def passes(
        work: Callable[[list[Client], dt.date], object], day: dt.date = on
    ) -> tuple[float, int]:
        """Go over every active client batch by batch; seconds and batches."""
        started = time.perf_counter()
        last_id, batches = 0, 0
        while True:
            clients = clients_after(None, last_id, batch_size)
            if not clients:
                break
            work(clients, day)
            batches += 1
            last_id = clients[-1].pk
        return time.perf_counter() - started, batches

    def read(clients: list[Client], day: dt.date) -> None:
        batch_rows(clients, on=day)

    def read_and_rules(clients: list[Client], day: dt.date) -> None:
        _evaluate(_batch_facts(clients, on=day), rights, now=timezone.now())

    def full_scan(day: dt.date) -> tuple[float, int, ScanRun]:
        """A full run as one worker process scans it: the plan, then batch after batch (each
        its own task in production: rights/tasks.py), in this process."""
        run = scan_run_start(kind=ScanRun.Kind.NIGHTLY, on=day)
        with counted() as queries:
            started = time.perf_counter()
            for batch_id in scan_run_plan(run, batch_size=batch_size):
                scan_batch(batch_id)
            seconds = time.perf_counter() - started
        return seconds, queries.count, run

    passes(read)  # warm the caches once, as the nightly scan finds them warm enough
    with counted() as read_queries:
        read_seconds, batches = passes(read)
    print(
        f"\n1. reading only: {read_seconds:.1f} s for {batches} batches "
        f"({read_queries.count / batches:.0f} queries per batch, {active / read_seconds:,.0f} "
        f"clients/s; {load()})"
    )
    rules_seconds, _batches = passes(read_and_rules)
    print(
        f"2. reading + facts + rules, no writes: {rules_seconds:.1f} s "
        f"({rules_seconds / read_seconds:.2f}x reading; {load()})"
    )

    # The nights after the first scan: the files do not change, the date does. The first
    # night after keeps each client's state (rights/scan/unchanged.py) where its evaluation
    # changes nothing; the nights after it evaluate only the clients whose state no longer
    # holds (a month since a status began, a birthday, an income that starts or ends).
    scans = (
        ("3. first full scan (opens the flags)", TARGET_FIRST, 0),
        ("4. the next night (nothing new; keeps the clients' states)", TARGET_NIGHTLY, 1),
        ("5. the night after (the nightly steady state)", TARGET_NIGHTLY, 2),
        ("6. a third night", TARGET_NIGHTLY, 3),
    )
    ratios: dict[str, list[float]] = {label: [] for label, _target, _days in scans}
    for number in range(1, args.runs + 1):
        if number > 1:
            scan_data_reset(database_url)
            analyze(database_url)
        print(f"\nrun {number} of {args.runs}")
        for label, target, days in scans:
            day = on + dt.timedelta(days=days)
            seconds, queries, run = full_scan(day)
            run.refresh_from_db()
            analyze(database_url)
            # The baseline again on the same rows (the flags are part of what is read).
            baseline, _batches = passes(read, day)
            ratio = seconds / baseline
            ratios[label].append(ratio)
            verdict = "OK" if ratio <= target else "NOT MET"
            print(
                f"{label}: {seconds:.1f} s, {run.clients / seconds:,.0f} clients/s "
                f"({seconds / run.clients * 1000:.3f} ms a client), {queries} queries for "
                f"{batches} batches ({queries / batches:.2f} per batch); rules run for "
                f"{run.clients_evaluated:,} clients ({day:%d/%m}); opened "
                f"{run.flags_opened:,}, closed {run.flags_closed:,}, errors {run.errors}; "
                f"reading the same rows {baseline:.1f} s: ratio {ratio:.2f}x "
                f"(target <= {target:.1f}x: {verdict}; {load()})"
            )
    print()
    for label, target, _days in scans:
        worst = max(ratios[label])
        print(
            f"{label} over {args.runs} runs: "
            + ", ".join(f"{r:.2f}x" for r in ratios[label])
            + f"; worst {worst:.2f}x (target <= {target:.1f}x: "
            + ("OK" if worst <= target else "NOT MET")
            + ")"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this scan process: {peak:.0f} MB (target < 500 MB)")

    flag_figures(active)

    step = max(active // 200, 1)
    ids = list(
        Client.objects.filter(closed_on__isnull=True).order_by("pk").values_list("pk", flat=True)
    )[::step][:200]
    timings = []
    for client_id in ids:
        started = time.perf_counter()
        scan_one_client(client_id)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    verdict = "OK" if p95 < TARGET_ONE_CLIENT_MS else "NOT MET"  # under 20 ms
    print(
        f"7. one-client scan x{len(timings)}: median {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms "
        f"(target < {TARGET_ONE_CLIENT_MS:.0f} ms: {verdict}; {load()})"
    )

    right = Right.objects.get(code="verhoogde_tegemoetkoming")
    current = (
        RightParameters.objects.filter(right=right, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    if current is not None:
        values = dict(current.values)
        values["gross_limit"] = str(
            (Decimal(values["gross_limit"]) * Decimal("1.1")).quantize(Decimal("0.01"))
        )
        started = time.perf_counter()
        would_open, would_close = preview_parameters(right=right, values=values, on=on)
        print(
            f"8. preview of verhoogde tegemoetkoming with a 10% higher gross limit: "
            f"{time.perf_counter() - started:.1f} s, would open {would_open:,}, "
            f"close {would_close:,} ({load()})"
        )


def flag_figures(active: int) -> None:
    """What the first scans left for the social workers (issue 15): open flags per client and
    per right, data-missing notes, and the flags whose explanation quotes an income of a
    household nobody confirmed (there must be none: unknown is not zero)."""
    from collections import Counter

    from django.db.models import Count, Q
    from django.utils import timezone

    from rights.models import DataMissingNote, NonTakeUpFlag

    open_flags = NonTakeUpFlag.objects.filter(
        status__in=NonTakeUpFlag.OPEN_STATUSES, client__closed_on__isnull=True
    )
    total = open_flags.count()
    notes = DataMissingNote.objects.filter(client__closed_on__isnull=True).count()
    quoting_unknown = 0
    # Not confirmed, or confirmed too long ago to hold today (household_confirmation_ends: a
    # confirmation made before 1 January of last year).
    last_year_began = timezone.localdate().replace(month=1, day=1)
    last_year_began = last_year_began.replace(year=last_year_began.year - 1)
    unconfirmed = Q(client__household_confirmed_on__isnull=True) | Q(
        client__household_confirmed_on__lt=last_year_began
    )
    for explanation in open_flags.filter(unconfirmed).values_list("explanation", flat=True):
        matched = (explanation or {}).get("matched", [])
        if any("income" in (line.get("values") or {}) for line in matched):
            quoting_unknown += 1
    with_value = open_flags.filter(estimated_yearly_value__isnull=False).count()
    print(
        f"   open flags: {total:,}, {total / max(active, 1):.2f} per active client "
        f"({with_value:,} with an estimated value); data-missing notes: {notes:,}, "
        f"{notes / max(active, 1):.2f} per client; flags quoting an income of a household "
        f"not confirmed: {quoting_unknown} (must be 0)"
    )
    per_right = Counter(
        dict(
            open_flags.values_list("right__code")
            .annotate(n=Count("pk"))
            .values_list("right__code", "n")
        )
    )
    print("   per right: " + ", ".join(f"{code} {n:,}" for code, n in per_right.most_common()))


if __name__ == "__main__":
    main()
