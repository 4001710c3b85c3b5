"""The scan's cheaper computations give what the plain ones gave (issue 21, point 4): the
fingerprint's text, the yearly value of a finding, Belgian amounts, and the facts a rule
memoises per client. A fingerprint that changed would rewrite every open flag on the first
night after a deploy. No database."""

import dataclasses
import datetime as dt
import gc
import hashlib
import json
import random
from decimal import Decimal

import pytest

from clients.models import Income
from rights.facts import ClientFacts, Finding, Line, Params, _facts_json
from rights.rules import RULES
from rights.rules.common import euro
from rights.rules.utilities import _social_tariff_groups, social_tariff_groups
from rights.rules.values import valued, with_value, yearly_value
from rights.scan.reads import gc_paused
from tests.rights import test_rules


def _old_fingerprint(finding: Finding) -> str:
    """The fingerprint as it was computed before (issue 15)."""
    payload = json.dumps(dict(sorted(finding.facts.items())), sort_keys=True)
    return hashlib.sha256(f"{finding.right}:{payload}".encode()).hexdigest()


@pytest.mark.parametrize(
    ("right", "facts", "expected"),
    [
        (
            "verhoogde_tegemoetkoming",
            {"grounds": "leefloon"},
            "91d466c31c2a857dbac51c69fbec59871da71aa548d42c5b5de9de660f207785",
        ),
        (
            "igo",
            {"z": 'é "q" \\ €', "test": "gross", "income": "12345.67"},
            "71decb1426bacd026f6afc3f823de2ac9328ab31b9dda0a31b90218f9484ae33",
        ),
        ("x", {}, "4c21f92bbb4d5c306f052cc6add732dc9798fef9c353a49eb776b4a5231feadb"),
    ],
)
def test_fingerprints_stored_before_are_the_same(
    right: str, facts: dict[str, str], expected: str
) -> None:
    assert Finding(right=right, eligible=True, facts=facts).fingerprint == expected


def test_facts_text_is_json_dumps_for_any_strings() -> None:
    pieces = ["a", "Z", '"', "\\", "\n", "\t", "\x00", "\x1f", "é", "€", "😀", "/", " ", ":"]
    pieces += ["{", ",", "\u2028", "\ud800", "|", "0"]
    rng = random.Random(21)  # noqa: S311 (test data, not secrets)

    def text() -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))

    for _ in range(3000):
        facts = {text(): text() for _ in range(rng.randint(0, 5))}
        finding = Finding(right=rng.choice(["igo", "a:b", "é"]), eligible=True, facts=facts)
        assert _facts_json(facts) == json.dumps(dict(sorted(facts.items())), sort_keys=True)
        assert finding.fingerprint == _old_fingerprint(finding)


@pytest.mark.parametrize("facts", [{"a": 1}, {"b": None, "a": "x"}, {"a": ["x", 2]}])
def test_facts_that_are_not_strings_go_through_json(facts: dict[str, object]) -> None:
    finding = Finding(right="r", eligible=True, facts=facts)  # type: ignore[arg-type]
    assert finding.fingerprint == _old_fingerprint(finding)


PARAMS = Params(
    parameters_id=7,
    valid_from=dt.date(2026, 1, 1),
    values={"yearly_value": "1234.5", "limit": "10"},
)


def test_the_yearly_value_of_a_right_is_the_one_with_value_sets() -> None:
    value = yearly_value(PARAMS)
    assert value is not None
    assert value.amount == Decimal("1234.5")
    assert value.basis.values == {"amount": "1.234,50", "date": "01/01/2026"}
    assert with_value(Finding(right="r", eligible=True), PARAMS).value == value
    assert yearly_value(Params(parameters_id=7, valid_from=PARAMS.valid_from, values={})) is None


def _old_euro(amount: Decimal) -> str:
    whole, cents = f"{amount:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents}"


def test_euro_is_the_belgian_notation_it_was() -> None:
    rng = random.Random(4)  # noqa: S311 (test data, not secrets)
    amounts = [Decimal(rng.randint(-(10**9), 10**9)) / 10 ** rng.randint(0, 4) for _ in range(5000)]
    amounts += [Decimal(0), Decimal("-0.005"), Decimal("999.995"), Decimal("1E+10")]
    for amount in amounts:
        assert euro(amount) == _old_euro(amount), amount
    for amount in (Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(ValueError, match="unpack"):
            euro(amount)


def test_thresholds_read_as_numbers_are_the_values() -> None:
    version = Params(parameters_id=1, valid_from=dt.date(2026, 1, 1), values={"n": "66"})
    assert version.number("n") == 66
    assert version.amount("n") == Decimal("66")
    assert type(version.amount("n")) is Decimal
    assert version.number("n") == 66  # from the cache, the same
    assert version == Params(parameters_id=1, valid_from=dt.date(2026, 1, 1), values={"n": "66"})
    with pytest.raises(KeyError):
        version.amount("missing")


def _everything(finding: Finding | None) -> object:
    if finding is None:
        return None
    return (
        finding,
        finding.fingerprint,
        finding.as_json(parameters_id=1, valid_from=dt.date(2026, 1, 1)),
    )


def _cases() -> list[tuple[str, ClientFacts, dict[str, str]]]:
    return [
        (code, param.values[0], param.values[1])
        for code, table in test_rules.TABLES.items()
        for param in table
    ]


def test_every_rule_finds_the_same_on_facts_other_rules_read_before() -> None:
    """The per-facts memos (children, incomes by kind, the social tariffs' groups, ...) give
    every rule what the facts computed afresh give, whatever rules and thresholds ran first."""
    cases = _cases()
    assert len(cases) > 100
    for code, facts, overrides in cases:
        version = test_rules.params(code, **overrides)
        for other in RULES.values():  # warm every memo of these facts, other thresholds too
            other_code = next(c for c, rule in RULES.items() if rule is other)
            other(facts, test_rules.params(other_code))
        fresh = dataclasses.replace(facts)  # the same facts, nothing memoised
        assert "_memos" not in fresh.__dict__
        assert _everything(RULES[code](facts, version)) == _everything(
            RULES[code](fresh, version)
        ), code


@pytest.mark.parametrize(("child", "adult"), [("66", "65"), ("50", "80"), ("90", "10")])
def test_social_tariff_groups_memoised_per_thresholds(child: str, adult: str) -> None:
    facts = test_rules.make(
        age=70,
        disability=70,
        members=(test_rules.child(2, disability=70),),
        incomes=(test_rules.income(Income.Kind.IGO, "900.00"),),
    )
    version = test_rules.params(
        "sociaal_tarief_energie", child_disability_percent=child, adult_disability_percent=adult
    )
    other = test_rules.params("sociaal_internettarief")
    assert social_tariff_groups(facts, other) == _social_tariff_groups(facts, 66, 65)
    memoised = social_tariff_groups(facts, version)
    assert memoised == _social_tariff_groups(facts, int(child), int(adult))
    assert social_tariff_groups(facts, version) is memoised  # computed once


def test_facts_computed_once_equal_the_computation() -> None:
    facts = test_rules.make(
        members=(test_rules.partner(), test_rules.child(2)),
        incomes=(
            test_rules.wage("30000.00"),
            test_rules.income(Income.Kind.LEEFLOON, who="member-9"),
            test_rules.income(Income.Kind.GROEIPAKKET, "200.00"),
            test_rules.income(Income.Kind.LEEFLOON, "100.00"),
        ),
    )
    assert facts.children == tuple(p for p in facts.persons if p.is_child)
    assert facts.parent_keys == frozenset({"client", "member-9"})
    assert facts.incomes_of(Income.Kind.LEEFLOON) == tuple(
        i for i in facts.incomes if i.kind == Income.Kind.LEEFLOON
    )
    assert facts.incomes_of(Income.Kind.IGO) == ()
    assert facts.children is facts.children
    assert facts.memo("k", lambda: [1]) is facts.memo("k", lambda: [2])


def test_the_garbage_collector_is_paused_only_while_a_step_runs() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), gc_paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()  # back on after an error too
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller that keeps it off is left as it was
    finally:
        gc.enable()


def test_valued_copies_every_field_of_a_finding() -> None:
    assert [f.name for f in dataclasses.fields(Finding)] == [
        "right",
        "eligible",
        "matched",
        "missing",
        "facts",
        "value",
    ]
    finding = Finding(
        right="r",
        eligible=True,
        matched=(Line("a", {"x": "1"}),),
        missing=(Line("b"),),
        facts={"k": "v"},
    )
    value = yearly_value(PARAMS)
    assert value is not None
    assert valued(finding, value) == dataclasses.replace(finding, value=value)
