"""What the rules say: running every rule in force over a batch's facts, and what that means
for the flags (to open, to close with a reason, to rewrite, to revalue)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils.translation import gettext_noop

from rights.facts import (
    Finding,
    Params,
    Value,
)
from rights.models import (
    ClientRight,
    NonTakeUpFlag,
)
from rights.rules import Rule
from rights.rules.values import with_yearly, yearly_value
from rights.scan.reads import (
    BatchFacts,
    Key,
    RightInForce,
    Status,
    _error_entry,
    gc_paused,
)

CLOSED_NO_LONGER_HOLDS = gettext_noop("The conditions for this right no longer hold.")
CLOSED_DATA_MISSING = gettext_noop(
    "The file now lacks data the rule needs to decide: the flag closes until it is completed."
)
CLOSED_RECEIVES = gettext_noop("The rights register says the client receives this right.")

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
    # Data-missing findings.
    notes: dict[Key, tuple[Finding, Params]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    # The pairs whose rule ran without error are those of these clients (their facts were
    # built) and rights, less the failed ones: kept as these three sets rather than as every
    # pair (a batch of 1,000 checks 19,000 pairs and all but a few are decided).
    clients: frozenset[int] = frozenset()
    right_ids: frozenset[int] = frozenset()
    failed: set[Key] = field(default_factory=set)

    def decided(self, key: Key) -> bool:
        """The rule of this (client, right) ran without error."""
        return key[0] in self.clients and key[1] in self.right_ids and key not in self.failed


class _Check(NamedTuple):
    """A right in force as the loop reads it: looked up once per batch, not per client (the
    loop runs nineteen rules for each of a batch's clients), with the thresholds' yearly value:
    the same Value for every finding of the right."""

    code: str
    right_id: int
    rule: Rule
    params: Params
    yearly: Value | None


def _evaluate(batch: BatchFacts, rights: Sequence[RightInForce], *, now: dt.datetime) -> Outcome:
    """Run the rules and decide, in memory, which flags open, which are rewritten and which
    close (with the cyclic garbage collector paused, see reads.gc_paused)."""
    with gc_paused():
        return _decide(batch, rights, now=now)


def _decide(batch: BatchFacts, rights: Sequence[RightInForce], *, now: dt.datetime) -> Outcome:
    checks = [
        _Check(
            checked.right.code,
            checked.right.pk,
            checked.rule,
            checked.params,
            yearly_value(checked.params),
        )
        for checked in rights
    ]
    outcome = Outcome(
        errors=list(batch.errors),
        clients=frozenset(batch.facts),
        right_ids=frozenset(check.right_id for check in checks),
    )
    # The open flags by client, then by right: most clients have none, and the loop asks only
    # once per client instead of once per pair.
    open_by_client: dict[int, dict[int, NonTakeUpFlag]] = {}
    for (client_id, right_id), flag in batch.open_flags.items():
        open_by_client.setdefault(client_id, {})[right_id] = flag
    no_flags: dict[int, NonTakeUpFlag] = {}
    for client_id, facts in batch.facts.items():
        flags = open_by_client.get(client_id, no_flags)
        for code, right_id, rule, params, yearly in checks:
            try:
                finding = rule(facts, params)
            except Exception as error:  # a broken rule is reported, not fatal; the flag stays
                outcome.errors.append(_error_entry(client_id, code, error))
                outcome.failed.add((client_id, right_id))
                continue
            open_flag = flags.get(right_id) if flags else None
            if finding is None and open_flag is None:
                continue  # most rules for most clients: nothing found, nothing open
            key = (client_id, right_id)
            if finding is not None and finding.eligible:
                finding = with_yearly(finding, yearly)
                value = None if finding.value is None else finding.value.amount
                fingerprint = finding.fingerprint
                parameters_id = params.parameters_id
                if open_flag is not None:
                    # Still holds. Same facts, thresholds and value: not written at all.
                    changed = (open_flag.facts_fingerprint, open_flag.parameters_id) != (
                        fingerprint,
                        parameters_id,
                    )
                    if changed or open_flag.estimated_yearly_value != value:
                        open_flag.explanation = _explanation(finding, params)
                        open_flag.facts_fingerprint = fingerprint
                        open_flag.parameters_id = parameters_id
                        open_flag.estimated_yearly_value = value
                        (outcome.to_rewrite if changed else outcome.to_revalue).append(open_flag)
                    continue
                if batch.dismissed.get(key) != fingerprint:
                    outcome.to_open.append(
                        NewFlag(
                            client_id=client_id,
                            right_id=right_id,
                            parameters_id=parameters_id,
                            explanation=_explanation(finding, params),
                            facts_fingerprint=fingerprint,
                            estimated_yearly_value=value,
                        )
                    )
                continue
            if finding is not None:
                outcome.notes[key] = (finding, params)
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
