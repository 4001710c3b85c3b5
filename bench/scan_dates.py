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
from typing import Any, NamedTuple

import psycopg

from bench.seed import bench_env

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ocmw_bench_scan"


class Member(NamedTuple):  # what clients.models.member_lives_there_on reads
    birth_date: dt.date
    joined_on: dt.date | None
    left_on: dt.date | None


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
        self.members: dict[int, list[Member]] = collections.defaultdict(list)
        for client_id, *member in conn.execute(
            "SELECT client_id, birth_date, joined_on, left_on FROM clients_householdmember"
        ):
            self.members[client_id].append(Member(*member))
        self.incomes: dict[int, list[tuple[dt.date | None, dt.date | None]]] = (
            collections.defaultdict(list)
        )
        for client_id, starts, ends in conn.execute(
            "SELECT client_id, starts_on, ends_on FROM clients_income"
        ):
            self.incomes[client_id].append((starts, ends))
        self.calculated: dict[int, dt.date] = dict(
            conn.execute(
                "SELECT DISTINCT ON (client_id) client_id, calculated_on"
                " FROM budgets_aidcalculation ORDER BY client_id, calculated_on DESC, id DESC"
            ).fetchall()
        )

    def change(self, client_id: int, day: dt.date, next_day: dt.date) -> str | None:
        """What the date changes for this client from `day` to `next_day` (the first found),
        through the functions the facts are built and the rules read with."""
        from clients.models import age_on, member_lives_there_on, runs_on
        from rights.facts import months_between

        nights = (day, next_day)
        birth, since_dates, moved_in = self.clients[client_id]
        if len({age_on(birth, on) for on in nights}) > 1:
            return "a birthday"
        if any(len({months_between(since, on) for on in nights}) > 1 for since in since_dates):
            return "a month since a date of the client"
        if moved_in is not None and day < moved_in <= next_day:
            return "the move into a home"
        for member in self.members.get(client_id, ()):
            if len({age_on(member.birth_date, on) for on in nights}) > 1:
                return "a birthday"
            if len({member_lives_there_on(member, on) for on in nights}) > 1:
                return "a member joins or leaves"
        for starts, ends in self.incomes.get(client_id, ()):
            if len({runs_on(starts, ends, on) for on in nights}) > 1:
                return "an income starts or ends"
            if len({months_between(starts, on) for on in nights}) > 1:
                return "a month since an income started"
        calculated = self.calculated.get(client_id)
        if calculated is not None and len({months_between(calculated, on) for on in nights}) > 1:
            return "a month since the aid calculation"
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", type=dt.date.fromisoformat, default=dt.date(2026, 12, 2))
    parser.add_argument("--nights", type=int, default=28)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    # Django only for the app's own date functions (no query goes through it).
    os.environ.update(bench_env(url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ocmw.settings"
    import django

    django.setup()
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
