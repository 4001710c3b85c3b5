"""Benchmark: one aid calculation (load the household, the budget version and the policy, then
calculate) for households of 1, 4 and 8 people, on the database of DATABASE_URL.

    .venv/bin/python -m bench.calculation [--runs 200] [--sizes 1,4,8]

Works on any DATABASE_URL, SQLite (the default when unset) or PostgreSQL. It never touches the
data there: like the test suite, it creates a throwaway test database next to it (`test_<name>`
on PostgreSQL, a temporary file for SQLite), migrates it, adds a published reference budget, an
aid policy and one client file per household size, and drops it at the end. Prints the queries
and the median and p95 of --runs timed calculations per size, and the median CPU time of this
process (what a calculation costs, whatever else runs on the machine). Target: p95 under 20 ms.
Only the database of DATABASE_URL is contacted.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.seed import BENCH_DOCUMENTS_KEY, ROOT

TARGET_MS = 20.0
ON = dt.date(2025, 6, 1)
# Everyone in a household, by size: (relation, sex, birth date); the first is the client.
PEOPLE = [
    ("client", "F", dt.date(1986, 4, 12)),
    ("partner", "M", dt.date(1984, 9, 3)),
    ("child", "F", dt.date(2010, 1, 20)),
    ("child", "M", dt.date(2014, 7, 8)),
    ("child", "F", dt.date(2017, 11, 30)),
    ("child", "M", dt.date(2020, 2, 14)),
    ("child", "X", dt.date(2023, 5, 5)),
    ("parent", "F", dt.date(1958, 3, 1)),
]


def set_up_django() -> None:
    """The production settings (DEBUG off), as bench/pages.py gives gunicorn."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocmw.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("DOCUMENTS_KEY", BENCH_DOCUMENTS_KEY)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_database() -> tuple[str, str]:
    """A throwaway test database beside the configured one: (its name, the original name)."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        # A file like the embedded default, not the in-memory database tests use.
        settings["TEST"]["NAME"] = str(Path(tempfile.mkdtemp(prefix="ocmw-bench-")) / "db.sqlite3")
    original = settings["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return name, original


def seed(sizes: list[int]) -> dict[int, int]:
    """A budget version, a policy and one client per household size: {size: client pk}."""
    from budgets.models import AidPolicy
    from budgets.services.versions import (
        aid_policy_create,
        aid_policy_publish,
        all_cells,
        budget_version_create,
        budget_version_publish,
    )
    from clients.models import Client, HouseholdMember, Income
    from clients.national_number import national_number_for
    from wijkteams.models import User

    admin = User.objects.create(username="bench.beheer", is_staff=True)
    amounts = {cell: Decimal("100.00" if cell[3] else "25.00") for cell in all_cells()}
    version = budget_version_create(
        actor=admin, name="Bench", valid_from=dt.date(2025, 1, 1), amounts=amounts
    )
    budget_version_publish(actor=admin, version=version)
    policy = aid_policy_create(
        actor=admin,
        fields={
            "name": "Bench",
            "valid_from": dt.date(2025, 1, 1),
            "coverage_percent": Decimal("100.00"),
            "monthly_cap": Decimal("800.00"),
            "rounding": AidPolicy.Rounding.EURO_DOWN,
            "max_months": 6,
            "spi_exemption": Decimal("309.48"),
            "spi_exemption_source": "Bench",
        },
    )
    aid_policy_publish(actor=admin, policy=policy)
    clients = {}
    for size in sizes:
        _relation, sex, birth = PEOPLE[0]
        client = Client.objects.create(
            national_number=national_number_for(birth, 2 * size),
            first_name="Bench",
            last_name=f"Gezin {size}",
            birth_date=birth,
            sex=sex,
            rent=Decimal("780.00"),
            illness_costs=Decimal("35.00"),
        )
        Income.objects.create(client=client, kind=Income.Kind.WAGE, net_monthly=Decimal("1450"))
        for i in range(1, size):
            relation, sex, birth = PEOPLE[i % len(PEOPLE)]
            member = HouseholdMember.objects.create(
                client=client,
                first_name=f"Lid {i}",
                last_name=f"Gezin {size}",
                birth_date=birth,
                sex=sex,
                relation=relation,
            )
            if relation == "child":
                Income.objects.create(
                    client=client,
                    member=member,
                    kind=Income.Kind.GROEIPAKKET,
                    net_monthly=Decimal("195.00"),
                )
        clients[size] = client.pk
    return clients


def one_calculation(client_pk: int) -> Decimal:
    """What a calculation page does: the client, its household, the version, the policy."""
    from budgets.services.calculations import aid_calculation_run, calculation_household
    from clients.models import Client

    client = Client.objects.get(pk=client_pk)
    household = calculation_household(client=client, on=ON)
    return aid_calculation_run(household=household).proposed_aid


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(clients: dict[int, int], runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(
        f"{connection.vendor} ({connection.settings_dict['NAME']}); {runs} runs per size; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    columns = ("queries", "aid", "p50 ms", "p95 ms", "max ms", "cpu p50")
    print(f"{'people':>6} " + " ".join(f"{c:>8}" for c in columns) + "  target")
    for size, pk in clients.items():
        with CaptureQueriesContext(connection) as queries:
            aid = one_calculation(pk)
        for _ in range(10):  # warm up caches and the connection
            one_calculation(pk)
        times, cpu = [], []
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            one_calculation(pk)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        p95 = percentile(times, 0.95)
        verdict = "OK" if p95 < TARGET_MS else "TOO SLOW"
        print(
            f"{size:>6} {len(queries):>8} {aid:>9} {statistics.median(times):>8.2f} "
            f"{p95:>8.2f} {max(times):>8.2f} {statistics.median(cpu):>8.2f}  {verdict}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="timed calculations per size")
    parser.add_argument("--sizes", default="1,4,8", help="household sizes, comma-separated")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if any(not 1 <= size <= len(PEOPLE) for size in sizes):
        sys.exit(f"Household sizes go from 1 to {len(PEOPLE)}.")
    set_up_django()
    from django.db import connection

    name, original = create_database()
    try:
        measure(seed(sizes), args.runs)
    finally:
        connection.creation.destroy_test_db(original, verbosity=0, keepdb=False)
        if connection.vendor == "sqlite":
            Path(name).unlink(missing_ok=True)
            Path(name).parent.rmdir()


if __name__ == "__main__":
    main()
