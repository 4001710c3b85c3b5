"""The scan's cheaper computations give what the plain ones gave (issue 21, point 4): the
fingerprint's text, the yearly value of a finding, Belgian amounts, and the facts a rule
memoises per client. A fingerprint that changed would rewrite every open flag on the first
night after a deploy. No database."""

import datetime as dt
import hashlib
import json
import random
from decimal import Decimal

import pytest

from rights.facts import Finding, Params, _facts_json
from rights.rules.values import with_value, yearly_value


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
