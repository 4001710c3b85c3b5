"""Benchmark: one leefloon calculation, and the indexation preview over the running leefloons
(issue 20, "numbers to reach": "One leefloon calculation under 20 ms p95 in-process; indexation
preview over 20,000 running leefloons under 10 s, in a fixed number of queries").

    .venv/bin/python -m bench.integration [--runs 200] [--grants 20000] [--previews 3]
                                          [--no-publish] [--gc-freeze]

Works on the database of DATABASE_URL, SQLite when unset (the embedded default), without
touching its data: like bench/calculation.py it makes a throwaway test database beside it and
drops it at the end. Production settings (DEBUG off). The leefloon amounts are those migration
0002 seeds (published from 1 May 2024 and 1 February 2025); its draft of 1 March 2026 is
deleted and made again by the service, as an administrator would.

1. The calculation: a client with a leefloon request, a partner with a wage, a cohabiting adult
   child (a relative who owes maintenance) with a wage, the client's own new wage with the
   exemption for socio-professional integration, and a minor child with Groeipakket; the
   worker's choices as the form gives them. Prints the queries of one
   `leefloon_calculation_save` (load the file as recorded on the day, compute, save the
   snapshot) and the median, p95 and maximum of --runs calls after 10 warm-up calls, with the
   median and p95 CPU time of this process; then the pure core (`leefloon_calculate`) alone.
   Target: p95 under 20 ms. --gc-freeze moves the set-up's objects out of Python's garbage
   collector's reach first, as gunicorn.conf.py does in each worker.
2. The indexation preview: 3 running leefloons, then --grants in all (bulk inserts: client
   files in 5 wijkteams, leefloon requests, decisions, calculations with their inputs, grants,
   their amounts and income lines; a mix of categories and resources, some started on the
   amounts of 2024 and indexed on 1 February 2025, some ended, some starting after the new
   amounts' first day). A draft of 1 March 2026 by `scale_index` (+2 %); prints the queries of
   `indexation_preview` for 3 and for all leefloons and the median and maximum of --previews
   timed previews. Targets: the same queries for both, under 10 s. Then, unless --no-publish,
   `scale_publish` once over all of them: its queries and seconds.
Only the database of DATABASE_URL is contacted.
"""

import argparse
import datetime as dt
import gc
import os
import re
import statistics
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.calculation import create_database, percentile, set_up_django
from bench.procedure import _client_rows

TARGET_MS = 20.0
TARGET_PREVIEW_S = 10.0
SMALL = 3
NEW_DAY = dt.date(2026, 3, 1)  # the indexation previewed (migration 0002's draft day)
SCALE_2025 = dt.date(2025, 2, 1)
TEAMS = ("Centrum", "Bissegem", "Heule", "Marke", "Aalbeke")
M = Decimal


# --- 1. one calculation ------------------------------------------------------------------------


def set_up_calculation() -> dict[str, Any]:
    """A social worker and one client file with its household, incomes and leefloon request."""
    from django.utils import timezone

    from clients.models import Assignment, Client, HouseholdMember, Income
    from clients.national_number import national_number_for
    from integration.calculation import Exemption
    from integration.services.calculations import CalculationChoices, LineChoice
    from procedure.models import RequestKind
    from procedure.services import requests
    from wijkteams.models import Membership, User, Wijkteam

    today = timezone.localdate()
    team = Wijkteam.objects.create(name="Bench")
    worker = User.objects.create(username="bench.ma", first_name="Bench", last_name="Werker")
    Membership.objects.create(user=worker, team=team, role=Membership.Role.SOCIAL_WORKER)
    born = dt.date(1982, 6, 14)
    client = Client.objects.create(
        national_number=national_number_for(born, 2),
        first_name="Bench",
        last_name="Leefloon",
        birth_date=born,
        sex="F",
        team=team,
    )
    Assignment.objects.create(
        client=client, worker=worker, started_at=timezone.now(), assigned_by=worker
    )

    def member(first_name: str, born: dt.date, sex: str, relation: str) -> HouseholdMember:
        return HouseholdMember.objects.create(
            client=client,
            first_name=first_name,
            last_name="Leefloon",
            birth_date=born,
            sex=sex,
            relation=relation,
        )

    partner = member("Partner", dt.date(1980, 2, 3), "M", "partner")
    adult = member("Zoon", dt.date(2003, 9, 1), "M", "child")  # cohabiting, owes maintenance
    member("Dochter", dt.date(2015, 4, 20), "F", "child")  # a minor: a dependent family

    def income(kind: str, monthly: str, member: HouseholdMember | None = None) -> Income:
        return Income.objects.create(
            client=client, member=member, kind=kind, net_monthly=M(monthly)
        )

    wage = income("wage", "640.00")  # a new part-time job
    income("wage", "950.00", partner)
    income("wage", "1420.00", adult)
    # Paid to the client for the minor child, and not counted (KB 11-7-2002 art. 22 §1 b).
    groeipakket = income("groeipakket", "182.51")
    request = requests.request_register(
        actor=worker,
        client=client,
        kind=RequestKind.objects.get(code="leefloon"),
        received_on=today,
        location="Sociaal huis",
        own_words="Bench: leefloon voor het gezin.",
    )
    choices = CalculationChoices(
        calculated_on=today,
        starts_on=today,
        category="family",
        lines={
            wage.pk: LineChoice(exemption=Exemption.SPI, exemption_since=today.replace(day=1)),
            groeipakket.pk: LineChoice(counted=False, reason="KB 11-7-2002 art. 22 §1 b"),
        },
        relatives_counted=frozenset({adult.pk}),
        relatives_share=M("0.5"),
        relatives_motivation="Art. 34 §2: de helft van wat de zoon boven het bedrag voor "
        "samenwonenden verdient.",
        note="Bench",
    )
    return {"worker": worker, "request": request.pk, "choices": choices}


def _request(data: dict[str, Any]) -> Any:
    """What the view hands the service: the request it loaded (outside the timing)."""
    from procedure.models import Request

    return Request.objects.get(pk=data["request"])


def _calculate(data: dict[str, Any], request: Any) -> tuple[Any, float, float]:
    from integration.services.calculations import leefloon_calculation_save

    started, cpu_started = time.perf_counter(), time.process_time()
    calculation = leefloon_calculation_save(
        actor=data["worker"], request=request, choices=data["choices"]
    )
    wall = (time.perf_counter() - started) * 1000
    cpu = (time.process_time() - cpu_started) * 1000
    return calculation, wall, cpu


def measure_calculation(runs: int, gc_freeze: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from integration.calculation import inputs_from_json, leefloon_calculate
    from integration.services.calculations import scale_values

    data = set_up_calculation()
    if gc_freeze:  # as gunicorn.conf.py does in each worker once the app is loaded
        gc.collect()
        gc.freeze()
    request = _request(data)
    with CaptureQueriesContext(connection) as queries:
        calculation, _wall, _cpu = _calculate(data, request)
    for _ in range(10):  # warm up caches and the connection
        _calculate(data, _request(data))
    times, cpu = [], []
    for _ in range(runs):
        _result, wall, used = _calculate(data, _request(data))
        times.append(wall)
        cpu.append(used)
    p95 = percentile(times, 0.95)
    verdict = "OK" if p95 < TARGET_MS else "TOO SLOW"
    print(
        f"calculation ({calculation.get_category_display()}, {calculation.monthly_amount} a "
        f"month): {len(queries)} queries; {runs} runs: p50 {statistics.median(times):.2f} ms, "
        f"p95 {p95:.2f} ms, max {max(times):.2f} ms; cpu p50 {statistics.median(cpu):.2f} ms, "
        f"p95 {percentile(cpu, 0.95):.2f} ms  "
        f"{verdict} (target p95 < {TARGET_MS:.0f} ms)",
        flush=True,
    )
    for query in queries:
        print(f"    {query['sql'][:110]}")
    inputs, scale = inputs_from_json(calculation.inputs), scale_values(calculation.scale)
    core = []
    for _ in range(50):
        started = time.perf_counter()
        for _ in range(100):
            leefloon_calculate(inputs, scale)
        core.append((time.perf_counter() - started) * 10_000)  # s per 100 calls -> us per call
    print(f"the pure core, leefloon_calculate: median {statistics.median(core):.1f} us a call")


# --- 2. the indexation preview -----------------------------------------------------------------


def _resources(n: int, category: str) -> dict[str, Any]:
    """The inputs' resources of leefloon n: a mix of none, benefits, wages with or without the
    art. 35 exemption, a partner's wage and relatives (counted or not)."""

    def line(key: str, kind: str, monthly: str, **extra: Any) -> dict[str, Any]:
        return {
            "key": key,
            "kind": kind,
            "monthly": monthly,
            "counted": extra.get("counted", True),
            "reason": extra.get("reason", ""),
            "exemption": extra.get("exemption", ""),
        }

    applicant: list[dict[str, Any]] = []
    partner: list[dict[str, Any]] | None = None
    relatives: list[dict[str, Any]] = []
    share = "0"
    kind = n % 6
    if kind == 1:
        applicant = [line(f"income-{n}-1", "unemployment", f"{250 + n % 300}.00")]
    elif kind == 2:
        applicant = [line(f"income-{n}-1", "wage", f"{400 + n % 500}.00", exemption="spi")]
    elif kind == 3:
        applicant = [line(f"income-{n}-1", "wage", f"{300 + n % 200}.50")]
    elif kind == 4 and category != "single":
        partner = [line(f"income-{n}-2", "wage", f"{900 + n % 700}.00")]
    elif kind == 5 and category == "cohabitant":
        relatives = [
            {
                "key": f"member-{n}-1",
                "resources": [line(f"income-{n}-3", "pension", f"{1100 + n % 600}.00")],
                "counted": n % 2 == 0,
            }
        ]
        share = "0.5"
    if category == "family" and kind != 4:
        applicant.append(
            line(f"income-{n}-4", "groeipakket", "182.51", counted=False, reason="art. 22 §1 b")
        )
    return {
        "applicant": applicant,
        "partner": partner,
        "relatives": relatives,
        "relatives_share": share,
    }


def _period(index: int, n: int, running: int) -> tuple[dt.date, dt.date | None]:
    """(start, end) of leefloon n, the index-th of a batch whose first `running` run on the new
    amounts' first day: they started over 20 months before it, one in 12 ends 60 days after it.
    The rest alternately start after that day (the worker recalculates them by hand) or ended
    before it."""
    if index < running:
        ends = NEW_DAY + dt.timedelta(days=60) if n % 12 == 11 else None
        return dt.date(2024, 7, 1) + dt.timedelta(days=n % 600), ends
    if (index - running) % 2 == 0:
        return NEW_DAY + dt.timedelta(days=1 + n % 40), None
    return dt.date(2024, 7, 1) + dt.timedelta(days=n % 500), NEW_DAY - dt.timedelta(days=10)


def seed_grants(running: int, first: int, people: dict[str, Any]) -> tuple[float, int]:
    """`running` leefloons that run on the new amounts' first day and one in 15 more that do
    not (n = first, first + 1, ...), with all their rows, in bulk: (seconds, leefloons made)."""
    from clients.models import Client, Income
    from integration.calculation import inputs_from_json, leefloon_calculate
    from integration.models import GrantAmount, LeefloonCalculation, LeefloonGrant
    from procedure.models import Decision, Request

    began = time.perf_counter()
    scales, values, kind = people["scales"], people["values"], people["kind"]
    count = running + running // 15
    numbers = range(first, first + count)
    periods = [_period(index, n, running) for index, n in enumerate(numbers)]
    clients = _client_rows(count, first, None)
    for n, client in zip(numbers, clients, strict=True):
        client.team = people["teams"][n % len(TEAMS)]
    clients = Client.objects.bulk_create(clients, batch_size=1000)
    starts = [start for start, _ends in periods]
    requests = Request.objects.bulk_create(
        [
            Request(
                client=client,
                kind=kind,
                received_on=start - dt.timedelta(days=20) if start >= NEW_DAY else start,
                received_by=people["worker"],
                location="Sociaal huis",
                state=Request.State.NOTIFIED,
            )
            for client, start in zip(clients, starts, strict=True)
        ],
        batch_size=1000,
    )
    categories = ("cohabitant", "single", "cohabitant", "single", "family")
    calculations, results = [], []
    for n, request, start in zip(numbers, requests, starts, strict=True):
        category = categories[n % len(categories)]
        # A leefloon starting after the new amounts was calculated on the amounts in force.
        scale_day = dt.date(2024, 5, 1) if start < SCALE_2025 else SCALE_2025
        inputs = {"category": category, "starts_on": start.isoformat(), **_resources(n, category)}
        result = leefloon_calculate(inputs_from_json(inputs), values[scale_day])
        if result.monthly_amount == 0:  # not granted: counted without resources instead
            inputs |= {"applicant": [], "partner": None, "relatives": []}
            result = leefloon_calculate(inputs_from_json(inputs), values[scale_day])
        results.append((scale_day, result.monthly_amount))
        calculations.append(
            LeefloonCalculation(
                request=request,
                client_id=request.client_id,
                scale=scales[scale_day],
                calculated_on=request.received_on,
                starts_on=start,
                category=category,
                proposed_category=category,
                inputs=inputs,
                category_yearly=result.category_yearly,
                resources_yearly=result.resources_yearly,
                yearly_amount=result.yearly_amount,
                monthly_amount=result.monthly_amount,
                first_month_amount=result.first_month_amount,
                created_by=people["worker"],
            )
        )
    calculations = LeefloonCalculation.objects.bulk_create(calculations, batch_size=1000)
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                request=request,
                outcome="granted",
                amount=monthly,
                starts_on=start,
                motivation="Bench: leefloon toegekend.",
                decided_on=request.received_on + dt.timedelta(days=25),
                body=Decision.Body.TEAM_LEAD,
                decided_by=people["lead"],
                proposed_by=people["worker"],
            )
            for request, start, (_day, monthly) in zip(requests, starts, results, strict=True)
        ],
        batch_size=1000,
    )
    grants = []
    for calculation, decision, (start, ended) in zip(calculations, decisions, periods, strict=True):
        grants.append(
            LeefloonGrant(
                decision=decision,
                request_id=calculation.request_id,
                client_id=calculation.client_id,
                calculation=calculation,
                category=calculation.category,
                starts_on=start,
                review_on=start + dt.timedelta(days=365),
                ended_on=ended,
                end_reason="Werk gevonden." if ended else "",
            )
        )
    grants = LeefloonGrant.objects.bulk_create(grants, batch_size=1000)
    amounts, lines = [], []
    for grant, (scale_day, monthly) in zip(grants, results, strict=True):
        amounts.append(
            GrantAmount(
                grant=grant,
                valid_from=grant.starts_on,
                monthly_amount=monthly,
                reason=GrantAmount.Reason.DECISION,
                scale=scales[scale_day],
            )
        )
        line_from = grant.starts_on
        if scale_day < SCALE_2025:  # indexed on 1 February 2025, as the publish did then
            priced = inputs_from_json(grant.calculation.inputs)
            before = leefloon_calculate(priced, values[scale_day]).monthly_amount
            after = leefloon_calculate(priced, values[SCALE_2025]).monthly_amount
            monthly = max(M("0.00"), monthly + after - before)
            amounts.append(
                GrantAmount(
                    grant=grant,
                    valid_from=SCALE_2025,
                    monthly_amount=monthly,
                    reason=GrantAmount.Reason.INDEXATION,
                    scale=scales[SCALE_2025],
                )
            )
            line_from = SCALE_2025
        lines.append(
            Income(
                client_id=grant.client_id,
                kind=Income.Kind.LEEFLOON,
                leefloon_category=grant.category,
                net_monthly=monthly,
                starts_on=line_from,
                ends_on=grant.ended_on,
            )
        )
    GrantAmount.objects.bulk_create(amounts, batch_size=1000)
    Income.objects.bulk_create(lines, batch_size=1000)
    return time.perf_counter() - began, count


def set_up_people() -> dict[str, Any]:
    from integration.models import LeefloonScale
    from integration.services.calculations import scale_values
    from procedure.models import RequestKind
    from wijkteams.models import Membership, User, Wijkteam

    teams = [Wijkteam.objects.create(name=name) for name in TEAMS]
    worker = User.objects.create(username="bench.ma.index", first_name="Bench", last_name="MA")
    lead = User.objects.create(username="bench.lead.index", first_name="Bench", last_name="Lead")
    Membership.objects.create(user=worker, team=teams[0], role=Membership.Role.SOCIAL_WORKER)
    Membership.objects.create(user=lead, team=teams[0], role=Membership.Role.TEAM_LEAD)
    # The migration's draft of 1 March 2026 goes: the administrator makes it again below.
    LeefloonScale.objects.filter(status="draft").delete()
    scales = {scale.valid_from: scale for scale in LeefloonScale.objects.published()}
    return {
        "teams": teams,
        "worker": worker,
        "lead": lead,
        "kind": RequestKind.objects.get(code="leefloon"),
        "scales": scales,
        "values": {day: scale_values(scale) for day, scale in scales.items()},
        "admin": User.objects.create(username="bench.beheer", is_staff=True),
    }


def _preview(draft: Any) -> tuple[Any, int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from integration.selectors_scales import indexation_preview

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        preview = indexation_preview(scale=draft)
    return preview, len(queries), time.perf_counter() - started


def _describe(preview: Any, count: int, seconds: float) -> str:
    return (
        f"{preview.total.grants:,} running ({preview.total.changed:,} changed, "
        f"{preview.by_hand} to recalculate by hand, {preview.not_recalculated} not "
        f"recalculated), {count} queries, {seconds:.2f} s; "
        f"{preview.total.old_total:,.2f} -> {preview.total.new_total:,.2f} a month"
    )


def measure_indexation(grants: int, previews: int, publish: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from integration.models import GrantAmount, LeefloonGrant
    from integration.services.scales import scale_index, scale_publish

    people = set_up_people()
    seconds, made = seed_grants(SMALL, 0, people)
    draft = scale_index(
        actor=people["admin"], percent=M("2.00"), valid_from=NEW_DAY, source="Bench: +2 %"
    )
    preview, small_queries, took = _preview(draft)
    print(f"preview, {SMALL} running leefloons seeded: {_describe(preview, small_queries, took)}")
    more_seconds, _more = seed_grants(grants - SMALL, made, people)
    seconds += more_seconds
    print(
        f"seeded {LeefloonGrant.objects.count():,} leefloons with "
        f"{GrantAmount.objects.count():,} amounts in {seconds:.1f} s; "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    gc.collect()
    _preview(draft)  # warm up
    times, counts = [], set()
    for _ in range(previews):
        preview, count, took = _preview(draft)
        times.append(took)
        counts.add(count)
        print(
            f"preview, {grants:,} running leefloons seeded: {_describe(preview, count, took)}",
            flush=True,
        )
    verdict = "OK" if max(times) < TARGET_PREVIEW_S else "TOO SLOW"
    same = "OK" if counts == {small_queries} else "NO"
    print(
        f"preview over {preview.total.grants:,} running leefloons: median "
        f"{statistics.median(times):.2f} s, max {max(times):.2f} s  {verdict} "
        f"(target < {TARGET_PREVIEW_S:.0f} s); queries {small_queries} for {SMALL} and "
        f"{', '.join(map(str, sorted(counts)))} for {grants:,}: the same {same}"
    )
    if not publish:
        return
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        done = scale_publish(actor=people["admin"], scale=draft, expected_version=draft.version)
    print(
        f"publish: {done.total.grants:,} leefloons indexed, {len(queries)} queries, "
        f"{time.perf_counter() - started:.2f} s"
    )
    kinds: dict[str, list[float]] = {}
    for query in queries:
        kinds.setdefault(_statement(query["sql"]), []).append(float(query["time"]))
    for statement, times in sorted(kinds.items(), key=lambda item: -sum(item[1])):
        print(f"    {len(times):>5} x {statement:<40} {sum(times):>7.2f} s")


def _statement(sql: str) -> str:
    """The verb and the first table of a query: `UPDATE "clients_income"`."""
    table = re.search(r'"([a-z_]+)"', sql)
    return f"{sql.split(maxsplit=1)[0]} {table.group(1) if table else ''}".strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="timed calculations")
    parser.add_argument("--grants", type=int, default=20000, help="running leefloons in all")
    parser.add_argument("--previews", type=int, default=3, help="timed previews")
    parser.add_argument("--no-publish", action="store_true", help="do not time the publish")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() before the timed calculations, as a server worker does after it started",
    )
    args = parser.parse_args()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    set_up_django()
    from django.db import connection

    name, original = create_database()
    try:
        print(
            f"{connection.vendor} ({connection.settings_dict['NAME']}); "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        measure_calculation(args.runs, args.gc_freeze)
        measure_indexation(max(args.grants, SMALL + 1), args.previews, not args.no_publish)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        connection.creation.destroy_test_db(original, verbosity=0, keepdb=False)
        if connection.vendor == "sqlite":
            Path(name).unlink(missing_ok=True)
            Path(name).parent.rmdir()


if __name__ == "__main__":
    main()
