"""Which clients a full scan need not run the rules for: those whose last evaluation changed
nothing and whose facts, flags, thresholds and rules are the same, before the first day on
which what the rules read of the date could answer otherwise.

Why that is safe. The rules are pure functions of a client's facts and a right's thresholds
(rights.facts, rights.rules), and what the scan does with their findings depends only on these
and on the client's open and dismissed flags (evaluation._decide). The scan date enters the
facts as they are built (ages, who lives there, which incomes run and ran last year, expired
documents, the month an aid decision covers): those are compared as facts. The rules read it
only through ClientFacts' readers (`months_since`, `date_reached`, `last_year`, and `on`
itself, which answers "tomorrow"), each noting the first day its answer may change: the
client's horizon. So with the same digest before the horizon the rules find what they found,
and _decide, given the flags that finding left, changes nothing.

A state row is kept only for an evaluation that changed nothing (no flag opened, closed,
rewritten or revalued, no note written or removed, no rule failing): then the flags and notes
are exactly what the findings call for. An evaluation that changes anything removes the row,
so the next full scan evaluates the client again (and keeps a row if that one changes nothing).
Only scans write flags' findings and notes; what a worker does to a flag is in the digest.

The digest covers the source of the facts, the rules, the scan's decisions and the models they
compare with: a release that changes any of them evaluates every client again.
tests/rights/test_scan_unchanged.py checks the readers' horizons against the rules over dates,
and that a scan that skips leaves what a scan that evaluates all would.
"""

import datetime as dt
import hashlib
import importlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from core.bulk import insert_values
from core.dates import LATEST
from rights.facts import ClientFacts
from rights.models import ClientScanState, NonTakeUpFlag
from rights.scan.reads import Key, RightInForce, of_clients

# The facts compared: every field but the scan date (which enters through the horizon).
FACT_FIELDS = tuple(f.name for f in fields(ClientFacts) if f.name != "scan_date")

# What the findings and what the scan does with them depend on, besides the data: the facts,
# the rules, the decisions, and the models whose choices they compare with.
_CODE_MODULES = (
    "rights.facts",
    "rights.rules",
    "rights.scan.evaluation",
    "rights.models",
    "clients.models",
)


@cache
def rules_code() -> bytes:
    """A digest of the source of the facts, the rules and the scan's decisions. Where a source
    cannot be read, a value of this process only: nothing is skipped across processes."""
    digest = hashlib.blake2b(digest_size=16)
    for name in _CODE_MODULES:
        module = importlib.import_module(name)
        paths = (
            sorted(Path(module.__file__).parent.glob("*.py"))
            if module.__file__ and module.__file__.endswith("__init__.py")
            else [Path(module.__file__ or "")]
        )
        for path in paths:
            try:
                digest.update(path.read_bytes())
            except OSError:
                return uuid.uuid4().bytes
    return digest.digest()


def rights_key(rights: Sequence[RightInForce]) -> bytes:
    """The rights in force and their thresholds, with the rules' code."""
    payload = [
        (
            checked.right.pk,
            checked.right.code,
            checked.params.parameters_id,
            checked.params.valid_from,
            sorted(checked.params.values.items()),
        )
        for checked in rights
    ]
    return hashlib.blake2b(
        orjson.dumps(payload, default=_canonical), digest_size=16, key=rules_code()
    ).digest()


def _canonical(value: Any) -> Any:
    """What orjson does not write itself, in a fixed form: an amount as its text, a set in
    order (a set's order differs between processes)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not part of a digest")


_DIGEST_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def client_digest(
    key: bytes,
    facts: ClientFacts,
    open_flags: Iterable[NonTakeUpFlag],
    dismissed: Iterable[tuple[int, str]],
) -> str:
    """The digest of what a client's evaluation depends on, besides the date. The facts go in
    as orjson writes them (their persons, incomes and aid as objects of their fields, the
    rights register with its keys sorted): about a third of the cost of pickling them."""
    fields_of = facts.__dict__
    values = {name: fields_of[name] for name in FACT_FIELDS}
    flags = sorted(
        (
            flag.right_id,
            flag.status,
            flag.facts_fingerprint,
            flag.parameters_id,
            flag.estimated_yearly_value,
        )
        for flag in open_flags
    )
    payload = orjson.dumps(
        (values, flags, sorted(dismissed)), option=_DIGEST_OPTIONS, default=_canonical
    )
    return hashlib.blake2b(payload, digest_size=16, key=key).hexdigest()


def states_of(client_ids: Sequence[int]) -> dict[int, tuple[str, dt.date | None]]:
    """The kept states of these clients: digest and horizon. One query: a range of ids when
    they are dense (a full scan's batch), as the notes are read (reads.of_clients)."""
    if not client_ids:
        return {}
    states = of_clients(ClientScanState.objects.all(), client_ids)
    wanted = set(client_ids)
    return {
        client_id: (digest, horizon)
        for client_id, digest, horizon in states.values_list("client_id", "digest", "horizon")
        if client_id in wanted
    }


def still_holds(state: tuple[str, dt.date | None] | None, digest: str, on: dt.date) -> bool:
    """The kept state is for this digest and its horizon has not come."""
    return state is not None and state[0] == digest and (state[1] is None or on < state[1])


def states_write(
    *,
    kept: Mapping[int, tuple[str, dt.date | None]],
    unchanged: Mapping[int, tuple[str, dt.date | None]],
    changed: set[int],
    on: dt.date,
) -> None:
    """After an evaluation: the state of each evaluated client that changed nothing
    (`unchanged`), replacing the one kept unless it is the same; none for a client that
    changed anything. At most two queries."""
    # A horizon past the last date the app stores (a rule's reading decades ahead) is kept as
    # that date: an earlier horizon only evaluates the client sooner.
    unchanged = {
        client_id: (digest, horizon if horizon is None or horizon <= LATEST else LATEST)
        for client_id, (digest, horizon) in unchanged.items()
    }
    gone = [
        client_id
        for client_id, state in kept.items()
        if client_id in changed or unchanged.get(client_id, state) != state
    ]
    new = [
        (client_id, digest, horizon, on)
        for client_id, (digest, horizon) in unchanged.items()
        if kept.get(client_id) != (digest, horizon)
    ]
    if gone:
        ClientScanState.objects.filter(client_id__in=gone).delete()
    insert_values(ClientScanState, ["client_id", "digest", "horizon", "evaluated_on"], new)


def flags_by_client(
    open_flags: Mapping[Key, NonTakeUpFlag], dismissed: Mapping[Key, str]
) -> tuple[dict[int, list[NonTakeUpFlag]], dict[int, list[tuple[int, str]]]]:
    opened: dict[int, list[NonTakeUpFlag]] = {}
    for (client_id, _right_id), flag in open_flags.items():
        opened.setdefault(client_id, []).append(flag)
    dismissed_by: dict[int, list[tuple[int, str]]] = {}
    for (client_id, right_id), fingerprint in dismissed.items():
        dismissed_by.setdefault(client_id, []).append((right_id, fingerprint))
    return opened, dismissed_by


def forget(client_ids: Sequence[int]) -> None:
    """Evaluate these clients again at the next full scan."""
    ClientScanState.objects.filter(client_id__in=client_ids).delete()
