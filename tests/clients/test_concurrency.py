"""Transfers at the same moment (PostgreSQL row locks): of one client exactly one wins; of
two clients in opposite directions both go through."""

import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.signals import pre_save

from clients.models import Assignment, CaseloadCount
from clients.services import assignment_transfer
from tests.factories import client_of, social_worker, team_lead
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it there)"
)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transfers_exactly_one_succeeds(worker: User, team: Wijkteam) -> None:
    client = client_of(worker)
    lead = team_lead(team)
    targets = [social_worker(team), social_worker(team)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def transfer(actor: User, to_worker: User) -> None:
        try:
            start.wait(timeout=10)
            # Both saw `worker` as the client's worker when they opened the page.
            assignment_transfer(
                actor=actor,
                client=client,
                to_worker=to_worker,
                reason="herverdeling",
                expected_worker_id=worker.pk,
            )
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()  # each thread has its own connection: a second session

    threads = [
        threading.Thread(target=transfer, args=(worker, targets[0])),
        threading.Thread(target=transfer, args=(lead, targets[1])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == sorted(
        ["ok", "Deze cliënt werd intussen door iemand anders overgedragen."]
    )
    open_assignments = Assignment.objects.filter(client=client, ended_at__isnull=True)
    assert open_assignments.count() == 1
    assert open_assignments.get().worker in targets
    assert Assignment.objects.filter(client=client).count() == 2


def _waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


@pytest.mark.django_db(transaction=True)
def test_two_opposite_transfers_at_the_same_moment_both_go_through(team: Wijkteam) -> None:
    """Client A goes from Els to Jan while client B goes from Jan to Els. Each transfer changes
    both workers' caseload figures: without a fixed locking order the first locks Els's and
    waits for Jan's, the second the other way round, and PostgreSQL aborts one (deadlock)."""
    els, jan = social_worker(team), social_worker(team)
    lead = team_lead(team)
    client_a, client_b = client_of(els), client_of(jan)
    pids: list[int] = []
    arrived: list[str] = []
    changed = threading.Event()
    go = threading.Event()
    outcomes: list[str] = []

    # Both transfers pause just before the new assignment is written, after closing the old one:
    # the moment the figures of the old worker are locked and those of the new one are not yet.
    def pause(sender: Any, instance: Assignment, **kwargs: Any) -> None:
        if instance._state.adding:
            arrived.append(threading.current_thread().name)
            changed.set()
            go.wait(timeout=10)

    def transfer(client_worker: tuple[Any, User], to_worker: User) -> None:
        client, worker = client_worker
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids.append(cursor.fetchone()[0])
            changed.set()
            assignment_transfer(
                actor=lead,
                client=client,
                to_worker=to_worker,
                reason="herverdeling",
                expected_worker_id=worker.pk,
            )
            outcomes.append("ok")
        except Exception as error:  # the deadlock is what this test looks for
            outcomes.append(repr(error))
        finally:
            connection.close()

    pre_save.connect(pause, sender=Assignment, weak=False, dispatch_uid="test-pause")
    try:
        threads = [
            threading.Thread(target=transfer, args=((client_a, els), jan), name="a"),
            threading.Thread(target=transfer, args=((client_b, jan), els), name="b"),
        ]
        for thread in threads:
            thread.start()
        # Let both go on once both paused, or once one paused while the other waits for a lock
        # the first holds (the fixed order makes the second wait before it changes anything).
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if len(arrived) == 2 or (
                len(arrived) == 1 and len(pids) == 2 and any(map(_waiting_on_a_lock, pids))
            ):
                break
            changed.wait(timeout=0.05)
            changed.clear()
        else:
            pytest.fail(f"the transfers did not reach the pause: {arrived=} {outcomes=}")
        go.set()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        pre_save.disconnect(sender=Assignment, dispatch_uid="test-pause")
        go.set()

    assert outcomes == ["ok", "ok"]
    assert Assignment.objects.get(client=client_a, ended_at__isnull=True).worker == jan
    assert Assignment.objects.get(client=client_b, ended_at__isnull=True).worker == els
    counts = dict(CaseloadCount.objects.filter(team=team).values_list("worker_id", "files"))
    assert counts == {els.pk: 1, jan.pk: 1}
