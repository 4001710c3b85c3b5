"""Two clicks on "start a scan" at the same moment start one run (issue 17, point 8).

The second request checks for a running scan while the first has inserted its run but not yet
committed: without a lock it sees nothing and inserts a second run. PostgreSQL only: there the two
requests are two sessions; SQLite's IMMEDIATE transactions serialise them by themselves.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from rights.models import ScanRun
from rights.services import scan_run_start_by_hand
from tests.factories import team_lead
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two sessions need PostgreSQL (CI runs it there)"
)


def _waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_starts_make_one_run(lead: User, team: Wijkteam) -> None:
    other_lead = team_lead(team)
    pids: list[int] = []
    outcomes: list[str] = []
    done = threading.Event()

    def second_click() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids.append(cursor.fetchone()[0])
            scan_run_start_by_hand(actor=other_lead)
            outcomes.append("started")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()
            done.set()

    with transaction.atomic():
        first = scan_run_start_by_hand(actor=lead)  # inserted, not yet committed
        second = threading.Thread(target=second_click)
        second.start()
        # Commit once the second request has either finished (no lock: it did not wait) or is
        # waiting for the first one's lock.
        deadline = time.monotonic() + 10
        while not done.wait(timeout=0.05):
            if pids and _waiting_on_a_lock(pids[0]):
                break
            if time.monotonic() > deadline:
                pytest.fail("the second start neither finished nor waited for a lock")
    second.join(timeout=30)

    assert outcomes == ["Er loopt al een scan. De cijfers ervan volgen hieronder."]
    assert list(ScanRun.objects.values_list("pk", flat=True)) == [first.pk]
