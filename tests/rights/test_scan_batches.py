"""The full scan split into batch tasks (issue 21, point 3): the plan, each batch in one
transaction, the run ending with its last batch whatever the order, a batch delivered twice or
after its run failed, the same flags as the sequential scan, a fixed number of queries per
batch, and (PostgreSQL) several sessions scanning one run's batches at once.

The real worker processes on Redis are in test_scan_worker.py."""

import datetime as dt
import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.models import AccessLog, Client, Income, Sex
from ocmw.celery import app
from rights.catalogue import catalogue_sync
from rights.models import (
    DataMissingNote,
    NonTakeUpFlag,
    Right,
    RightParameters,
    ScanBatch,
    ScanRun,
)
from rights.scan import scan_clients, scan_run_start, writes
from rights.scan.batches import scan_batch, scan_run_plan
from rights.tasks import scan_all_task
from tests.rights.test_scan import make_clients

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 3, 15)


@pytest.fixture
def catalogue(db: None) -> None:
    """Every right of the catalogue, as in real use."""
    catalogue_sync()


@pytest.fixture
def eager() -> Iterator[None]:
    """Tasks run in-process, as in the embedded default, even when CI sets a broker."""
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


def on_leefloon(n: int) -> list[Client]:
    """`n` single clients on leefloon for a year, household confirmed: several rights hold."""
    since = ON - dt.timedelta(days=400)
    clients = Client.objects.bulk_create(
        Client(
            national_number=f"{61_000_000_000 + i:011d}",
            first_name="Batch",
            last_name=f"Cliënt {i}",
            birth_date=dt.date(1980, 1, 1),
            sex=Sex.FEMALE,
            leefloon_since=since,
            household_confirmed_on=dt.date(2026, 1, 5),
        )
        for i in range(n)
    )
    Income.objects.bulk_create(
        Income(
            client=client,
            kind=Income.Kind.LEEFLOON,
            leefloon_category=Income.LeefloonCategory.SINGLE,
            net_monthly=Decimal("1000.00"),
            starts_on=since,
        )
        for client in clients
    )
    return clients


def nightly() -> ScanRun:
    return scan_run_start(kind=ScanRun.Kind.NIGHTLY, on=ON)


def bounds(run: ScanRun) -> list[tuple[int, int | None]]:
    return list(run.batches.order_by("after_id").values_list("after_id", "up_to_id"))


def scanned_state() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """The flags and data-missing notes, as a scan leaves them (no ids, no moments)."""
    flags = set(
        NonTakeUpFlag.objects.values_list(
            "client_id", "right_id", "status", "facts_fingerprint", "estimated_yearly_value"
        )
    )
    notes = set(DataMissingNote.objects.values_list("client_id", "right_id", "facts_fingerprint"))
    return flags, notes


# --- the plan --------------------------------------------------------------------------------


def test_the_plan_divides_the_active_clients_into_batches_by_id(catalogue: None) -> None:
    clients = make_clients(8)
    Client.objects.filter(pk=clients[1].pk).update(closed_on=ON)  # a closed file is not scanned
    ids = [c.pk for c in clients if c.pk != clients[1].pk]
    run = nightly()

    pending = scan_run_plan(run, batch_size=3)

    # The last batch is open-ended: a client added during the run is scanned too.
    assert bounds(run) == [(0, ids[2]), (ids[2], ids[5]), (ids[5], None)]
    assert pending == list(run.batches.order_by("after_id").values_list("pk", flat=True))


def test_a_full_last_batch_is_open_ended_and_no_clients_make_one_batch(catalogue: None) -> None:
    ids = [c.pk for c in make_clients(6)]
    run = nightly()
    scan_run_plan(run, batch_size=3)
    assert bounds(run) == [(0, ids[2]), (ids[2], None)]

    Client.objects.update(closed_on=ON)
    empty = nightly()
    scan_run_plan(empty, batch_size=3)
    assert bounds(empty) == [(0, None)]


def test_the_plan_is_made_once_and_planning_again_gives_what_is_pending(catalogue: None) -> None:
    make_clients(5)
    run = nightly()
    first, second, third = scan_run_plan(run, batch_size=2)
    scan_batch(second)
    make_clients(4)  # added after the plan: in the open-ended last batch, no new batches

    assert scan_run_plan(run, batch_size=2) == [first, third]
    assert run.batches.count() == 3


def test_a_run_that_ended_is_not_planned(catalogue: None) -> None:
    make_clients(2)
    run = nightly()
    ScanRun.objects.filter(pk=run.pk).update(status=ScanRun.Status.FAILED)
    assert scan_run_plan(run, batch_size=2) == []
    assert not ScanBatch.objects.exists()


def test_a_run_the_sequential_scan_began_is_planned_after_its_last_client(
    catalogue: None,
) -> None:
    ids = [c.pk for c in make_clients(5)]
    run = nightly()
    ScanRun.objects.filter(pk=run.pk).update(last_client_id=ids[1])
    run.refresh_from_db()
    scan_run_plan(run, batch_size=2)
    assert bounds(run) == [(ids[1], ids[3]), (ids[3], None)]


# --- the batches -----------------------------------------------------------------------------


def test_the_run_ends_with_its_last_batch_whatever_the_order(catalogue: None) -> None:
    clients = on_leefloon(5)
    run = nightly()
    first, second, third = scan_run_plan(run, batch_size=2)

    for batch_id in (third, first):
        scan_batch(batch_id)
        run.refresh_from_db()
        assert run.status == ScanRun.Status.RUNNING
    assert run.clients == 3

    ended = scan_batch(second)
    run.refresh_from_db()
    assert ended is not None
    assert (run.status, run.clients) == (ScanRun.Status.DONE, 5)
    assert run.finished_at is not None
    batches = list(run.batches.values_list("status", "clients", "flags_opened"))
    assert {status for status, _n, _o in batches} == {ScanBatch.Status.DONE}
    assert sum(n for _s, n, _o in batches) == 5
    assert run.flags_opened == sum(o for _s, _n, o in batches) > 0
    assert set(
        AccessLog.objects.filter(actor_label="scan").values_list("client_id", flat=True)
    ) == {c.pk for c in clients}


def test_a_batch_delivered_twice_is_scanned_once(catalogue: None) -> None:
    on_leefloon(3)
    run = nightly()
    first, _second = scan_run_plan(run, batch_size=2)
    scan_batch(first)
    opened = NonTakeUpFlag.objects.count()

    assert scan_batch(first) is None
    run.refresh_from_db()
    assert run.clients == 2
    assert NonTakeUpFlag.objects.count() == opened
    assert AccessLog.objects.filter(actor_label="scan").count() == 2


def test_the_batches_of_a_failed_run_write_nothing(catalogue: None) -> None:
    on_leefloon(3)
    run = nightly()
    first, _second = scan_run_plan(run, batch_size=2)
    ScanRun.objects.filter(pk=run.pk).update(status=ScanRun.Status.FAILED)

    assert scan_batch(first) is None
    assert not NonTakeUpFlag.objects.exists()
    assert not AccessLog.objects.exists()


def test_batches_leave_the_same_flags_and_notes_as_the_sequential_scan(catalogue: None) -> None:
    on_leefloon(4)
    make_clients(3, net="900.00", children=2)
    make_clients(2, net="3900.00")
    Client.objects.filter(pk=Client.objects.order_by("pk")[6].pk).update(
        household_confirmed_on=None  # unknown household: notes, not flags
    )
    sequential = scan_clients(run=nightly(), client_ids=None, on=ON, batch_size=4)
    expected = scanned_state()
    # Flags and notes both present: the comparison bites.
    assert expected[0]
    assert expected[1]
    NonTakeUpFlag.objects.all().delete()
    DataMissingNote.objects.all().delete()

    run = nightly()
    for batch_id in reversed(scan_run_plan(run, batch_size=4)):
        scan_batch(batch_id)

    run.refresh_from_db()
    assert scanned_state() == expected
    assert (run.status, run.clients, run.flags_opened, run.flags_closed, run.errors) == (
        ScanRun.Status.DONE,
        sequential.clients,
        sequential.flags_opened,
        sequential.flags_closed,
        sequential.errors,
    )


def test_a_batch_takes_the_same_queries_for_2_and_for_6_clients(catalogue: None) -> None:
    on_leefloon(10)
    run = nightly()
    ids = list(Client.objects.order_by("pk").values_list("pk", flat=True))
    # The run's first batch reads the rights in force; the others find them read.
    first = ScanBatch.objects.create(run=run, after_id=0, up_to_id=ids[1]).pk
    small = ScanBatch.objects.create(run=run, after_id=ids[1], up_to_id=ids[3]).pk
    big = ScanBatch.objects.create(run=run, after_id=ids[3], up_to_id=None).pk
    scan_batch(first)

    with CaptureQueriesContext(connection) as two:
        scan_batch(small)
    with CaptureQueriesContext(connection) as six:
        scan_batch(big)

    assert len(two) == len(six)
    run.refresh_from_db()
    assert (run.status, run.clients) == (ScanRun.Status.DONE, 10)


def test_a_run_reads_the_rights_in_force_again_only_when_a_version_starts(
    catalogue: None,
) -> None:
    on_leefloon(6)
    run = nightly()
    first, second, third = scan_run_plan(run, batch_size=2)
    right = Right.objects.get(code="verhoogde_tegemoetkoming")
    current = RightParameters.objects.in_force_on(ON).filter(right=right).get()

    with CaptureQueriesContext(connection) as reading:
        scan_batch(first)
    with CaptureQueriesContext(connection) as kept:
        scan_batch(second)
    published = RightParameters.objects.create(
        right=right, valid_from=ON, values=dict(current.values), source="published meanwhile"
    )
    with CaptureQueriesContext(connection) as read_again:
        scan_batch(third)

    assert len(reading) == len(read_again) == len(kept) + 1
    versions = NonTakeUpFlag.objects.filter(right=right).order_by("client_id")
    assert (
        list(versions.values_list("parameters_id", flat=True))
        == [current.pk] * 4 + [published.pk] * 2
    )


# --- the tasks, in-process (the embedded default) --------------------------------------------


def test_the_nightly_task_plans_and_scans_every_batch_in_process(
    catalogue: None, eager: None, settings: Any
) -> None:
    settings.RIGHTS_SCAN_BATCH_SIZE = 2
    on_leefloon(5)
    run = ScanRun.objects.get(pk=scan_all_task.delay().get())

    assert (run.kind, run.status, run.clients) == (ScanRun.Kind.NIGHTLY, ScanRun.Status.DONE, 5)
    assert list(run.batches.values_list("status", flat=True)) == [ScanBatch.Status.DONE] * 3
    assert scan_all_task.delay().get() is None  # tonight's run has ended: nothing twice


# --- several sessions at once (PostgreSQL) ---------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel sessions need PostgreSQL (CI runs it)"
)
@pytest.mark.django_db(transaction=True)
def test_four_sessions_scan_one_runs_batches_and_count_each_client_once(
    catalogue: None,
) -> None:
    clients = on_leefloon(30)
    run = nightly()
    pending = scan_run_plan(run, batch_size=3)
    lock = threading.Lock()
    failures: list[BaseException] = []

    def drain() -> None:
        try:
            while True:
                with lock:
                    if not pending:
                        return
                    batch_id = pending.pop()
                scan_batch(batch_id)
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    run.refresh_from_db()
    assert (run.status, run.clients) == (ScanRun.Status.DONE, 30)
    assert run.flags_opened == NonTakeUpFlag.objects.count() > 0
    logged = AccessLog.objects.filter(actor_label="scan").values_list("client_id", flat=True)
    assert sorted(logged) == sorted(c.pk for c in clients)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel sessions need PostgreSQL (CI runs it)"
)
@pytest.mark.django_db(transaction=True)
def test_two_batches_ending_together_add_both_counts_and_end_the_run_once(
    catalogue: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both batches have written their flags and marked themselves done, neither committed,
    when they go on to the run: the run's row lock lets the second see the first's commit."""
    on_leefloon(4)
    run = nightly()
    pending = scan_run_plan(run, batch_size=2)
    both_written = threading.Barrier(2, timeout=30)
    real_write = writes._batch_write

    def write_then_wait(**kwargs: Any) -> Any:
        counts = real_write(**kwargs)
        both_written.wait()
        return counts

    monkeypatch.setattr(writes, "_batch_write", write_then_wait)
    failures: list[BaseException] = []

    def scan(batch_id: int) -> None:
        try:
            scan_batch(batch_id)
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan, args=(batch_id,)) for batch_id in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    run.refresh_from_db()
    assert (run.status, run.clients) == (ScanRun.Status.DONE, 4)
    assert run.flags_opened == NonTakeUpFlag.objects.count() > 0
