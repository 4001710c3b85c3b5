"""A Celery pool process moves what it loaded at start out of the garbage collector's walk, as
the gunicorn workers do (ocmw/celery.py, issue 21)."""

import gc
from collections.abc import Iterator

import pytest
from celery.signals import worker_process_init

from ocmw import celery as celery_module


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_pool_process_freezes_what_it_loaded_when_it_starts(unfrozen: None) -> None:
    assert gc.get_freeze_count() == 0

    worker_process_init.send(sender=None)

    assert gc.get_freeze_count() > 0


def test_the_hook_is_connected_to_the_signal() -> None:
    receivers = [ref() for _key, ref in worker_process_init.receivers]
    assert celery_module._freeze_what_the_worker_loaded in receivers
