"""Celery tasks of the non-take-up scan: thin wrappers that take ids and call rights/scan/.

A full scan is a planning task and one task per batch of clients (rights/scan/batches.py), so
any number of workers share it. Reliability: `acks_late` with `reject_on_worker_lost`, so a
worker killed mid-batch leaves its message in the queue and another worker runs it again; the
batch rolled back, a batch done is not scanned twice, and the flag logic is idempotent, so
nothing is written twice. Only transient database
errors are retried, with backoff.
"""

import logging
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import RedisError

from rights.models import ScanBatch, ScanRun
from rights.scan import scan_one_client, scan_run_fail, scan_run_for_tonight
from rights.scan.batches import scan_batch, scan_run_plan

logger = logging.getLogger(__name__)

# The database went away or was restarted: worth another try. Anything else is a bug to see.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# What publishing raises when the broker is down or unreachable.
BROKER_ERRORS = (BrokerOperationalError, RedisError, OSError)

_RELIABLE: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,  # seconds, doubling: 5, 10, 20, 40, 80 (with jitter)
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(
    bind=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    **_RELIABLE,
)
def scan_all_task(self: Task[Any, Any], run_id: int | None = None) -> int | None:
    """Scan every active client: plan the run's batches and send one scan_batch_task each, to
    the queue this task came from, for any number of workers to take (rights/scan/batches.py).
    Without `run_id` (Celery beat, nightly) it takes tonight's run, resuming it if a crash or a
    redelivery interrupted it. Returns the run's id. Without a broker (the embedded default)
    the batches run here, one after the other, and the run has ended when this returns."""
    run = ScanRun.objects.get(pk=run_id) if run_id is not None else scan_run_for_tonight()
    if run is None or run.status != ScanRun.Status.RUNNING:
        return None  # already ended (a message delivered twice)
    try:
        pending = scan_run_plan(run, batch_size=settings.RIGHTS_SCAN_BATCH_SIZE)
    except TRANSIENT_ERRORS:
        raise  # retried; the plan is made once, in one transaction
    except Exception as error:
        scan_run_fail(run=run, error=error)
        raise
    queue = (self.request.delivery_info or {}).get("routing_key")
    for batch_id in pending:
        scan_batch_task.apply_async(args=(batch_id,), queue=queue)
    return run.pk


@shared_task(
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    **_RELIABLE,
)
def scan_batch_task(batch_id: int) -> int | None:
    """Scan one batch of a full run. Returns the run's id, None when the batch was done
    already or its run ended."""
    try:
        run = scan_batch(batch_id)
    except TRANSIENT_ERRORS:
        raise  # retried; the batch rolled back and is scanned again
    except Exception as error:  # the soft time limit included: the run ends as failed
        batch = ScanBatch.objects.select_related("run").filter(pk=batch_id).first()
        if batch is not None:
            scan_run_fail(run=batch.run, error=error)
        raise
    return run.pk if run is not None else None


@shared_task(soft_time_limit=60, time_limit=90, **_RELIABLE)
def scan_client_task(client_id: int) -> int:
    """Scan one client after a change to their file. Returns the run's id."""
    return scan_one_client(client_id).pk


def _publish(task: Any, *args: object) -> bool:
    """Send a task without waiting for a broker that is down: one try, a short connect
    timeout (settings), and a warning instead of an error. False when it was not sent."""
    try:
        task.apply_async(args=args, retry=False)
    except BROKER_ERRORS as error:
        # No client data in the message: the nightly scan catches up with the file.
        logger.warning("%s not queued, broker unreachable: %s", task.name, type(error).__name__)
        return False
    return True


def scan_client_enqueue(client_id: int) -> None:
    """Scan a client once the current transaction commits. Saving the file never fails or
    waits because of the queue: without a broker the nightly scan catches up."""
    transaction.on_commit(lambda: _publish(scan_client_task, client_id), robust=True)


def scan_all_enqueue(run: ScanRun) -> None:
    """Run a scan started by a team lead (see scan_run_start) once the transaction commits.
    When the broker is down the run ends as failed, so it does not look busy forever."""

    def publish() -> None:
        if not _publish(scan_all_task, run.pk):
            scan_run_fail(run=run, error=ConnectionError("the task queue is unreachable"))

    transaction.on_commit(publish, robust=True)
