"""The facts and findings are values: equal and hashed by their fields, as frozen dataclasses
are, and never assigned to once built, which the type checker enforces (rights.facts.value_class:
no run-time guard, which cost the scan about a second)."""

import dataclasses
import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

from mypy import api as mypy_api

from rights.facts import AidFacts, Finding, Line, Value
from tests.rights.test_rules import make, wage

ROOT = Path(__file__).resolve().parents[2]


def test_values_compare_and_hash_by_their_fields() -> None:
    person, older = make(age=40).client, make(age=41).client
    assert person == make(age=40).client
    assert person != older
    assert len({person, make(age=40).client, older}) == 2
    assert hash(wage("1000.00")) == hash(wage("1000.00"))
    aid = AidFacts(1, dt.date(2026, 1, 1), Decimal("10"), Decimal("-5"), True)
    assert {aid: 1}[AidFacts(1, dt.date(2026, 1, 1), Decimal("10"), Decimal("-5"), True)] == 1
    finding = Finding(right="x", eligible=True, matched=(Line("a"),))
    assert finding == Finding(right="x", eligible=True, matched=(Line("a"),))
    assert dataclasses.replace(finding, value=Value(Decimal("1"), Line("b"))).value is not None


ASSIGNMENTS = [
    "person.age = 41",
    "facts.rent = None",
    "line.text = 'x'",
    "finding.eligible = False",
]


def test_the_type_checker_refuses_an_assignment_to_a_field(tmp_path: Path) -> None:
    """mypy over rights/facts.py and a module that assigns to a field of each kind of value:
    each assignment is reported read-only. Only these two files, their imports not followed and
    without the Django plugin (which cannot check part of the project from a cold cache): what
    makes the classes frozen to mypy is in rights/facts.py alone. CI also checks the project."""
    module = tmp_path / "assigns.py"
    module.write_text(
        "from rights.facts import ClientFacts, Finding, Line, PersonFacts\n\n\n"
        "def change(\n"
        "    person: PersonFacts, facts: ClientFacts, line: Line, finding: Finding\n"
        ") -> None:\n" + "".join(f"    {assignment}\n" for assignment in ASSIGNMENTS)
    )
    stdout, _stderr, status = mypy_api.run(
        [
            "--config-file",
            os.devnull,
            "--cache-dir",
            str(tmp_path / "cache"),
            "--follow-imports=skip",
            "--ignore-missing-imports",
            str(ROOT / "rights" / "facts.py"),
            str(module),
        ]
    )
    assert status == 1, stdout
    reported = [line for line in stdout.splitlines() if "is read-only" in line]
    assert len(reported) == len(ASSIGNMENTS), stdout
