"""The non-take-up scan: run every rule over the facts of active clients and keep the flags in
step with what the rules find. Nightly over all clients, and for one client after a change.

Per batch of clients (ordered by id) a fixed number of queries, whatever the batch size: seven
bulk reads (clients, household members, incomes, rights register, aid calculations, aid
decisions, flags), an eighth only in a batch that rewrites an explanation (the explanations it
replaces), and at most six bulk writes (new flags, the events of closed and rewritten flags,
closed flags, rewritten flags, the access log, the run's counters), in one transaction; the
data-missing notes add at most four (see _notes_sync). On PostgreSQL the inserts are COPYs
(core.bulk), of tuples, never of model instances; members and incomes are read as rows of
the columns the rules need (facts.MemberRow, IncomeRow). The rights and the thresholds
in force are read once per run. The run's `last_client_id` is committed with each batch, so a
run that was killed resumes after the last batch it finished and writes nothing twice.

Idempotent: at most one flag per client and right is open (a constraint), and an open flag
whose facts did not change is not written at all (most nights change none). An open flag that
still holds but whose facts changed (their fingerprint), or whose thresholds version is no longer
the one in force, gets the new explanation, fingerprint and version; the explanation it had goes
into its history (a FlagEvent of kind "explanation"), so the card never shows stale figures. A
flag whose condition no longer holds closes with a reason. A dismissed flag is raised again only
when the facts its rule looked at changed (their fingerprint).

Texts stored by the scan (close reasons, event notes, the access log's what and why) are
English msgids, translated when shown, like the rest of the rights app.
"""

import datetime as dt
import logging
import re
import traceback
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from budgets.models import AidCalculation, AidDecision
from clients.access_log import access_log_record_many
from clients.models import AccessLog, Client, HouseholdMember, Income
from core.bulk import insert_values
from rights.facts import (
    AidFacts,
    ClientFacts,
    Finding,
    IncomeRow,
    MemberRow,
    Params,
    facts_for,
)
from rights.log_actions import LOGGED_SCAN
from rights.models import (
    ClientRight,
    DataMissingNote,
    FlagEvent,
    NonTakeUpFlag,
    Right,
    RightParameters,
    ScanRun,
)
from rights.rules import RULES, Rule
from rights.rules.values import with_value
from wijkteams.models import User
from wijkteams.selectors import roles_for

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A broken rule fails for every client; the count says how many, the list keeps the first ones.
ERROR_MESSAGES_KEPT = 100

SCAN_ACTOR = "scan"  # AccessLog.actor_label of the scan's reads
LOGGED_PURPOSE = gettext_noop("non-take-up detection")
# The first line of a flag's history, shown from its opened_at: not stored as an event.
OPENED_NOTE = gettext_noop("Found by the scan.")
CLOSED_NO_LONGER_HOLDS = gettext_noop("The conditions for this right no longer hold.")
CLOSED_DATA_MISSING = gettext_noop(
    "The file now lacks data the rule needs to decide: the flag closes until it is completed."
)
CLOSED_RECEIVES = gettext_noop("The rights register says the client receives this right.")

Status = NonTakeUpFlag.Status
EventKind = FlagEvent.Kind
Key = tuple[int, int]  # (client id, right id)


# --- what a run reads once ----------------------------------------------------------------


@dataclass(frozen=True)
class RightInForce:
    """An active right with a rule, and the thresholds it is checked against."""

    right: Right
    rule: Rule
    params: Params


def rights_in_force(on: dt.date) -> tuple[RightInForce, ...]:
    """The active rights with a rule, each with the thresholds in force on `on` (the latest
    version whose valid_from is on or before it). One query. A right without a version in
    force is not checked."""
    latest: dict[int, RightParameters] = {}
    for parameters in (
        RightParameters.objects.in_force_on(on)
        .filter(right__is_active=True, right__code__in=list(RULES))
        .select_related("right")
        .order_by("right__order", "right__code", "-valid_from")
    ):
        latest.setdefault(parameters.right_id, parameters)
    return tuple(
        RightInForce(
            right=current.right,
            rule=RULES[current.right.code],
            params=Params(
                parameters_id=current.pk,
                valid_from=current.valid_from,
                values=dict(current.values),
            ),
        )
        for current in latest.values()
    )


# --- what a batch reads -------------------------------------------------------------------


def _active_clients(client_ids: Sequence[int] | None) -> models.QuerySet[Client]:
    clients = Client.objects.filter(closed_on__isnull=True)
    if client_ids is not None:
        clients = clients.filter(pk__in=client_ids)
    return clients.order_by("pk")


def clients_after(client_ids: Sequence[int] | None, last_id: int, batch_size: int) -> list[Client]:
    """The next batch of active clients after `last_id`. One query."""
    if client_ids is not None:
        # Only the ids of this batch go in the IN list, however many the caller named.
        client_ids = [pk for pk in client_ids if pk > last_id][:batch_size]
        if not client_ids:
            return []
    return list(_active_clients(client_ids).filter(pk__gt=last_id)[:batch_size])


@dataclass
class BatchRows:
    """The rows a batch of clients needs besides the clients themselves, by client id."""

    members: dict[int, list[MemberRow]]
    incomes: dict[int, list[IncomeRow]]
    register: dict[int, dict[str, str]]  # right code -> ClientRight status
    latest_calculation: dict[int, tuple[int, dt.date, Decimal, Decimal]]
    decision_covers_month: set[int]
    # Without their explanation (most nights rewrite none; see _previous_explanations).
    open_flags: dict[Key, NonTakeUpFlag]
    dismissed: dict[Key, str]  # the fingerprint of the latest dismissed flag


def batch_rows(clients: list[Client], *, on: dt.date) -> BatchRows:
    """Everything the rules and the flag logic read about a batch of clients. Six queries,
    whatever the batch size."""
    ids = [c.pk for c in clients]
    # Rows of the columns the rules read, not model instances (see facts.MemberRow).
    members: dict[int, list[MemberRow]] = defaultdict(list)
    for values in (
        HouseholdMember.objects.filter(client_id__in=ids)
        .order_by("client_id", "birth_date", "pk")
        .values_list(*MemberRow._fields)
    ):
        member = MemberRow(*values)
        members[member.client_id].append(member)
    incomes: dict[int, list[IncomeRow]] = defaultdict(list)
    for values in (
        Income.objects.filter(client_id__in=ids)
        .order_by("client_id", "pk")
        .values_list(*IncomeRow._fields)
    ):
        income = IncomeRow(*values)
        incomes[income.client_id].append(income)
    register: dict[int, dict[str, str]] = defaultdict(dict)
    for client_id, code, status in ClientRight.objects.filter(client_id__in=ids).values_list(
        "client_id", "right__code", "status"
    ):
        register[client_id][code] = status

    # The latest saved calculation per client: the first row of each client in this order.
    latest: dict[int, tuple[int, dt.date, Decimal, Decimal]] = {}
    for pk, client_id, calculated_on, proposed_aid, saldo in (
        AidCalculation.objects.filter(client_id__in=ids)
        .order_by("client_id", "-created_at", "-pk")
        .values_list("pk", "client_id", "calculated_on", "proposed_aid", "saldo")
    ):
        latest.setdefault(client_id, (pk, calculated_on, proposed_aid, saldo))
    covered: set[int] = set()
    for decision in AidDecision.objects.filter(
        client_id__in=ids, status=AidDecision.Status.APPROVED, starts_on__lte=on.replace(day=1)
    ).only("client_id", "starts_on", "months"):
        if decision.covers_month(on.year, on.month):
            covered.add(decision.client_id)

    open_flags: dict[Key, NonTakeUpFlag] = {}
    dismissed: dict[Key, str] = {}
    for flag in (
        NonTakeUpFlag.objects.filter(
            client_id__in=ids, status__in=[*NonTakeUpFlag.OPEN_STATUSES, Status.DISMISSED]
        )
        .order_by("pk")
        .only(
            "client_id",
            "right_id",
            "status",
            "facts_fingerprint",
            "parameters_id",
            "estimated_yearly_value",
        )
    ):
        key = (flag.client_id, flag.right_id)
        if flag.status == Status.DISMISSED:
            dismissed[key] = flag.facts_fingerprint  # ordered by pk: the latest wins
        else:
            open_flags[key] = flag
    return BatchRows(
        members=members,
        incomes=incomes,
        register=register,
        latest_calculation=latest,
        decision_covers_month=covered,
        open_flags=open_flags,
        dismissed=dismissed,
    )


@dataclass
class BatchFacts:
    facts: dict[int, ClientFacts]
    open_flags: dict[Key, NonTakeUpFlag]
    dismissed: dict[Key, str]
    errors: list[dict[str, Any]]


def _batch_facts(clients: list[Client], *, on: dt.date) -> BatchFacts:
    """The facts of each client of the batch (six queries, see batch_rows)."""
    rows = batch_rows(clients, on=on)
    facts: dict[int, ClientFacts] = {}
    errors: list[dict[str, Any]] = []
    for client in clients:
        calculation = rows.latest_calculation.get(client.pk)
        aid = (
            AidFacts(
                calculation_id=calculation[0],
                calculated_on=calculation[1],
                proposed_aid=calculation[2],
                saldo=calculation[3],
                decision_covers_month=client.pk in rows.decision_covers_month,
            )
            if calculation is not None
            else None
        )
        try:
            facts[client.pk] = facts_for(
                client,
                on=on,
                members=rows.members[client.pk],
                incomes=rows.incomes[client.pk],
                rights=rows.register[client.pk],
                aid=aid,
            )
        except Exception as error:  # one odd file must not stop the scan of all the others
            errors.append(_error_entry(client.pk, "", error))
    return BatchFacts(
        facts=facts, open_flags=rows.open_flags, dismissed=rows.dismissed, errors=errors
    )


# National numbers (and other long digit runs) never go into a run's error messages.
_LONG_NUMBER = re.compile(r"\d(?:[\s./-]?\d){8,}")


def _error_entry(client_id: int, right_code: str, error: Exception) -> dict[str, Any]:
    text = _LONG_NUMBER.sub("…", f"{type(error).__name__}: {error}")[:300]
    # Not logger.exception: the message of the error and the source lines of a traceback may
    # quote client data (a national number). The masked text and the frames locate it.
    frames = "".join(
        f'\n  File "{frame.filename}", line {frame.lineno}, in {frame.name}'
        for frame in traceback.extract_tb(error.__traceback__)
    )
    logger.error(
        "non-take-up scan: rule %r failed for client %s: %s%s", right_code, client_id, text, frames
    )
    return {"client_id": client_id, "right": right_code, "error": text}


# --- what the rules say -------------------------------------------------------------------


class NewFlag(NamedTuple):
    """A flag to open: the values of its row (a first scan opens hundreds of thousands; a
    NonTakeUpFlag instance each cost more than writing it)."""

    client_id: int
    right_id: int
    parameters_id: int
    explanation: dict[str, Any]
    facts_fingerprint: str
    estimated_yearly_value: Decimal | None


NEW_FLAG_FIELDS = [*NewFlag._fields, "status", "opened_at"]


@dataclass
class Outcome:
    """What a batch's findings change: flags to open, rewrite and close, notes, errors."""

    to_open: list[NewFlag] = field(default_factory=list)
    # Open flags that still hold on other facts or thresholds, their new explanation set.
    to_rewrite: list[NonTakeUpFlag] = field(default_factory=list)
    # Open flags whose facts and thresholds are the same but whose estimated value is not (a
    # flag opened before values existed): value and explanation set, no history event.
    to_revalue: list[NonTakeUpFlag] = field(default_factory=list)
    to_close: list[NonTakeUpFlag] = field(default_factory=list)
    # Data-missing findings, and the (client, right) pairs whose rule ran without error.
    notes: dict[Key, tuple[Finding, Params]] = field(default_factory=dict)
    decided: set[Key] = field(default_factory=set)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _evaluate(batch: BatchFacts, rights: Sequence[RightInForce], *, now: dt.datetime) -> Outcome:
    """Run the rules and decide, in memory, which flags open, which are rewritten and which
    close."""
    outcome = Outcome(errors=list(batch.errors))
    for client_id, facts in batch.facts.items():
        for checked in rights:
            code = checked.right.code
            key = (client_id, checked.right.pk)
            try:
                finding = checked.rule(facts, checked.params)
            except Exception as error:  # a broken rule is reported, not fatal; the flag stays
                outcome.errors.append(_error_entry(client_id, code, error))
                continue
            outcome.decided.add(key)
            open_flag = batch.open_flags.get(key)
            if finding is not None and finding.eligible:
                finding = with_value(finding, checked.params)
                value = None if finding.value is None else finding.value.amount
                fingerprint = finding.fingerprint
                parameters_id = checked.params.parameters_id
                if open_flag is not None:
                    # Still holds. Same facts, thresholds and value: not written at all.
                    changed = (open_flag.facts_fingerprint, open_flag.parameters_id) != (
                        fingerprint,
                        parameters_id,
                    )
                    if changed or open_flag.estimated_yearly_value != value:
                        open_flag.explanation = _explanation(finding, checked.params)
                        open_flag.facts_fingerprint = fingerprint
                        open_flag.parameters_id = parameters_id
                        open_flag.estimated_yearly_value = value
                        (outcome.to_rewrite if changed else outcome.to_revalue).append(open_flag)
                    continue
                if batch.dismissed.get(key) != fingerprint:
                    outcome.to_open.append(
                        NewFlag(
                            client_id=client_id,
                            right_id=checked.right.pk,
                            parameters_id=parameters_id,
                            explanation=_explanation(finding, checked.params),
                            facts_fingerprint=fingerprint,
                            estimated_yearly_value=value,
                        )
                    )
                continue
            if finding is not None:
                outcome.notes[key] = (finding, checked.params)
            if open_flag is not None and facts.rights.get(code) == ClientRight.Status.APPLIED:
                continue  # an application is under way: the worker records how it ends
            if open_flag is not None:
                open_flag.status = Status.CLOSED
                open_flag.closed_at = now
                open_flag.close_reason = (
                    CLOSED_DATA_MISSING
                    if finding is not None
                    else CLOSED_RECEIVES
                    if facts.rights.get(code) == ClientRight.Status.RECEIVES
                    else CLOSED_NO_LONGER_HOLDS
                )
                outcome.to_close.append(open_flag)
    return outcome


def _explanation(finding: Finding, params: Params) -> dict[str, Any]:
    return finding.as_json(parameters_id=params.parameters_id, valid_from=params.valid_from)


# --- data-missing notes -------------------------------------------------------------------


NOTE_FIELDS = [
    "client_id",
    "right_id",
    "parameters_id",
    "explanation",
    "facts_fingerprint",
    "noted_at",
]


def _notes_sync(client_ids: list[int], outcome: Outcome, now: dt.datetime) -> None:
    """Keep one DataMissingNote per (client, right) the rule could not decide (a flag's own
    missing lines are in its explanation). At most four queries."""
    manager = DataMissingNote.objects
    existing = {
        (client_id, right_id): (pk, fingerprint, parameters_id)
        for pk, client_id, right_id, fingerprint, parameters_id in manager.filter(
            client_id__in=client_ids
        ).values_list("pk", "client_id", "right_id", "facts_fingerprint", "parameters_id")
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
    gone = [
        pk
        for key, (pk, _fingerprint, _parameters) in existing.items()
        if key in outcome.decided and key not in outcome.notes
    ]
    # Tuples, not instances: a first scan writes a note for most clients.
    insert_values(DataMissingNote, NOTE_FIELDS, to_create)
    if to_update:
        manager.bulk_update(
            to_update, ["parameters_id", "explanation", "facts_fingerprint", "noted_at"]
        )
    if gone:
        manager.filter(pk__in=gone).delete()


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


def _batch_write(
    *,
    run: ScanRun,
    clients: list[Client],
    outcome: Outcome,
    now: dt.datetime,
    last: bool,
) -> dict[str, Any]:
    """Write what one batch found, with the run's new counters (and its end, after the last
    batch). At most seven queries, one of them a read (four more with the notes; on PostgreSQL
    one more for the ids of the notes). Returns the run's new values, to set on it once
    committed."""
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
    _notes_sync([c.pk for c in clients], outcome, now)
    # The access log's `at` is the moment of the insert (auto_now_add), as with bulk_create.
    access_log_record_many(
        client_ids=[client.pk for client in clients],
        actor_label=SCAN_ACTOR,
        action=AccessLog.Action.SCAN,
        what=LOGGED_SCAN,
        purpose=LOGGED_PURPOSE,
    )
    kept = ERROR_MESSAGES_KEPT - len(run.error_messages)
    counters = {
        "clients": run.clients + len(clients),
        "flags_opened": run.flags_opened + len(outcome.to_open),
        "flags_closed": run.flags_closed + len(outcome.to_close),
        "errors": run.errors + len(outcome.errors),
        "error_messages": run.error_messages + outcome.errors[: max(kept, 0)],
        "last_client_id": clients[-1].pk,
    }
    if last:
        counters.update(status=ScanRun.Status.DONE, finished_at=timezone.now())
    ScanRun.objects.filter(pk=run.pk).update(**counters)
    return counters


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


def _batch_scan(
    *,
    run: ScanRun,
    clients: list[Client],
    rights: Sequence[RightInForce],
    on: dt.date,
    last: bool,
) -> None:
    now = timezone.now()
    outcome = _evaluate(_batch_facts(clients, on=on), rights, now=now)
    counters = _batch_write(run=run, clients=clients, outcome=outcome, now=now, last=last)
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
    rights = rights_in_force(on)
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
    run.status = ScanRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run


@transaction.atomic
def scan_one_client(client_id: int) -> ScanRun:
    """Scan one client right after a change to their file: a run of its own (kind "client"),
    in one transaction, so one commit."""
    run = ScanRun.objects.create(
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
