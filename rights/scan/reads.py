"""What the scan reads: the rights and thresholds in force (once per run), and per batch the
clients and the rows of their facts, in a fixed number of queries."""

import datetime as dt
import gc
import logging
import re
import traceback
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models
from django.db.models import Count, F, Func, Max, OuterRef, Subquery

from budgets.models import AidCalculation, AidDecision
from clients.models import Client, HouseholdMember, Income
from documents.selectors import expired_document_types
from rights.facts import (
    AidFacts,
    ClientFacts,
    IncomeRow,
    MemberRow,
    Params,
    facts_for,
)
from rights.models import (
    ClientRight,
    FlagEvent,
    NonTakeUpFlag,
    Right,
    RightParameters,
)
from rights.rules import RULES, Rule

logger = logging.getLogger("rights.scan")  # one logger for the whole scan, as before

BATCH_SIZE = 1000  # as settings.RIGHTS_SCAN_BATCH_SIZE's default
Status = NonTakeUpFlag.Status
EventKind = FlagEvent.Kind
Key = tuple[int, int]  # (client id, right id)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a batch builds its facts, runs its rules and
    writes what they found (writes._batch_found_and_written).

    These steps allocate tens of thousands of small objects that live until the batch ends
    (facts, findings, explanations) and make no reference cycles; meanwhile the collector
    would walk them, and on a full collection everything the process holds, again and again:
    about a fifth of the CPU of the facts and rules (measured on 20,000 clients, bench/README.md,
    issue 21 point 4). Objects are still freed as their last reference goes; whatever cycles
    appear are collected once the collector is back on, after the step. Only turned back on
    if it was on: a caller that keeps it off (or froze the heap, as gunicorn's workers do) is
    left as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


# The rights in force last read by this process, with what they were read for: a full scan's
# batches, run one after the other by a worker, read the same (see rights_in_force_of).
_last_read: tuple[tuple[Any, ...], tuple[RightInForce, ...]] | None = None
# The names of rights_version's annotations.
RIGHTS_VERSION = ("rights_versions", "rights_last_id", "rights_last_created")


def rights_version(scan_date: str) -> dict[str, Subquery]:
    """Annotations of a query whose row has the scan date at `scan_date` (a field path): how
    many versions of the checked rights' thresholds had started by that date, the highest id
    and the latest creation among them. What rights_in_force reads changes only with these: a
    version in force never changes (rights.services), a new one or one moved to start by then
    is counted and has a new id, a right made inactive drops its versions. A right's order or
    code is not part of it: changed during a run (an administrator's rare edit), they apply
    from the worker's next read."""
    versions = _versions_started(OuterRef(scan_date))
    return {
        annotation: Subquery(
            # The aggregate's SQL function without its GROUP BY: one value over the subquery.
            versions.annotate(value=Func(F(field), function=aggregate.function)).values("value")
        )
        for annotation, (field, aggregate) in zip(RIGHTS_VERSION, _VERSION_OF, strict=True)
    }


def rights_version_on(on: dt.date) -> tuple[Any, ...]:
    """rights_version's values for a date rather than for a row's field: one query of three
    aggregates, a fraction of reading the rights in force (a client's own scan, which has no
    batch row to annotate, asks this first and reads them only when they changed)."""
    row = _versions_started(on).aggregate(
        **{
            annotation: aggregate(field)
            for annotation, (field, aggregate) in zip(RIGHTS_VERSION, _VERSION_OF, strict=True)
        }
    )
    return tuple(row[name] for name in RIGHTS_VERSION)


# What each of RIGHTS_VERSION's values aggregates over the versions started by the date.
_VERSION_OF: tuple[tuple[str, type[Count] | type[Max]], ...] = (
    ("pk", Count),
    ("pk", Max),
    ("created_at", Max),
)


def _versions_started(on: Any) -> models.QuerySet[RightParameters]:
    """The threshold versions of the checked rights (active, with a rule) started by `on` (a
    date, or the OuterRef of a row's scan date)."""
    return RightParameters.objects.filter(
        valid_from__lte=on, right__is_active=True, right__code__in=list(RULES)
    ).order_by()


def rights_in_force_of(on: dt.date, version: tuple[Any, ...]) -> tuple[RightInForce, ...]:
    """rights_in_force(on), read again only when `version` (rights_version's values, read with
    the batch) is not what the last read was for: no query for a full scan's batches after its
    first, and thresholds published during a run still apply from the next batch."""
    global _last_read
    key = (on, *version)
    last = _last_read
    if last is not None and last[0] == key:
        return last[1]
    rights = rights_in_force(on)
    _last_read = (key, rights)
    return rights


def rights_in_force_forget() -> None:
    """Read the rights in force again on the next batch (tests: a rolled-back transaction may
    leave ids and times that a later one repeats)."""
    global _last_read
    _last_read = None


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


# A batch's ids spread over at most this many times their number are read as a range.
DENSE_SPREAD = 4

_Row = TypeVar("_Row", bound=models.Model)


def of_clients(rows: models.QuerySet[_Row], client_ids: Collection[int]) -> models.QuerySet[_Row]:
    """The rows of these clients, and perhaps of others: a full scan's batch is a run of
    consecutive ids (gaps only where files are closed), read as a range of ids, which costs a
    fraction of an IN list of the batch's ids (their parameters prepared one by one by Django
    and psycopg: some 5 ms for 500). The caller keeps only those of `client_ids`."""
    low, high = min(client_ids), max(client_ids)
    if high - low < DENSE_SPREAD * len(client_ids):
        return rows.filter(client_id__gte=low, client_id__lte=high)
    return rows.filter(client_id__in=client_ids)


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
    # The types of the documents in force that had expired by the scan date.
    expired_documents: dict[int, set[str]] = field(default_factory=dict)


def batch_rows(clients: list[Client], *, on: dt.date) -> BatchRows:
    """Everything the rules and the flag logic read about a batch of clients. Seven queries,
    whatever the batch size (six when none of them has an aid calculation)."""
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
    # A decision covers the month only for a client with a calculation (it is what the rules
    # compare it with): a batch without any, and a client's own scan of a client without
    # one, read no decisions.
    covered: set[int] = set()
    decisions = (
        AidDecision.objects.filter(
            client_id__in=ids, status=AidDecision.Status.APPROVED, starts_on__lte=on.replace(day=1)
        ).only("client_id", "starts_on", "months")
        if latest
        else AidDecision.objects.none()
    )
    for decision in decisions:
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
        expired_documents=expired_document_types(ids, on=on),
    )


@dataclass
class BatchFacts:
    facts: dict[int, ClientFacts]
    open_flags: dict[Key, NonTakeUpFlag]
    dismissed: dict[Key, str]
    errors: list[dict[str, Any]]


def _batch_facts(clients: list[Client], *, on: dt.date) -> BatchFacts:
    """The facts of each client of the batch (seven queries, see batch_rows)."""
    rows = batch_rows(clients, on=on)
    with gc_paused():
        return _facts_of(clients, rows, on=on)


def _facts_of(clients: list[Client], rows: BatchRows, *, on: dt.date) -> BatchFacts:
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
                expired_documents=frozenset(rows.expired_documents.get(client.pk, ())),
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
