"""Projection: how many clients a date-aware nightly scan would still have to run the rules
for, from the dates alone (issue 21 point 4; the design in bench/README.md, "Scan margins,
fifth pass").

    .venv/bin/python -m bench.scan_dates [--first 2026-12-02] [--nights 28]

Reads a seeded scan database (DATABASE_URL, default bench/scan.py's ocmw_bench_scan, seeded
with `bench.scan --keep`) and, for each night from `--first`, counts the active clients for
whom something the facts or rules derive from the date changes between that day and the next:
an age (client or member), a member joining or leaving, an income starting or ending, the whole
months since a "since" date of the client, an income's start or the latest aid calculation
(`ClientFacts.months_since`), the move into a home. Nights into the first of a month (an aid
decision's month) or of a year (last year's incomes) are left out: every client would run
then. Not counted: documents expiring, the Groeipakket's birth date test, a new version of
thresholds, and clients whose rows changed during the day. Prints the share per night and the
first reason found per client. Nothing is written.
"""

import argparse
import collections
import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import psycopg

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ocmw_bench_scan"
Runs = Callable[[dt.date], bool]


def _age(birth: dt.date, day: dt.date) -> int:  # clients.models.age_on
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _months(since: dt.date | None, day: dt.date) -> int:  # rights.facts ClientFacts.months_since
    if since is None or since > day:
        return 0
    months = (day.year - since.year) * 12 + day.month - since.month
    return months - (day.day < since.day)


def _period(start: dt.date | None, end: dt.date | None) -> Runs:  # clients.models.runs_on
    return lambda day: (start is None or start <= day) and (end is None or end >= day)


class Files:
    """The dates of every active client file, read once."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.clients: dict[int, tuple[dt.date, list[dt.date | None], dt.date | None]] = {
            row[0]: (row[1], list(row[2:6]), row[6])
            for row in conn.execute(
                "SELECT id, birth_date, leefloon_since, unemployed_since, unfit_for_work_since,"
                " social_housing_waiting_since, left_homelessness_on FROM clients_client"
                " WHERE closed_on IS NULL"
            )
        }
        self.members: dict[int, list[tuple[dt.date, Runs]]] = collections.defaultdict(list)
        for client_id, birth, joined, left in conn.execute(
            "SELECT client_id, birth_date, joined_on, left_on FROM clients_householdmember"
        ):
            self.members[client_id].append((birth, _period(joined, left)))
        self.incomes: dict[int, list[tuple[dt.date | None, Runs]]] = collections.defaultdict(list)
        for client_id, starts, ends in conn.execute(
            "SELECT client_id, starts_on, ends_on FROM clients_income"
        ):
            self.incomes[client_id].append((starts, _period(starts, ends)))
        self.calculated: dict[int, dt.date] = dict(
            conn.execute(
                "SELECT DISTINCT ON (client_id) client_id, calculated_on"
                " FROM budgets_aidcalculation ORDER BY client_id, calculated_on DESC, id DESC"
            ).fetchall()
        )

    def change(self, client_id: int, day: dt.date, next_day: dt.date) -> str | None:
        """What the date changes for this client from `day` to `next_day` (the first found)."""
        birth, since_dates, moved_in = self.clients[client_id]
        if _age(birth, day) != _age(birth, next_day):
            return "a birthday"
        if any(_months(since, day) != _months(since, next_day) for since in since_dates):
            return "a month since a date of the client"
        if moved_in is not None and (moved_in > day) != (moved_in > next_day):
            return "the move into a home"
        for member_birth, stays in self.members.get(client_id, ()):
            if _age(member_birth, day) != _age(member_birth, next_day):
                return "a birthday"
            there = (
                member_birth <= day and stays(day),
                member_birth <= next_day and stays(next_day),
            )
            if there[0] != there[1]:
                return "a member joins or leaves"
        for starts, runs in self.incomes.get(client_id, ()):
            if runs(day) != runs(next_day):
                return "an income starts or ends"
            if _months(starts, day) != _months(starts, next_day):
                return "a month since an income started"
        calculated = self.calculated.get(client_id)
        if calculated is not None and _months(calculated, day) != _months(calculated, next_day):
            return "a month since the aid calculation"
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", type=dt.date.fromisoformat, default=dt.date(2026, 12, 2))
    parser.add_argument("--nights", type=int, default=28)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    with psycopg.connect(url) as conn:
        files = Files(conn)
    print(
        f"{len(files.clients):,} active clients, {sum(map(len, files.members.values())):,}"
        f" members, {sum(map(len, files.incomes.values())):,} incomes,"
        f" {len(files.calculated):,} with an aid calculation"
    )
    shares: list[float] = []
    reasons: collections.Counter[str] = collections.Counter()
    for number in range(args.nights):
        day = args.first + dt.timedelta(days=number)
        next_day = day + dt.timedelta(days=1)
        if next_day.day == 1:
            continue  # a new month (and year): every client runs
        changed = [files.change(client_id, day, next_day) for client_id in files.clients]
        found = [reason for reason in changed if reason is not None]
        reasons.update(found)
        shares.append(len(found) / len(files.clients))
        print(f"night {day} -> {next_day}: {len(found):,} clients ({shares[-1]:.1%})")
    if shares:
        print(
            f"{len(shares)} nights: min {min(shares):.1%}, mean {sum(shares) / len(shares):.1%},"
            f" max {max(shares):.1%} of the clients"
        )
    total = sum(reasons.values()) or 1
    print("first reason: " + ", ".join(f"{r} {n / total:.0%}" for r, n in reasons.most_common()))


if __name__ == "__main__":
    main()
