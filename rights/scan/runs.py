"""The scan's runs: starting one (nightly or for one client), scanning the clients batch by
batch with one committed transaction each, failing a run, and the preview of new thresholds."""

import datetime as dt
import logging
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from rights.facts import (
    Params,
)
from rights.models import (
    Right,
    ScanRun,
)
from rights.rules import RULES
from rights.scan.evaluation import (
    _evaluate,
)
from rights.scan.reads import (
    _LONG_NUMBER,
    BATCH_SIZE,
    RightInForce,
    _batch_facts,
    batch_rows,
    clients_after,
    rights_in_force,
    rights_in_force_of,
    rights_version_on,
)
from rights.scan.writes import (
    ERROR_MESSAGES_KEPT,
    _batch_found_and_written,
    _run_counters_add,
    run_write,
)
from wijkteams.models import User
from wijkteams.selectors import roles_for

logger = logging.getLogger("rights.scan")  # one logger for the whole scan, as before

# --- runs -----------------------------------------------------------------------------------


@transaction.atomic
def scan_run_start(
    *, kind: str, started_by: User | None = None, on: dt.date | None = None
) -> ScanRun:
    """Record a new run. A run started by hand needs a team lead."""
    if kind == ScanRun.Kind.MANUAL and (
        started_by is None or not roles_for(started_by).is_team_lead
    ):
        raise PermissionDenied(_("Only team leads start a scan."))
    return ScanRun.objects.create(
        kind=kind,
        started_by=started_by,
        started_at=timezone.now(),
        scan_date=on or timezone.localdate(),
    )


@transaction.atomic
def scan_run_for_tonight(*, on: dt.date | None = None) -> ScanRun | None:
    """The nightly run of the day: the unfinished one when a crash or a redelivered task
    interrupted it, a new one if there is none, None when it already ended today.

    Runs of an earlier day still "running" after the hard time limit were killed without
    ending their row: they are marked failed.
    """
    day = on or timezone.localdate()
    now = timezone.now()
    ScanRun.objects.filter(
        status=ScanRun.Status.RUNNING,
        scan_date__lt=day,
        started_at__lt=now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT),
    ).update(status=ScanRun.Status.FAILED, finished_at=now)
    tonight = (
        ScanRun.objects.select_for_update()
        .filter(kind=ScanRun.Kind.NIGHTLY, scan_date=day)
        .order_by("-pk")
        .first()
    )
    if tonight is None:
        return scan_run_start(kind=ScanRun.Kind.NIGHTLY, on=day)
    return tonight if tonight.status == ScanRun.Status.RUNNING else None


def scan_run_fail(*, run: ScanRun, error: BaseException) -> ScanRun:
    """End a run that stopped on an error it cannot recover from."""
    run.status = ScanRun.Status.FAILED
    run.finished_at = timezone.now()
    if len(run.error_messages) < ERROR_MESSAGES_KEPT:
        text = _LONG_NUMBER.sub("…", f"{type(error).__name__}: {error}")
        run.error_messages = [*run.error_messages, {"client_id": None, "error": text[:300]}]
    run.save(update_fields=["status", "finished_at", "error_messages"])
    return run


def _batch_scan(
    *,
    run: ScanRun,
    clients: list[Client],
    rights: Sequence[RightInForce],
    on: dt.date,
    last: bool,
) -> None:
    now = timezone.now()
    counts = _batch_found_and_written(
        clients=clients,
        rows=batch_rows(clients, on=on),
        rights=rights,
        on=on,
        now=now,
        errors_kept=ERROR_MESSAGES_KEPT - len(run.error_messages),
        # A full scan passes over clients whose evaluation would change nothing
        # (rights/scan/unchanged.py); a client's own scan after a change evaluates.
        skip_unchanged=run.kind != ScanRun.Kind.CLIENT,
    )
    end = {"status": ScanRun.Status.DONE, "finished_at": timezone.now()} if last else {}
    counters = _run_counters_add(run, counts, last_client_id=clients[-1].pk, **end)
    for name, value in counters.items():
        setattr(run, name, value)


def scan_clients(
    *,
    run: ScanRun,
    client_ids: Iterable[int] | None,
    on: dt.date,
    batch_size: int = BATCH_SIZE,
) -> ScanRun:
    """Scan the active clients (all, or those of `client_ids`) after `run.last_client_id`, one
    committed transaction per batch, and end the run."""
    # A client's own scan runs after every change to a file: it takes the rights in force as
    # this process last read them, unless they changed since (one small query instead of
    # reading them). A full run reads them once.
    rights = (
        rights_in_force_of(on, rights_version_on(on))
        if run.kind == ScanRun.Kind.CLIENT
        else rights_in_force(on)
    )
    ids = sorted(set(client_ids)) if client_ids is not None else None
    # Without a rule to run there is nothing to read: no client data is touched.
    while rights:
        clients = clients_after(ids, run.last_client_id, batch_size)
        if not clients:
            break
        # A short batch is the last: the run ends in its transaction (one query less).
        last = len(clients) < batch_size
        try:
            with transaction.atomic():
                _batch_scan(
                    run=run,
                    clients=clients,
                    rights=rights,
                    on=on,
                    last=last,
                )
        except IntegrityError:
            # Another scan opened one of these flags meanwhile (one open flag per client and
            # right): read the batch again, which now sees it.
            logger.info("non-take-up scan: concurrent flag in batch after %s", run.last_client_id)
            with transaction.atomic():
                _batch_scan(
                    run=run,
                    clients=clients,
                    rights=rights,
                    on=on,
                    last=last,
                )
        if last:
            return run
    run_write(run, status=ScanRun.Status.DONE, finished_at=timezone.now())
    return run


def scan_one_client(client_id: int) -> ScanRun:
    """Scan one client right after a change to their file: a run of its own (kind "client"),
    in one transaction, so one commit.

    That transaction is the batch's own (scan_clients): what it reads before, the thresholds'
    version and the client, are single reads that need none around them. No outer one, so
    no savepoint inside it (two statements less for a scan that runs after every change)."""
    # Written once, with its counters, as the scan ends (in the batch's transaction: a scan
    # that fails leaves no run either way); one query less than an insert and an update.
    run = ScanRun(
        kind=ScanRun.Kind.CLIENT, started_at=timezone.now(), scan_date=timezone.localdate()
    )
    return scan_clients(run=run, client_ids=[client_id], on=run.scan_date)


# --- preview of new thresholds ------------------------------------------------------------


def preview_parameters(
    *,
    right: Right,
    values: dict[str, str],
    on: dt.date,
    batch_size: int = BATCH_SIZE,
) -> tuple[int, int]:
    """How many flags a scan on `on` would open and close for `right` if its thresholds were
    `values`. Reads every active client in batches (the scan's reads) and writes nothing."""
    rule = RULES.get(right.code)
    if rule is None:
        return 0, 0
    checked = [
        RightInForce(
            right=right, rule=rule, params=Params(parameters_id=0, valid_from=on, values=values)
        )
    ]
    would_open = would_close = 0
    last_id = 0
    now = timezone.now()
    while True:
        clients = clients_after(None, last_id, batch_size)
        if not clients:
            break
        outcome = _evaluate(_batch_facts(clients, on=on), checked, now=now)
        would_open += len(outcome.to_open)
        would_close += len(outcome.to_close)
        last_id = clients[-1].pk
        if len(clients) < batch_size:
            break
    return would_open, would_close
