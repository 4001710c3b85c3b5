"""Batched inserts in a fixed number of queries: COPY on PostgreSQL, bulk_create elsewhere.

Used for large data sets (100,000 demo client files must load in minutes) and by the nightly
non-take-up scan (rights/scan/), whose first run opens hundreds of thousands of flags. It
lives in core, the bottom app every other app may import (imports point downwards).
"""

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import islice
from operator import itemgetter
from typing import Any, TypeVar

import orjson
from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.utils import timezone
from django.utils.functional import Promise
from psycopg import Copy, sql

M = TypeVar("M", bound=models.Model)
# Field types whose Python values psycopg writes as bulk_create would (COPY skips Django's
# per-value preparation, except for JSON and naive datetimes: see _preparation); a model with
# any other field type goes through bulk_create.
COPY_SAFE = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "JSONField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def chunked(items: Iterable[M], size: int) -> Iterator[list[M]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_in_batches(model: type[M], objects: Iterable[M], *, batch_size: int = 2000) -> int:
    """bulk_create from a generator, one batch in memory at a time. Returns the rows inserted."""
    total = 0
    for batch in chunked(objects, batch_size):
        model._default_manager.bulk_create(batch, batch_size=batch_size)
        total += len(batch)
    return total


def insert_rows(model: type[M], objects: Sequence[M]) -> None:
    """Insert unsaved instances in a fixed number of queries and give each its primary key.

    Foreign keys may point at parent instances saved earlier the same way. On PostgreSQL the rows
    go in with COPY (ids reserved from the table's sequence in one query, then the COPY: two
    queries, both seen by Django's query log and execute wrappers): Django's bulk_create spends
    most of its time compiling SQL per value. Elsewhere it is bulk_create, which returns the ids
    on SQLite >= 3.35 too. Errors come as Django's (a unique constraint: IntegrityError), as from
    bulk_create. Field defaults are those of the instances (Django's __init__ sets them);
    auto_now and auto_now_add fields get the moment of the insert, as bulk_create gives them.
    """
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or not _copyable(model):
        model._default_manager.bulk_create(objects)
        return
    _copy(connection, model, objects)


def insert_values(
    model: type[M], fields: Sequence[str], rows: Sequence[Sequence[Any]], *, ids: bool = False
) -> list[int]:
    """Insert rows given as tuples of the values of `fields` (attnames: "client_id"), without
    building a model instance per row (Django's __init__ costs more than the COPY of a small
    row). A field left out gets its default, as a new instance would; auto_now and auto_now_add
    fields the moment of the insert. Returns the new rows' ids, in order, when `ids` (one more
    query on PostgreSQL, as insert_rows); otherwise an empty list and the ids come from the
    sequence. A COPY on PostgreSQL; bulk_create elsewhere. Errors come as Django's.
    """
    if not rows:
        return []
    opts = model._meta
    pk = opts.pk
    assert pk is not None  # every concrete model has one  # noqa: S101
    unknown = set(fields) - {f.attname for f in opts.concrete_fields if f is not pk}
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)} to insert")
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or not _copyable(model):
        objects = model._default_manager.bulk_create(
            model(**dict(zip(fields, row, strict=True))) for row in rows
        )
        return [obj.pk for obj in objects] if ids else []
    now = timezone.now()
    by_attname = {f.attname: f for f in opts.concrete_fields}
    given = [by_attname[attname] for attname in fields]
    # The columns of the rows come first, then those every row gets the same value for.
    others = [f for f in opts.concrete_fields if f is not pk and f.attname not in fields]
    constants = tuple(
        now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else _prepared(f, connection, f.get_default())
        for f in others
    )
    for index, f in enumerate(given):  # auto_now fields get the moment even when given
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            rows = [(*row[:index], now, *row[index + 1 :]) for row in rows]
    prepared = [
        (index, prepare)
        for index, f in enumerate(given)
        if (prepare := _preparation(f, connection)) is not None
    ]
    columns = ([pk] if ids else []) + given + others
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(opts.db_table), sql.SQL(", ").join(sql.Identifier(f.column) for f in columns)
    )
    new_ids: list[int] = []
    offset = 1 if ids else 0  # the id column comes first

    def write(copy: Copy) -> None:
        for position, row in enumerate(rows):
            values = [new_ids[position], *row, *constants] if ids else [*row, *constants]
            for index, prepare in prepared:
                values[index + offset] = prepare(values[index + offset])
            copy.write_row(values)

    with connection.cursor() as cursor:
        if ids:
            new_ids = _reserve_ids(cursor, opts.db_table, pk.column, len(rows))
        copy_from(cursor, statement, write)
    return new_ids


def _copyable(model: type[models.Model]) -> bool:
    """Every field of a type COPY writes as bulk_create would, and an id from a sequence."""
    pk = model._meta.pk
    return (
        pk is not None
        and pk.get_internal_type() in {"AutoField", "BigAutoField"}
        and all(f.get_internal_type() in COPY_SAFE for f in model._meta.concrete_fields)
    )


def _reserve_ids(cursor: CursorWrapper, table: str, column: str, count: int) -> list[int]:
    """`count` new ids from the sequence of `table`.`column`, in one query. The sequence is
    looked up once (a subquery), not per id: that took 4 ms for 1,700 ids, the ids 0.5 ms."""
    cursor.execute(
        "SELECT nextval((SELECT pg_get_serial_sequence(%s, %s)::regclass))"
        " FROM generate_series(1, %s)",
        [table, column, count],
    )
    return [row[0] for row in cursor.fetchall()]


def _prepared(field: models.Field[Any, Any], connection: BaseDatabaseWrapper, value: Any) -> Any:
    prepare = _preparation(field, connection)
    return value if prepare is None else prepare(value)


def _preparation(
    field: models.Field[Any, Any], connection: BaseDatabaseWrapper
) -> Callable[[Any], Any] | None:
    """What a value of `field` needs before psycopg writes it as bulk_create would; None: as is."""
    internal_type = field.get_internal_type()
    if internal_type == "JSONField":
        # Django's own adaptation: psycopg's Jsonb with the field's encoder; None is SQL NULL.
        django_prepare = partial(field.get_db_prep_save, connection=connection)
        if getattr(field, "encoder", None) is not None:
            return django_prepare

        # Without an encoder that Jsonb writes json.dumps(value) as the column's text (our
        # COPYs are text, not binary). The column is jsonb, which keeps the value, not its
        # text, so orjson's text is stored the same (no spaces, UTF-8 where json.dumps escapes:
        # tests/core/test_bulk_json.py) at a fifth of json.dumps's cost (a first scan's 381,000
        # values: 0.55 s against 1.9 s of CPU, bench/README.md).
        def dumped(value: Any) -> Any:
            if value is None or isinstance(value, Promise):
                return django_prepare(value)
            return _json_text(value)

        return dumped
    if internal_type == "DateTimeField":
        # A naive datetime is taken in the current time zone by Django (with a warning); COPY
        # would take it in the session's (UTC). Aware ones go as they are, as Django sends them.
        def aware(value: Any, prepare: Callable[..., Any] = field.get_db_prep_save) -> Any:
            if value is None or value.tzinfo is not None:
                return value
            return prepare(value, connection=connection)

        return aware
    return None


# Keys that are not strings become strings, as json.dumps makes them; datetimes and dataclasses
# are not written by orjson but refused, as json.dumps refuses them.
_ORJSON_OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


def _json_text(value: Any) -> Any:
    """A JSON field's value as the text COPY writes, stored in jsonb as json.dumps's text is.
    What orjson refuses (an integer beyond 64 bits, a datetime, an object of another type) goes
    through json.dumps, which writes it or raises as Django's own adaptation would. Two
    differences are left: a float NaN or infinity, which json.dumps writes as `NaN` and jsonb
    then refuses, is null here; a UUID, which json.dumps refuses, is written as its text."""
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS).decode()
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(value)


def _copy(connection: BaseDatabaseWrapper, model: type[M], objects: Sequence[M]) -> None:
    opts = model._meta
    pk = opts.pk
    assert pk is not None  # every concrete model has one  # noqa: S101
    foreign_keys = [f for f in opts.concrete_fields if isinstance(f, models.ForeignKey)]
    # auto_now and auto_now_add fields all get the moment of this insert, as bulk_create does.
    stamped = {
        f.attname
        for f in opts.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    now = timezone.now()
    fields = list(opts.concrete_fields)
    attnames = [f.attname for f in fields]
    prepared = [
        (index, prepare)
        for index, f in enumerate(fields)
        if (prepare := _preparation(f, connection)) is not None
    ]
    # Every concrete field's value sits in the instance's __dict__ (Django's __init__ sets
    # them all); reading it there skips the descriptors, which matters at millions of rows.
    values = itemgetter(*attnames)

    def write(copy: Copy) -> None:
        for obj, new_id in zip(objects, ids, strict=True):
            obj.pk = new_id
            if obj._state.fields_cache:
                # Parents assigned before they were saved: their ids exist only now.
                for fk in foreign_keys:
                    parent = obj._state.fields_cache.get(fk.name)
                    if parent is not None and getattr(obj, fk.attname) is None:
                        setattr(obj, fk.attname, parent.pk)
            for attname in stamped:
                setattr(obj, attname, now)
            row = values(obj.__dict__)
            if prepared:
                row = list(row)
                for index, prepare in prepared:
                    row[index] = prepare(row[index])
            copy.write_row(row)

    with connection.cursor() as cursor:
        ids = _reserve_ids(cursor, opts.db_table, pk.column, len(objects))
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(opts.db_table),
            sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
        )
        copy_from(cursor, statement, write)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


def copy_from(
    cursor: CursorWrapper, statement: sql.Composable, write: Callable[[Copy], None]
) -> None:
    """Run `COPY ... FROM STDIN` on a Django cursor, `write` giving the rows, as Django runs
    cursor.execute: through the connection's execute wrappers (query counters), in its query
    log when that is on (assertNumQueries), with psycopg's errors raised as Django's
    (IntegrityError for a unique violation, so a caller's `except IntegrityError` sees it)."""
    connection = cursor.db
    text = statement.as_string(cursor.cursor)

    def run(_sql: str, _params: Any, _many: bool, _context: dict[str, Any]) -> None:
        connection.validate_no_broken_transaction()
        with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
            write(copy)

    executor: Callable[..., None] = run
    for wrapper in reversed(connection.execute_wrappers):
        executor = partial(wrapper, executor)
    context = {"connection": connection, "cursor": cursor}
    if isinstance(cursor, CursorDebugWrapper):
        with cursor.debug_sql(text):
            executor(text, None, False, context)
    else:
        executor(text, None, False, context)
