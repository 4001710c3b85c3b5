"""What a right found is worth to the household in a year: an estimate a worklist sorts by.

A rule whose value follows from the client's own figures sets it on its Finding (the IGO: the
guaranteed income minus the income; the supplementary aid: the proposed aid for a year). Any
other right takes `yearly_value` from its thresholds: a typical yearly amount for a household,
set by the administrator with the version's source (docs/rights.md gives each one's basis).
Without either there is no estimate: the flag says so and sorts after those with one.
"""

from django.utils.translation import gettext_noop

from rights.facts import Finding, Line, Params, Value
from rights.rules.common import euro

YEARLY_VALUE = "yearly_value"


def yearly_value(params: Params) -> Value | None:
    """The thresholds' typical yearly value, None without one: the same for every finding of
    the right (the scan computes it once per right and batch, see rights.scan.evaluation)."""
    if YEARLY_VALUE not in params.values:
        return None
    amount = params.amount(YEARLY_VALUE)
    basis = Line(
        gettext_noop(
            "About %(amount)s a year: a typical value for a household, set with this right's "
            "thresholds of %(date)s."
        ),
        {"amount": euro(amount), "date": params.valid_from.strftime("%d/%m/%Y")},
    )
    return Value(amount=amount, basis=basis)


def valued(finding: Finding, value: Value) -> Finding:
    """`dataclasses.replace(finding, value=value)`, built directly (replace inspects the fields
    on every call; the first scan values some 130,000 findings). tests/rights/test_scan_cpu.py
    fails when Finding gets a field this does not copy."""
    return Finding(
        right=finding.right,
        eligible=finding.eligible,
        matched=finding.matched,
        missing=finding.missing,
        facts=finding.facts,
        value=value,
    )


def with_yearly(finding: Finding, thresholds_value: Value | None) -> Finding:
    """The finding with its estimated yearly value: the rule's own, or `thresholds_value` (the
    right's `yearly_value`, which the scan computes once per right and batch)."""
    if finding.value is not None or not finding.eligible or thresholds_value is None:
        return finding
    return valued(finding, thresholds_value)


def with_value(finding: Finding, params: Params) -> Finding:
    """The finding with its estimated yearly value: the rule's own, or the thresholds'."""
    if finding.value is not None or not finding.eligible:
        return finding
    return with_yearly(finding, yearly_value(params))
