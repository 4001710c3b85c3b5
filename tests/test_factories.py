"""The test factories' own promises."""

import re
from pathlib import Path

from tests.factories import STAFF_FIRST_NAMES, STAFF_LAST_NAMES, UserFactory

TESTS = Path(__file__).resolve().parent


def test_staff_names_hold_no_name_another_test_looks_for() -> None:
    """A test that asserts a client's name is absent from a page must not find it inside the
    name of the staff member the page shows (and pages show names HTML-escaped: no apostrophe)."""
    strings = {
        match
        for path in TESTS.rglob("*.py")
        if path.name != "factories.py"
        for match in re.findall(r'"([A-ZÀ-Ý][^"\n]{1,60})"', path.read_text(encoding="utf-8"))
    }
    names = [f"{first} {last}" for first in STAFF_FIRST_NAMES for last in STAFF_LAST_NAMES]
    clashes = {name: [s for s in strings if s in name] for name in names}
    assert {name: found for name, found in clashes.items() if found} == {}
    assert not any("'" in name for name in names)


def test_staff_names_go_through_every_combination() -> None:
    built = {
        (u.first_name, u.last_name) for u in UserFactory.build_batch(len(STAFF_FIRST_NAMES) ** 2)
    }
    assert len(built) == len(STAFF_FIRST_NAMES) ** 2
