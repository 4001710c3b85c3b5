"""On PostgreSQL the scan writes its flags, events, notes and access-log rows with COPY
(core.bulk.insert_rows): what it writes reads back the same as what Django's bulk_create
writes, and a flag another scan opened meanwhile still surfaces as an IntegrityError the scan
retries."""

import datetime as dt
import itertools
import warnings
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients import access_log as access_log_module
from clients.models import AccessLog, Client, HouseholdMember, Income, Sex
from core.bulk import insert_rows, insert_values
from rights.models import DataMissingNote, FlagEvent, NonTakeUpFlag, ScanRun
from rights.scan import SCAN_ACTOR, scan_clients, scan_run_start
from rights.scan import reads as scan_reads
from rights.scan import runs as scan_runs
from rights.scan import writes as scan_writes
from rights.scan.reads import BatchRows
from tests.factories import ClientFactory, HouseholdMemberFactory, IncomeFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="COPY is PostgreSQL's; elsewhere insert_rows is bulk_create (CI runs PostgreSQL)",
    ),
    pytest.mark.django_db,
]

ON = dt.date(2026, 3, 15)
MOMENT = dt.datetime(2026, 3, 15, 1, 30, tzinfo=dt.UTC)
_numbers = itertools.count(71_000_000_001)


def _family(net: str) -> Client:
    """A single mother with two children on a low wage, her household confirmed: the real
    rules open flags for her, and lack data for others (no income last year: data-missing
    notes)."""
    client = ClientFactory.create(
        national_number=f"{next(_numbers):011d}",
        first_name="Fatima",
        last_name="El Amrani",
        birth_date=dt.date(1988, 4, 2),
        sex=Sex.FEMALE,
        household_confirmed_on=dt.date(2026, 2, 1),
    )
    for year in (2015, 2018):
        HouseholdMemberFactory.create(
            client=client,
            first_name="Kind",
            last_name=str(year),
            birth_date=dt.date(year, 6, 1),
            sex=Sex.MALE,
            relation=HouseholdMember.Relation.CHILD,
            is_dependant=True,
        )
    IncomeFactory.create(client=client, kind=Income.Kind.WAGE, net_monthly=Decimal(net))
    return client


def _scan(client: Client) -> ScanRun:
    run = scan_run_start(kind=ScanRun.Kind.NIGHTLY, on=ON)
    return scan_clients(run=run, client_ids=[client.pk], on=ON)


def _orm_insert_values(
    model: type[models.Model], fields: list[str], rows: list[Any], *, ids: bool = False
) -> list[int]:
    objects = model._default_manager.bulk_create(
        model(**dict(zip(fields, row, strict=True))) for row in rows
    )
    return [obj.pk for obj in objects] if ids else []


def _orm(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(scan_writes, "insert_values", _orm_insert_values)
    # The scan's access-log rows go through the log's own write path.
    patch.setattr(access_log_module, "insert_values", _orm_insert_values)


def _written(client: Client) -> dict[str, list[Any]]:
    """Everything the scan wrote for `client`, without ids (two clients get different ones)."""
    return {
        "flags": list(
            NonTakeUpFlag.objects.filter(client=client)
            .order_by("right__code")
            .values(
                "right__code",
                "parameters_id",
                "status",
                "explanation",
                "facts_fingerprint",
                "opened_at",
                "first_action_at",
                "closed_at",
                "close_reason",
                "non_take_up_type",
            )
        ),
        "events": list(
            FlagEvent.objects.filter(flag__client=client)
            .order_by("flag__right__code", "at", "pk")
            .values(
                "flag__right__code",
                "at",
                "actor_id",
                "kind",
                "status",
                "note",
                "previous_explanation",
            )
        ),
        "notes": list(
            DataMissingNote.objects.filter(client=client)
            .order_by("right__code")
            .values("right__code", "parameters_id", "explanation", "facts_fingerprint", "noted_at")
        ),
        "access": list(
            AccessLog.objects.filter(client=client, actor_label=SCAN_ACTOR)
            .order_by("at", "pk")
            .values(
                "at",
                "actor_id",
                "actor_label",
                "action",
                "what",
                "what_key",
                "what_params",
                "purpose",
            )
        ),
    }


def _copies(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"].split(" (")[0] for q in queries.captured_queries if q["sql"].startswith("COPY")
    ]


def test_copy_writes_what_bulk_create_writes(
    time_machine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    time_machine.move_to(MOMENT, tick=False)
    copied, created = _family("1100.00"), _family("1100.00")

    with CaptureQueriesContext(connection) as queries:
        _scan(copied)
    assert _copies(queries) == [
        'COPY "rights_nontakeupflag"',
        'COPY "rights_datamissingnote"',
        'COPY "clients_accesslog"',
    ]
    with monkeypatch.context() as orm:
        _orm(orm)
        with CaptureQueriesContext(connection) as queries:
            _scan(created)
        assert _copies(queries) == []

    written = _written(copied)
    assert written["flags"], "the real rules open flags for this family"
    assert written["notes"], "and note missing data for others"
    assert all(flag["explanation"]["matched"] for flag in written["flags"])
    assert written["events"] == []  # a new flag's history starts from its opened_at
    assert written["access"][0]["at"] == MOMENT
    assert written == _written(created)

    # A small raise keeps her eligible: the explanations that quote her income are rewritten,
    # each with an event holding the one it replaced (COPY).
    before = {flag["right__code"]: flag["explanation"] for flag in written["flags"]}
    Income.objects.filter(client__in=[copied, created]).update(net_monthly=Decimal("1150.00"))
    time_machine.move_to(MOMENT + dt.timedelta(days=1), tick=False)
    with CaptureQueriesContext(connection) as queries:
        _scan(copied)
    assert 'COPY "rights_flagevent"' in _copies(queries)
    with monkeypatch.context() as orm:
        _orm(orm)
        _scan(created)

    written = _written(copied)
    assert {flag["status"] for flag in written["flags"]} == {"open"}
    assert written["events"], "the raise changes the facts of at least one flag"
    for event in written["events"]:
        assert event["kind"] == "explanation"
        assert event["previous_explanation"] == before[event["flag__right__code"]]
    assert written == _written(created)
    rewritten = len(written["events"])

    # A raise lifts her over the limits: the flags close, with a "closed" event each (COPY).
    Income.objects.filter(client__in=[copied, created]).update(net_monthly=Decimal("6000.00"))
    time_machine.move_to(MOMENT + dt.timedelta(days=2), tick=False)
    with CaptureQueriesContext(connection) as queries:
        _scan(copied)
    assert 'COPY "rights_flagevent"' in _copies(queries)
    with monkeypatch.context() as orm:
        _orm(orm)
        _scan(created)

    written = _written(copied)
    assert {flag["status"] for flag in written["flags"]} == {"closed"}
    closed = [e for e in written["events"] if e["kind"] == "status"]
    assert [e["status"] for e in closed] == ["closed"] * len(written["flags"])
    assert len(written["events"]) == rewritten + len(written["flags"])
    assert written == _written(created)


def _income_rows() -> list[Income]:
    client = _family("900.00")
    return [
        Income(client=client, kind=Income.Kind.WAGE, net_monthly=Decimal("1234.5")),
        Income(
            client=client,
            kind=Income.Kind.UNEMPLOYMENT,
            net_monthly=Decimal("0.01"),
            gross_taxable_last_year=None,
            starts_on=dt.date(2025, 12, 31),
        ),
    ]


def _run_rows() -> list[ScanRun]:
    naive = dt.datetime(2026, 7, 1, 2, 0)  # Brussels summer time: 00:00 UTC
    return [
        ScanRun(
            kind=ScanRun.Kind.NIGHTLY,
            started_at=naive,
            scan_date=ON,
            error_messages=[{"client_id": None, "error": "Café ≤ 1.000,00 €", "n": [1, 2.5]}],
            last_client_id=2**40,
        ),
        ScanRun(kind=ScanRun.Kind.CLIENT, started_at=MOMENT, scan_date=ON),
    ]


@pytest.mark.parametrize(
    ("model", "rows", "fields"),
    [
        (Income, _income_rows, ["kind", "net_monthly", "gross_taxable_last_year", "starts_on"]),
        (
            ScanRun,
            _run_rows,
            ["kind", "status", "started_at", "finished_at", "error_messages", "last_client_id"],
        ),
    ],
)
def test_insert_rows_reads_back_as_bulk_create(
    model: type[models.Model], rows: Any, fields: list[str]
) -> None:
    """Decimals, None, dates, JSON (unicode, nested, null) and a naive datetime (taken in the
    current time zone, with Django's warning) come back the same either way."""
    with warnings.catch_warnings(record=True) as copy_warnings:
        warnings.simplefilter("always")
        copied = rows()
        insert_rows(model, copied)
    with warnings.catch_warnings(record=True) as orm_warnings:
        warnings.simplefilter("always")
        created = rows()
        model._default_manager.bulk_create(created)
    assert [str(w.message) for w in copy_warnings] == [str(w.message) for w in orm_warnings]
    assert all(obj.pk is not None for obj in copied)

    def read(objects: list[models.Model]) -> list[dict[str, Any]]:
        by_pk = {row["pk"]: row for row in model._default_manager.values("pk", *fields)}
        return [{k: v for k, v in by_pk[obj.pk].items() if k != "pk"} for obj in objects]

    assert read(copied) == read(created)
    if model is ScanRun:
        assert read(copied)[0]["started_at"] == dt.datetime(2026, 7, 1, 0, 0, tzinfo=dt.UTC)


def test_insert_values_fills_defaults_as_new_instances_do() -> None:
    """Fields left out get their defaults (a callable one for JSON, a choice), auto_now_add the
    moment of the insert, as bulk_create of instances does."""
    client = _family("900.00")
    rows = [(ScanRun.Kind.NIGHTLY, MOMENT, ON), (ScanRun.Kind.CLIENT, MOMENT, dt.date(2026, 1, 1))]
    fields = ["kind", "started_at", "scan_date"]
    runs = ScanRun.objects.order_by("-pk").values(
        "kind", "status", "started_at", "scan_date", "clients", "error_messages"
    )

    with CaptureQueriesContext(connection) as queries:
        insert_values(ScanRun, fields, rows)
    assert _copies(queries) == ['COPY "rights_scanrun"']
    copied = list(runs[:2])
    _orm_insert_values(ScanRun, fields, rows)
    assert copied == list(runs[:2])
    assert copied[0]["status"] == ScanRun.Status.RUNNING
    assert copied[0]["error_messages"] == []

    before = timezone.now()
    insert_values(
        AccessLog, ["client_id", "actor_label", "action", "what"], [(client.pk, "x", "scan", "y")]
    )
    row = AccessLog.objects.filter(client=client).get()
    assert (row.actor_id, row.purpose) == (None, "")
    assert row.at >= before

    with pytest.raises(ValueError, match="no fields"):
        insert_values(ScanRun, ["kind", "colour"], [("nightly", "blue")])


def test_a_concurrent_open_flag_makes_copy_raise_integrity_error() -> None:
    client = _family("1100.00")
    _scan(client)
    flag = NonTakeUpFlag.objects.filter(client=client).first()
    assert flag is not None
    twin = NonTakeUpFlag(
        client_id=client.pk,
        right_id=flag.right_id,
        parameters_id=flag.parameters_id,
        status=NonTakeUpFlag.Status.OPEN,
        explanation=flag.explanation,
        facts_fingerprint=flag.facts_fingerprint,
        opened_at=timezone.now(),
    )
    with pytest.raises(IntegrityError, match="flag_one_open_per_client_right"):  # noqa: SIM117
        with transaction.atomic():
            insert_rows(NonTakeUpFlag, [twin])
    # The transaction around it rolled back cleanly: the connection works on.
    assert NonTakeUpFlag.objects.filter(client=client, right_id=flag.right_id).count() == 1


def test_the_scan_retries_a_batch_whose_copy_met_a_concurrent_flag(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = _family("1100.00")
    _scan(client)
    opened = set(NonTakeUpFlag.objects.filter(client=client).values_list("pk", flat=True))
    real = scan_reads.batch_rows
    reads: list[int] = []

    def stale_read(*args: Any, **kwargs: Any) -> BatchRows:
        # The first read misses the open flags, as a concurrent scan's would.
        rows = real(*args, **kwargs)
        reads.append(len(rows.open_flags))
        if len(reads) == 1:
            rows.open_flags.clear()
        return rows

    monkeypatch.setattr(scan_runs, "batch_rows", stale_read)
    with CaptureQueriesContext(connection) as queries:
        run = _scan(client)
    assert reads == [len(opened), len(opened)]  # read again after the IntegrityError
    assert _copies(queries)[0] == 'COPY "rights_nontakeupflag"'  # the COPY that failed
    assert set(NonTakeUpFlag.objects.filter(client=client).values_list("pk", flat=True)) == opened
    assert run.flags_opened == 0
    assert run.status == ScanRun.Status.DONE
    assert AccessLog.objects.filter(client=client, actor_label=SCAN_ACTOR).count() == 2
