"""Batched inserts for large demo data sets (100,000 client files must load in minutes)."""

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from operator import itemgetter
from typing import TypeVar

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from psycopg import sql

M = TypeVar("M", bound=models.Model)
# Field types whose Python values psycopg writes correctly as they are (COPY skips Django's
# per-value preparation); a model with any other field type goes through bulk_create.
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
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
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
    go in with COPY (ids reserved from the table's sequence in one query): Django's bulk_create
    spends most of its time compiling SQL per value, which made 100,000 client files take too
    long. Elsewhere it is bulk_create, which returns the ids on SQLite >= 3.35 too.
    """
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    copyable = all(f.get_internal_type() in COPY_SAFE for f in model._meta.concrete_fields)
    if connection.vendor != "postgresql" or not copyable:
        model._default_manager.bulk_create(objects)
        return
    _copy(connection, model, objects)


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
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, pk.column, len(objects)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(opts.db_table),
            sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
        )
        # Every concrete field's value sits in the instance's __dict__ (Django's __init__ sets
        # them all); reading it there skips the descriptors, which matters at millions of rows.
        values = itemgetter(*attnames)
        with cursor.cursor.copy(statement) as copy:
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
                copy.write_row(values(obj.__dict__))
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
