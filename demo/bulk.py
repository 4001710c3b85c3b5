"""Batched inserts for large demo data sets (100,000 client files must load in minutes)."""

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


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
