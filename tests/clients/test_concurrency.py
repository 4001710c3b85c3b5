"""Two transfers of one client at the same moment: exactly one wins (PostgreSQL row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from clients.models import Assignment
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
