"""Benchmark: the committee's agenda for a session of many items, and registering a request
(issue 19, "numbers to reach": "registering a request and the committee agenda for a session
of 200 items answer in a constant number of queries; the agenda page for 200 items under 150 ms
in-process with 100,000 clients").

    .venv/bin/python -m bench.procedure [--items 200] [--runs 30] [--clients 0]

Works on the database of DATABASE_URL, SQLite when unset (the embedded default), without
touching its data: like bench/calculation.py it makes a throwaway test database beside it and
drops it at the end. Production settings (DEBUG off).

Seeds a team with its social worker and lead and a committee member; `--items` client files,
each with a request registered, inquired into and proposed through the services (each with a
partner and a child, for the household the agenda shows), and `--clients` more files as filler
(bulk inserts: a large city's table); then two sessions planned through the service, one whose
agenda takes 3 of the proposals and one that takes the rest. Printed per page (the session page
of the team lead, the printable agenda in full, the pseudonymised agenda of the member), for the
small and the large session: the queries and the median and p95 time of --runs requests through
Django's test client, in-process; then the queries of registering a request, through the
service and through the tab's form (POST). Targets: the same queries for 3 items as for 200,
and a p95 under 150 ms for 200 items. --gc-freeze moves the objects of the set-up out of
Python's garbage collector's reach first (bench/README.md: what the p95's spikes are).
"""

import argparse
import datetime as dt
import gc
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.calculation import create_database, percentile, set_up_django

TARGET_MS = 150.0
SMALL = 3


def _client_rows(count: int, first: int, team: Any) -> list[Any]:
    """`count` unsaved client files of `team`, each with its own valid national number."""
    from clients.models import Client
    from clients.national_number import national_number_for

    rows = []
    for n in range(first, first + count):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=n // 400)
        rows.append(
            Client(
                national_number=national_number_for(born, 2 * (n % 400) + 1),
                first_name="Bench",
                last_name=f"Dossier {n}",
                birth_date=born,
                sex="M",
                team=team,
            )
        )
    return rows


def set_up(items: int, filler: int) -> dict[str, Any]:
    from django.utils import timezone

    from clients.models import Assignment, Client, HouseholdMember
    from procedure.models import RequestKind
    from procedure.services import decisions, requests, sessions
    from wijkteams.models import Membership, User, Wijkteam

    today = timezone.localdate()
    team = Wijkteam.objects.create(name="Bench")
    worker = User.objects.create(username="bench.ma", first_name="Bench", last_name="Werker")
    lead = User.objects.create(username="bench.lead", first_name="Bench", last_name="Lead")
    member = User.objects.create(
        username="bench.raad", first_name="Bench", last_name="Raad", is_committee_member=True
    )
    Membership.objects.create(user=worker, team=team, role=Membership.Role.SOCIAL_WORKER)
    Membership.objects.create(user=lead, team=team, role=Membership.Role.TEAM_LEAD)
    started = time.perf_counter()
    for first in range(0, filler, 5000):
        Client.objects.bulk_create(
            _client_rows(min(5000, filler - first), SMALL + items + 1 + first, team)
        )
    # The small session's, the large one's, and one spare file to register a request on.
    files = Client.objects.bulk_create(_client_rows(SMALL + items + 1, 0, team))
    Assignment.objects.bulk_create(
        Assignment(client=c, worker=worker, started_at=timezone.now(), assigned_by=worker)
        for c in files
    )
    HouseholdMember.objects.bulk_create(
        HouseholdMember(
            client=c,
            first_name=first_name,
            last_name=c.last_name,
            birth_date=born,
            sex=sex,
            relation=relation,
        )
        for c in files
        for first_name, born, sex, relation in (
            ("Partner", dt.date(1985, 5, 1), "F", "partner"),
            ("Kind", dt.date(2016, 9, 1), "F", "child"),
        )
    )
    kind = RequestKind.objects.get(code="food_material_aid")
    sessions_made = []
    for count in (SMALL, items):
        for client in files[:count]:
            request = requests.request_register(
                actor=worker,
                client=client,
                kind=kind,
                received_on=today,
                location="Sociaal huis",
                own_words="Bench",
            )
            decisions.inquiry_save(
                actor=worker,
                request=request,
                expected_version=1,
                findings={"income": "Bench"},
                home_visit_on=None,
            )
            decisions.proposal_submit(
                actor=worker,
                request=request,
                expected_version=2,
                outcome="grant",
                motivation="Bench: voedselpakketten voor het gezin.",
            )
        files = files[count:]
        sessions_made.append(
            sessions.session_plan(
                actor=lead, held_on=today, place="Raadzaal", member_ids=[member.pk]
            )
        )
    print(
        f"seeded {Client.objects.count():,} client files, sessions of "
        f"{sessions_made[0].items.count()} and {sessions_made[1].items.count()} items in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return {
        "worker": worker,
        "lead": lead,
        "member": member,
        "sessions": sessions_made,
        "kind": kind,
        "spare": files[0],
    }


def _timed(browser: Any, url: str, runs: int) -> tuple[int, list[float]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm up: the session's clocks, templates, caches
        status = browser.get(url).status_code
        if status != 200:
            sys.exit(f"{url} answered {status}.")
    with CaptureQueriesContext(connection) as queries:
        browser.get(url)
    count = len(queries)
    times = []
    for _ in range(runs):
        begun = time.perf_counter()
        browser.get(url)
        times.append((time.perf_counter() - begun) * 1000)
    return count, times


def measure_pages(runs: int, data: dict[str, Any]) -> None:
    from django.test import Client as HttpClient
    from django.urls import reverse

    lead, member = HttpClient(), HttpClient()
    lead.force_login(data["lead"])
    member.force_login(data["member"])
    pages = [
        ("session page (lead)", "procedure:session_detail", lead),
        ("agenda in full (lead)", "procedure:agenda_print", lead),
        ("pseudonymised (member)", "procedure:agenda_pseudonymised", member),
    ]
    print(
        f"{'page':<24} {'items':>6} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max ms':>8}  target"
    )
    for label, name, browser in pages:
        counts = []
        for session in data["sessions"]:
            count, times = _timed(browser, reverse(name, args=[session.pk]), runs)
            counts.append(count)
            p95 = percentile(times, 0.95)
            verdict = "OK" if p95 < TARGET_MS else "TOO SLOW"
            print(
                f"{label:<24} {session.items.count():>6} {count:>8} "
                f"{statistics.median(times):>8.1f} {p95:>8.1f} {max(times):>8.1f}  {verdict}",
                flush=True,
            )
        print(f"{'':<24} queries the same for both: {'OK' if len(set(counts)) == 1 else 'NO'}")


def measure_register(data: dict[str, Any]) -> None:
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from procedure.services import requests

    client = data["spare"]
    with CaptureQueriesContext(connection) as queries:
        requests.request_register(
            actor=data["worker"],
            client=client,
            kind=data["kind"],
            received_on=timezone.localdate(),
            location="Sociaal huis",
            own_words="Bench",
        )
    print(f"registering a request, the service: {len(queries)} queries")
    browser = HttpClient()
    browser.force_login(data["worker"])
    url = reverse("procedure:register", args=[client.pk])
    form = {
        "kind": data["kind"].pk,
        "received_on": timezone.localdate().isoformat(),
        "location": "Sociaal huis",
        "own_words": "Bench",
    }
    browser.post(url, form)  # warm up: the session's clocks
    with CaptureQueriesContext(connection) as queries:
        status = browser.post(url, form).status_code
    print(f"registering a request, the form (POST, answered {status}): {len(queries)} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--items", type=int, default=200, help="items of the large session")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--clients", type=int, default=0, help="filler client files")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after the set-up, as a server worker could after it started",
    )
    args = parser.parse_args()
    # The test client talks plain HTTP to "testserver", logged in without the second factor;
    # one JSON line per request on stdout would bury the figures.
    os.environ |= {
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "OTP_REQUIRED": "false",
        "LOG_LEVEL": "WARNING",
    }
    set_up_django()
    from django.conf import settings
    from django.db import connection
    from django.test import override_settings

    name, original = create_database()
    # Static files are not collected for the bench: their URLs without the manifest's hashes.
    plain_static = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    try:
        print(
            f"{connection.vendor} ({connection.settings_dict['NAME']}); "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        data = set_up(args.items, args.clients)
        if args.gc_freeze:
            # Python's full collections walk every object of the process: in this one (and in
            # a gunicorn worker) a pass takes about 90 ms and lands on a few requests in 30.
            gc.collect()
            gc.freeze()
        with override_settings(STORAGES=plain_static):
            measure_pages(args.runs, data)
            measure_register(data)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        connection.creation.destroy_test_db(original, verbosity=0, keepdb=False)
        if connection.vendor == "sqlite":
            Path(name).unlink(missing_ok=True)
            Path(name).parent.rmdir()


if __name__ == "__main__":
    main()
