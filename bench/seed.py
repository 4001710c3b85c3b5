"""Benchmark: load 100,000 demo client files into a fresh PostgreSQL database and time it.

    .venv/bin/python -m bench.seed [--clients 100000] [--batch-size 2000] [--drop]

Creates the database of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ocmw_bench),
dropping it first if it exists, migrates it, runs `manage.py seed_demo --clients N` and prints
the rows per table and the seconds. Issue 3's target: 100,000 clients in under 5 minutes on the
2-core development machine. The database is kept for bench/pages.py unless --drop is given.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ocmw_bench"
# A throwaway documents key (32 bytes, base64): production settings refuse to start without one.
BENCH_DOCUMENTS_KEY = "YmVuY2gtb25seS1kb2N1bWVudHMta2V5LTMyYnl0ZSE="
TARGET_SECONDS = 300
TABLES = [
    "clients_client",
    "clients_accesslog",
    "clients_householdmember",
    "clients_income",
    "clients_assignment",
    "clients_trajectory",
    "clients_trajectorystep",
    "clients_trajectoryevent",
    "clients_debt",
    "clients_journalentry",
]


def bench_env(database_url: str) -> dict[str, str]:
    """The environment of a production-like run: DEBUG off, a throwaway key if none is set."""
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["DEBUG"] = "false"
    env.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    env.setdefault("DOCUMENTS_KEY", BENCH_DOCUMENTS_KEY)
    return env


def maintenance_url(database_url: str) -> tuple[str, str]:
    """The URL of the server's `postgres` database, and the name of the bench database."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not name:
        sys.exit(f"A PostgreSQL DATABASE_URL with a database name is needed, not {database_url!r}")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(database_url: str) -> None:
    admin_url, name = maintenance_url(database_url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(database_url: str) -> None:
    admin_url, name = maintenance_url(database_url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def manage(env: dict[str, str], *args: str) -> float:
    """Run a manage.py command with its output shown; return its seconds."""
    started = time.perf_counter()
    # Our own interpreter and manage.py, with arguments this script builds.
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8500)
    parser.add_argument("--drop", action="store_true", help="drop the database when done")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    env = bench_env(database_url)

    _admin, name = maintenance_url(database_url)
    print(f"Fresh database {name!r}; machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    recreate_database(database_url)
    migrate_seconds = manage(env, "migrate", "--noinput", "-v0")
    print(f"Migrated in {migrate_seconds:.1f} s")
    load_before = os.getloadavg()[0]
    seed_seconds = manage(
        env,
        "seed_demo",
        "--clients",
        str(args.clients),
        "--batch-size",
        str(args.batch_size),
        "--no-scan",  # bench/scan.py measures the scan on its own
        "--seed",
        str(args.seed),
    )
    load_after = os.getloadavg()[0]

    with psycopg.connect(database_url, autocommit=True) as conn:  # VACUUM needs autocommit
        counts = {}
        for table in TABLES:
            row = conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()
            counts[table] = row[0] if row else 0
        # What autovacuum does to a real database after a load (it is off on the development
        # server): fresh statistics for the planner, and a visibility map, without which an
        # index-only scan still reads every table row.
        analyze_started = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        analyze_seconds = time.perf_counter() - analyze_started
        size_row = conn.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()
    rows = sum(counts.values())

    print()
    print(f"{'table':<28} {'rows':>12}")
    for table, count in counts.items():
        print(f"{table:<28} {count:>12,}")
    print(f"{'all':<28} {rows:>12,}")
    print()
    verdict = "OK" if seed_seconds < TARGET_SECONDS else "TOO SLOW"
    print(
        f"seed_demo --clients {args.clients:,}: {seed_seconds:.1f} s "
        f"({rows / seed_seconds:,.0f} rows/s, {args.clients / seed_seconds:,.0f} clients/s); "
        f"target < {TARGET_SECONDS} s: {verdict}"
    )
    size = size_row[0] if size_row else "?"
    print(
        f"migrate {migrate_seconds:.1f} s, VACUUM ANALYZE {analyze_seconds:.1f} s, "
        f"database {size}, load average {load_before:.1f} -> {load_after:.1f}"
    )
    if args.drop:
        drop_database(database_url)
        print(f"Dropped {name!r}.")
    else:
        print(f"Kept {name!r} for bench/pages.py (drop it with --drop next time, or dropdb).")


if __name__ == "__main__":
    main()
