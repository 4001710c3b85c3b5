"""A batch of the scan builds its facts, runs its rules and writes what they found with the
cyclic garbage collector paused, and lets it run again only once the batch's objects are gone
(rights.scan.writes._batch_found_and_written; issue 21, point 4): the collector then has
nothing of the batch to walk. Real rules of the catalogue, on clients on leefloon."""

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from rights.scan import writes
from rights.scan.reads import batch_rows, rights_in_force
from tests.rights.test_scan_batches import ON, catalogue, on_leefloon  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """For every collection the collector starts while the test runs: how many objects of its
    generation (and the younger ones) it has to walk."""
    started: list[int] = []

    def callback(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            generation = info["generation"]
            started.append(sum(len(gc.get_objects(generation=g)) for g in range(generation + 1)))

    gc.callbacks.append(callback)
    yield started
    gc.callbacks.remove(callback)


def test_no_collection_runs_while_a_batch_is_found_and_written_nor_as_it_ends(
    collections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    made = on_leefloon(65)
    warm_up, clients = made[:5], made[5:]
    rights = rights_in_force(ON)
    # A first batch in this process first: what the first use of a code path caches for good
    # (compiled queries, translations) is not the batch's and must not count below.
    writes._batch_found_and_written(
        clients=warm_up,
        rows=batch_rows(warm_up, on=ON),
        rights=rights,
        on=ON,
        now=timezone.now(),
        errors_kept=100,
    )
    rows = batch_rows(clients, on=ON)
    collector_on_while_writing: list[bool] = []
    real_write = writes._batch_write

    def write(**kwargs: Any) -> tuple[writes.BatchCounts, set[int]]:
        collector_on_while_writing.append(gc.isenabled())
        return real_write(**kwargs)

    monkeypatch.setattr(writes, "_batch_write", write)
    gc.collect()  # nothing young left from the setup
    collections.clear()
    counts = writes._batch_found_and_written(
        clients=clients, rows=rows, rights=rights, on=ON, now=timezone.now(), errors_kept=100
    )
    assert counts.clients == 60
    assert counts.flags_opened >= 60  # several rights hold for each: many objects were made
    assert collector_on_while_writing == [False]
    assert gc.isenabled()  # back on after the batch
    # The batch's facts, findings and explanations (thousands of objects for 60 clients) were
    # freed before the collector came back: a collection that starts as it comes back finds
    # next to nothing of the batch to walk.
    assert all(walked < 200 for walked in collections), collections


def test_a_caller_that_keeps_the_collector_off_is_left_as_it_was() -> None:
    clients = on_leefloon(3)
    rows = batch_rows(clients, on=ON)
    gc.disable()
    try:
        writes._batch_found_and_written(
            clients=clients,
            rows=rows,
            rights=rights_in_force(ON),
            on=ON,
            now=timezone.now(),
            errors_kept=100,
        )
        assert not gc.isenabled()
    finally:
        gc.enable()
