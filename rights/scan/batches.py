"""A full scan (nightly or started by a team lead) split into batches that any number of Celery
workers scan in parallel (issue 21, point 3).

`scan_run_plan` divides the run's active clients into batches of consecutive ids once, stores
them (ScanBatch) and returns those still pending; rights/tasks.py then sends one task per batch.
`scan_batch` scans one batch in one transaction: the batch's own reads and writes (as the
sequential scan_clients does per batch), the batch marked done, and its counts added to the
run under the run's row lock. Batches ending together therefore add their counts one after
the other, and the one that finds no batch pending any more ends the run: the run ends when
its last batch commits.

Resumable and idempotent as before: a batch whose worker was killed rolls back and its message
is delivered again (acks_late); a batch delivered twice waits for the first's row lock and then
finds itself done; a planning task delivered again sends the pending batches of the plan it
made, never a second plan. A batch takes the rights in force on the run's date when it starts,
so thresholds published during a run apply from the next batch (each flag names the version it
used); its claim reads what they depend on (reads.rights_version), and the worker reads them
again only when that changed since its last read (most batches: no query).

Per batch, besides its reads and writes: the claim (the batch's row locked, with its run's and
the rights' version), the batch marked done, the run's counters added (an update that waits for
the run's row lock), and the run ended if no batch is pending (an update with that condition).
"""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, F
from django.utils import timezone

from clients.models import Client
from rights.models import ScanBatch, ScanRun
from rights.scan.reads import (
    RIGHTS_VERSION,
    _active_clients,
    batch_rows,
    rights_in_force_of,
    rights_version,
)
from rights.scan.writes import (
    ERROR_MESSAGES_KEPT,
    BatchCounts,
    _batch_found_and_written,
    _run_counters_add,
)

logger = logging.getLogger("rights.scan")

NOTHING = BatchCounts(clients=0, flags_opened=0, flags_closed=0, errors=0, error_messages=[])


def _bounds(after_id: int, batch_size: int) -> list[tuple[int, int | None]]:
    """(after_id, up_to_id] of each batch of `batch_size` active clients after `after_id`; the
    last batch is open-ended (None), so clients added during the run are scanned too. One
    query, of ids only."""
    bounds: list[tuple[int, int | None]] = []
    start, count = after_id, 0
    ids = _active_clients(None).filter(pk__gt=after_id).values_list("pk", flat=True)
    for pk in ids.iterator(chunk_size=10_000):
        count += 1
        if count == batch_size:
            bounds.append((start, pk))
            start, count = pk, 0
    if count or not bounds:
        bounds.append((start, None))
    else:
        bounds[-1] = (bounds[-1][0], None)
    return bounds


def scan_run_plan(run: ScanRun, *, batch_size: int) -> list[int]:
    """The ids of the run's batches still to scan, in order. The first call makes the plan
    (after the run's `last_client_id`, where a run of the sequential scan had got to); a later
    one returns what is pending of that plan. Empty when the run no longer runs. The run's row
    is locked, so two planning tasks never both make a plan."""
    with transaction.atomic():
        locked = ScanRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != ScanRun.Status.RUNNING:
            return []
        if not ScanBatch.objects.filter(run=locked).exists():
            ScanBatch.objects.bulk_create(
                ScanBatch(run=locked, after_id=after, up_to_id=up_to)
                for after, up_to in _bounds(locked.last_client_id, batch_size)
            )
        return list(
            ScanBatch.objects.filter(run=locked, status=ScanBatch.Status.PENDING)
            .order_by("after_id")
            .values_list("pk", flat=True)
        )


def _batch_clients(batch: ScanBatch) -> list[Client]:
    clients = _active_clients(None).filter(pk__gt=batch.after_id)
    if batch.up_to_id is not None:
        clients = clients.filter(pk__lte=batch.up_to_id)
    return list(clients)


@transaction.atomic
def _scan_batch(batch_id: int) -> ScanRun | None:
    # The batch's row locked, read with its run's (one query).
    batch = (
        ScanBatch.objects.select_for_update(of=("self",))
        .select_related("run")
        .annotate(**rights_version("run__scan_date"))
        .filter(pk=batch_id)
        .order_by("pk")
        .first()
    )
    if batch is None or batch.status == ScanBatch.Status.DONE:
        return None  # delivered twice: the first delivery scanned it
    run = batch.run
    if run.status != ScanRun.Status.RUNNING:
        return None  # the run failed on another batch: nothing more is written for it
    on: dt.date = run.scan_date
    # The rights in force, read again only when they changed since this process last read
    # them (most batches: no query).
    rights = rights_in_force_of(on, tuple(getattr(batch, name) for name in RIGHTS_VERSION))
    # Without a rule to run there is nothing to read: no client data is touched.
    clients = _batch_clients(batch) if rights else []
    now = timezone.now()
    counts = NOTHING
    if clients:
        counts = _batch_found_and_written(
            clients=clients,
            rows=batch_rows(clients, on=on),
            rights=rights,
            on=on,
            now=now,
            errors_kept=ERROR_MESSAGES_KEPT,
            skip_unchanged=True,  # a full scan (rights/scan/unchanged.py)
        )
    ScanBatch.objects.filter(pk=batch.pk).update(
        status=ScanBatch.Status.DONE,
        clients=counts.clients,
        clients_evaluated=counts.evaluated,
        flags_opened=counts.flags_opened,
        flags_closed=counts.flags_closed,
        errors=counts.errors,
        finished_at=now,
    )
    _run_add(run, counts)
    # The last batch: none is pending any more (its own is done above). The update above holds
    # the run's row lock, so this statement, begun after it was granted, sees every batch that
    # committed before: of batches ending together exactly the last finds none pending.
    finished_at = timezone.now()
    pending = ScanBatch.objects.filter(run_id=run.pk, status=ScanBatch.Status.PENDING)
    if (
        ScanRun.objects.filter(pk=run.pk)
        .exclude(Exists(pending))
        .update(status=ScanRun.Status.DONE, finished_at=finished_at)
    ):
        run.status, run.finished_at = ScanRun.Status.DONE, finished_at
    return run


def _run_add(run: ScanRun, counts: BatchCounts) -> None:
    """Add a batch's counts to its run's counters, in the database, under the run's row lock:
    batches that end together add theirs one after the other (the update waits for the lock
    and adds to what the others committed). One query; two when the batch kept error
    messages, which are appended to the run's under the lock (_run_counters_add). The run's
    attributes get the counters when read under the lock, otherwise they stay as read."""
    if counts.error_messages:
        locked = ScanRun.objects.select_for_update().get(pk=run.pk)
        for name, value in _run_counters_add(locked, counts).items():
            setattr(run, name, value)
        return
    ScanRun.objects.filter(pk=run.pk).update(
        clients=F("clients") + counts.clients,
        clients_evaluated=F("clients_evaluated") + counts.evaluated,
        flags_opened=F("flags_opened") + counts.flags_opened,
        flags_closed=F("flags_closed") + counts.flags_closed,
        errors=F("errors") + counts.errors,
    )


def scan_batch(batch_id: int) -> ScanRun | None:
    """Scan one batch of a run in one transaction and add its counts to the run, ending the
    run when no other batch is pending. Returns the run (its status set when this batch ended
    it; its counters are in the database: refresh_from_db), or None when there was nothing to
    do (the batch was done already, or its run ended)."""
    try:
        return _scan_batch(batch_id)
    except IntegrityError:
        # A one-client scan opened one of these flags meanwhile (one open flag per client and
        # right): the batch rolled back; read it again, which now sees that flag.
        logger.info("non-take-up scan: concurrent flag in batch %s", batch_id)
        return _scan_batch(batch_id)
