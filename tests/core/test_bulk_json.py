"""JSON values that core.bulk writes with COPY on PostgreSQL (the scan's explanations, the demo
seed) are stored as Django's bulk_create stores them: the text is orjson's, not json.dumps's,
and jsonb keeps the value, not the text."""

import datetime as dt
import enum
import json
import math
import uuid
from typing import Any

import pytest
from django.db import DataError, connection, transaction

from core.bulk import insert_values
from rights.models import ScanRun

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="COPY is PostgreSQL's; elsewhere insert_values is bulk_create (CI runs PostgreSQL)",
    ),
    pytest.mark.django_db,
]

FIELDS = ["kind", "started_at", "scan_date", "error_messages"]
STARTED = dt.datetime(2026, 3, 15, 1, 30, tzinfo=dt.UTC)


class Colour(enum.StrEnum):
    RED = "rood"


class Tag(str):
    pass


VALUES: list[Any] = [
    [],
    {},
    [{"client_id": None, "error": "Café ≤ 1.000,00 € — “quoted” 😀", "n": [1, 2.5, -0.0, 1e-7]}],
    {'quote"back\\slash': "line\nbreak\ttab\x01\x1f", "empty": "", "nested": {"a": [[], {}]}},
    {1: "an int key", "2": "a string key", False: "a bool key", None: "a null key"},
    {"big": 2**70, "small": -(2**63), "bool": [True, False], "float": 1234567.125},
    {"enum": Colour.RED, "str subclass": Tag("label"), "tuple": (1, "two")},
]


def _stored(values: list[Any], *, copy: bool) -> list[Any]:
    rows = [(ScanRun.Kind.NIGHTLY, STARTED, dt.date(2026, 3, 15), value) for value in values]
    before = ScanRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if copy:
        insert_values(ScanRun, FIELDS, rows)
    else:
        ScanRun.objects.bulk_create(ScanRun(**dict(zip(FIELDS, row, strict=True))) for row in rows)
    return list(
        ScanRun.objects.filter(pk__gt=before)
        .order_by("pk")
        .values_list("error_messages", flat=True)
    )


def test_copy_stores_json_as_bulk_create_does() -> None:
    assert _stored(VALUES, copy=True) == _stored(VALUES, copy=False)


def test_copy_writes_json_without_json_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The values the scan writes (strings, numbers, lists, dicts) are dumped by orjson: with
    json.dumps out of the way they are written all the same."""

    def refused(value: Any, **kwargs: Any) -> str:
        raise AssertionError("json.dumps called")

    monkeypatch.setattr(json, "dumps", refused)
    plain = VALUES[:4]
    stored = _stored(plain, copy=True)
    monkeypatch.undo()
    assert stored == _stored(plain, copy=False)


@pytest.mark.parametrize("value", [{"when": dt.date(2026, 1, 1)}, {1.5j: 1}])
def test_what_json_dumps_refuses_copy_refuses(value: Any) -> None:
    """A value neither writes (a date, a complex number) fails the same way either way."""
    with pytest.raises(TypeError), transaction.atomic():
        _stored([value], copy=False)
    with pytest.raises(TypeError), transaction.atomic():
        _stored([value], copy=True)


def test_the_two_documented_differences() -> None:
    """A NaN, which jsonb cannot store, fails bulk_create and is null by COPY; a UUID, which
    json.dumps refuses, is its text."""
    with pytest.raises(DataError), transaction.atomic():
        _stored([{"x": math.nan}], copy=False)
    assert _stored([{"x": math.nan}], copy=True) == [{"x": None}]
    with pytest.raises(TypeError), transaction.atomic():
        _stored([{"id": uuid.UUID(int=1)}], copy=False)
    assert _stored([{"id": uuid.UUID(int=1)}], copy=True) == [{"id": str(uuid.UUID(int=1))}]
    assert json.dumps({"x": math.nan}) == '{"x": NaN}'
