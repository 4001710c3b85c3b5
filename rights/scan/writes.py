"""What the scan writes per batch, in one transaction: new flags, the events of closed and
rewritten flags, the flags' changes, the data-missing notes, the access log (COPY on
PostgreSQL, core.bulk) and the run's counters."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import models
from django.utils.translation import gettext_noop

from clients.access_log import access_log_record_many
from clients.models import AccessLog, Client
from core.bulk import insert_values
from rights.log_actions import LOGGED_SCAN
from rights.models import (
    DataMissingNote,
    FlagEvent,
    NonTakeUpFlag,
    ScanRun,
)
from rights.scan import unchanged
from rights.scan.evaluation import (
    NEW_FLAG_FIELDS,
    Outcome,
    _decide,
)
from rights.scan.reads import (
    BatchFacts,
    BatchRows,
    EventKind,
    RightInForce,
    Status,
    _facts_of,
    gc_paused,
    of_clients,
)

# A broken rule fails for every client; the count says how many, the list keeps the first ones.
ERROR_MESSAGES_KEPT = 100

SCAN_ACTOR = "scan"  # AccessLog.actor_label of the scan's reads
LOGGED_PURPOSE = gettext_noop("non-take-up detection")
# The first line of a flag's history, shown from its opened_at: not stored as an event.
OPENED_NOTE = gettext_noop("Found by the scan.")
# --- data-missing notes -------------------------------------------------------------------


NOTE_FIELDS = [
    "client_id",
    "right_id",
    "parameters_id",
    "explanation",
    "facts_fingerprint",
    "noted_at",
]


def _notes_of(client_ids: set[int]) -> models.QuerySet[DataMissingNote]:
    return of_clients(DataMissingNote.objects.all(), client_ids)


def _notes_sync(client_ids: set[int], outcome: Outcome, now: dt.datetime) -> set[int]:
    """Keep one DataMissingNote per (client, right) the rule could not decide (a flag's own
    missing lines are in its explanation). At most four queries, none without clients.
    Returns the clients whose notes changed."""
    if not client_ids:
        return set()
    manager = DataMissingNote.objects
    existing = {
        (client_id, right_id): (pk, fingerprint, parameters_id)
        for pk, client_id, right_id, fingerprint, parameters_id in _notes_of(
            client_ids
        ).values_list("pk", "client_id", "right_id", "facts_fingerprint", "parameters_id")
        if client_id in client_ids
    }
    to_create: list[tuple[Any, ...]] = []
    to_update: list[DataMissingNote] = []
    for (client_id, right_id), (finding, params) in outcome.notes.items():
        fingerprint = finding.fingerprint
        old = existing.get((client_id, right_id))
        if old is not None and (old[1], old[2]) == (fingerprint, params.parameters_id):
            continue  # the same note: not written
        explanation = finding.as_json(
            parameters_id=params.parameters_id, valid_from=params.valid_from
        )
        if old is None:
            to_create.append(
                (client_id, right_id, params.parameters_id, explanation, fingerprint, now)
            )
        else:
            to_update.append(
                DataMissingNote(
                    pk=old[0],
                    client_id=client_id,
                    right_id=right_id,
                    parameters_id=params.parameters_id,
                    explanation=explanation,
                    facts_fingerprint=fingerprint,
                    noted_at=now,
                )
            )
    # A note goes when its rule now decides; a rule that failed leaves its note alone.
    gone_keys = [key for key in existing if outcome.decided(key) and key not in outcome.notes]
    gone = [existing[key][0] for key in gone_keys]
    # Tuples, not instances: a first scan writes a note for most clients.
    insert_values(DataMissingNote, NOTE_FIELDS, to_create)
    if to_update:
        manager.bulk_update(
            to_update, ["parameters_id", "explanation", "facts_fingerprint", "noted_at"]
        )
    if gone:
        manager.filter(pk__in=gone).delete()
    return {
        *(row[0] for row in to_create),
        *(note.client_id for note in to_update),
        *(client_id for client_id, _right_id in gone_keys),
    }


@dataclass(frozen=True)
class BatchCounts:
    """What one batch did: added to its run's counters (and to its ScanBatch row)."""

    clients: int
    flags_opened: int
    flags_closed: int
    errors: int
    error_messages: list[dict[str, Any]]
    evaluated: int = 0  # the clients the rules ran for


def _batch_write(
    *,
    clients: list[Client],
    evaluated: set[int],
    outcome: Outcome,
    now: dt.datetime,
    errors_kept: int,
) -> tuple[BatchCounts, set[int]]:
    """Write what one batch found for the `evaluated` clients (those whose rules ran): at most
    six queries, one of them a read (four more with the notes; on PostgreSQL one more for the
    ids of the notes). The run's counters are the caller's (_run_counters_add, or the batch's
    own row in rights/scan/batches.py). `errors_kept`: how many more error messages the run
    keeps. Returns the counts and the clients for whom anything changed."""
    # insert_values: COPY on PostgreSQL (a first scan opens hundreds of thousands of flags,
    # which bulk_create spent most of the scan's time compiling), bulk_create elsewhere. A flag
    # another scan opened meanwhile is an IntegrityError. A new flag gets no stored event: its
    # `opened_at` is when the scan found it, and the flag card shows that line (OPENED_NOTE).
    insert_values(
        NonTakeUpFlag,
        NEW_FLAG_FIELDS,
        [(*flag, Status.OPEN, now) for flag in outcome.to_open],
    )
    # A rewritten flag keeps the explanation it had in its history (an event of kind
    # "explanation", at the moment of the batch): read before the update, in the same
    # transaction, and written in one insert with the closed flags' events.
    previous = _previous_explanations(outcome.to_rewrite)
    rewritten = [flag for flag in outcome.to_rewrite if flag.pk in previous]
    insert_values(
        FlagEvent,
        ["flag_id", "at", "kind", "status", "note", "previous_explanation"],
        [
            *(
                (flag.pk, now, EventKind.STATUS, Status.CLOSED, flag.close_reason, None)
                for flag in outcome.to_close
            ),
            *(
                (flag.pk, now, EventKind.EXPLANATION, flag.status, "", previous[flag.pk])
                for flag in rewritten
            ),
        ],
    )
    if outcome.to_close:
        NonTakeUpFlag.objects.bulk_update(outcome.to_close, ["status", "closed_at", "close_reason"])
    if rewritten or outcome.to_revalue:
        # Only these fields: a step the worker records meanwhile (its status) is not undone.
        NonTakeUpFlag.objects.bulk_update(
            [*rewritten, *outcome.to_revalue],
            ["explanation", "facts_fingerprint", "parameters", "estimated_yearly_value"],
        )
    changed = _notes_sync(evaluated, outcome, now)
    # The access log's `at` is the moment of the insert (auto_now_add), as with bulk_create.
    access_log_record_many(
        client_ids=[client.pk for client in clients],
        actor_label=SCAN_ACTOR,
        action=AccessLog.Action.SCAN,
        what=LOGGED_SCAN,
        purpose=LOGGED_PURPOSE,
    )
    changed.update(flag.client_id for flag in outcome.to_open)
    changed.update(
        flag.client_id for flag in (*outcome.to_close, *outcome.to_rewrite, *outcome.to_revalue)
    )
    changed.update(error["client_id"] for error in outcome.errors)
    counts = BatchCounts(
        clients=len(clients),
        evaluated=len(evaluated),
        flags_opened=len(outcome.to_open),
        flags_closed=len(outcome.to_close),
        errors=len(outcome.errors),
        error_messages=outcome.errors[: max(errors_kept, 0)],
    )
    return counts, changed


def _batch_found_and_written(
    *,
    clients: list[Client],
    rows: BatchRows,
    rights: Sequence[RightInForce],
    on: dt.date,
    now: dt.datetime,
    errors_kept: int,
    skip_unchanged: bool = False,
) -> BatchCounts:
    """A batch's facts built from its rows, its rules run and what they found written, with
    the cyclic garbage collector paused from the first fact until the batch's facts, findings
    and explanations are gone (reads.gc_paused says why it may be paused).

    With `skip_unchanged` (full scans), the rules do not run for a client whose last
    evaluation changed nothing and whose facts, flags, thresholds and rules are the same,
    before its horizon (rights/scan/unchanged.py): they would find what they found. Every
    client is still read, and logged as read. One query more (the kept states), at most two
    more writes (the states). Without it (a client's own scan), one more write at most.

    The collector comes back only after they are freed: the allocations it counts drop again
    as objects go, so it does not start at once on the tens of thousands of objects a batch
    allocated while it was paused, only to find them all alive and promote them to the older
    generations that a full collection walks again and again (about 1.5 s of a first full
    scan of 100,000 clients, 0.7 s of a nightly; bench/README.md). The rows were read before,
    with the collector running, as every other reader of batch_rows reads them."""
    with gc_paused():
        return _evaluated_and_written(
            clients=clients,
            batch=_facts_of(clients, rows, on=on),
            rights=rights,
            on=on,
            now=now,
            errors_kept=errors_kept,
            skip_unchanged=skip_unchanged,
        )


def _evaluated_and_written(
    *,
    clients: list[Client],
    batch: BatchFacts,
    rights: Sequence[RightInForce],
    on: dt.date,
    now: dt.datetime,
    errors_kept: int,
    skip_unchanged: bool,
) -> BatchCounts:
    if not skip_unchanged:
        # A client's own scan: evaluated whatever its state. No state is written (the next
        # full scan evaluates it again and keeps one if that changes nothing); the kept one
        # goes if this evaluation changed anything (unchanged.py: a state holds only while no
        # scan has changed the client's flags and notes since). One query, only then.
        outcome = _decide(batch, rights, now=now)
        counts, changed = _batch_write(
            clients=clients,
            evaluated=set(batch.facts),
            outcome=outcome,
            now=now,
            errors_kept=errors_kept,
        )
        if changed:
            unchanged.forget(sorted(changed))
        return counts
    key = unchanged.rights_key(rights)
    opened, dismissed = unchanged.flags_by_client(batch.open_flags, batch.dismissed)

    digests: dict[int, str] = {}

    def digest(client_id: int) -> str:
        try:
            return digests[client_id]
        except KeyError:
            value = digests[client_id] = unchanged.client_digest(
                key,
                batch.facts[client_id],
                opened.get(client_id, ()),
                dismissed.get(client_id, ()),
            )
            return value

    kept = unchanged.states_of([client.pk for client in clients])
    # Only a client with a kept state can be passed over: the others' digests are taken after
    # the rules, and only of those whose evaluation changed nothing (a first scan changes most).
    to_evaluate = {
        client_id: facts
        for client_id, facts in batch.facts.items()
        if not (client_id in kept and unchanged.still_holds(kept[client_id], digest(client_id), on))
    }
    outcome = _decide(replace(batch, facts=to_evaluate), rights, now=now)
    counts, changed = _batch_write(
        clients=clients,
        evaluated=set(to_evaluate),
        outcome=outcome,
        now=now,
        errors_kept=errors_kept,
    )
    # A digest taken after the rules is the one taken before for a client that changed
    # nothing: its flags were not touched, and the digest reads the facts' fields only.
    unchanged.states_write(
        kept=kept,
        unchanged={
            client_id: (digest(client_id), facts.horizon)
            for client_id, facts in to_evaluate.items()
            if client_id not in changed
        },
        changed=changed,
        on=on,
    )
    return counts


def _run_counters_add(run: ScanRun, counts: BatchCounts, **also: Any) -> dict[str, Any]:
    """The run's counters with a batch's added, written in one query with `also` (the
    sequential scan's resume point, or the run's end); returns them, to set on the run once
    the transaction commits."""
    counters = {
        "clients": run.clients + counts.clients,
        "clients_evaluated": run.clients_evaluated + counts.evaluated,
        "flags_opened": run.flags_opened + counts.flags_opened,
        "flags_closed": run.flags_closed + counts.flags_closed,
        "errors": run.errors + counts.errors,
        "error_messages": (run.error_messages + counts.error_messages)[:ERROR_MESSAGES_KEPT],
        **also,
    }
    if run.pk is None:
        run_write(run, **counters)
    else:
        ScanRun.objects.filter(pk=run.pk).update(**counters)
    return counters


def run_write(run: ScanRun, **values: Any) -> None:
    """Set these fields of a run and write them: an insert for a client's own run, written
    once as it ends (runs.scan_one_client), an update of these fields otherwise."""
    for name, value in values.items():
        setattr(run, name, value)
    if run.pk is None:
        run.save()
    else:
        run.save(update_fields=list(values))


def _previous_explanations(flags: list[NonTakeUpFlag]) -> dict[int, Any]:
    """The stored explanation of each flag, by id. One query, none without flags (the batch's
    read of the open flags leaves the explanations out: most nights rewrite none)."""
    if not flags:
        return {}
    return dict(
        NonTakeUpFlag.objects.filter(pk__in=[flag.pk for flag in flags])
        .order_by()
        .values_list("pk", "explanation")
    )
