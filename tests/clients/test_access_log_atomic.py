"""A change to a client file and its access-log row commit together or not at all, and no page
or export of a file is served without its row.

The database itself refuses every new access-log row here (a trigger that raises): if a service
wrote its change outside the transaction of its log row, the change would stay although the
log has no trace of it.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.models import AccessLog, Assignment, CaseloadCount, Client, JournalEntry
from clients.services import assignment_transfer, client_close, client_update, journal_add
from tests.conftest import login
from tests.factories import client_of, social_worker, team_lead
from wijkteams.models import User, Wijkteam

REFUSE_SQL = {
    "sqlite": [
        "CREATE TRIGGER test_refuse_access_log BEFORE INSERT ON clients_accesslog "
        "BEGIN SELECT RAISE(ABORT, 'access log refused'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION test_refuse_access_log() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'access log refused'; END $$",
        "CREATE TRIGGER test_refuse_access_log BEFORE INSERT ON clients_accesslog "
        "FOR EACH ROW EXECUTE FUNCTION test_refuse_access_log()",
    ],
}


def _refuse_access_log() -> None:
    """The trigger lives in the test's transaction: it goes away with the test's rollback."""
    with connection.cursor() as cursor:
        for statement in REFUSE_SQL[connection.vendor]:
            cursor.execute(statement)


@pytest.fixture
def refused_log(db: None) -> None:
    _refuse_access_log()


def _file_state(client: Client) -> tuple[Any, ...]:
    client.refresh_from_db()
    return (
        client.version,
        client.phone,
        client.closed_on,
        list(Assignment.objects.filter(client=client).values_list("worker_id", "ended_at")),
        JournalEntry.objects.filter(client=client).count(),
        sorted(CaseloadCount.objects.values_list("worker_id", "files")),
        AccessLog.objects.filter(client=client).count(),
    )


CHANGES: dict[str, Callable[[User, User, Client], object]] = {
    "record": lambda worker, colleague, client: client_update(
        actor=worker,
        client_id=client.pk,
        expected_version=client.version,
        changes={"phone": "0470 12 34 56"},
    ),
    "journal": lambda worker, colleague, client: journal_add(
        actor=worker,
        client=client,
        entry=JournalEntry(occurred_on=timezone.localdate(), kind="note", text="huisbezoek"),
    ),
    "transfer": lambda worker, colleague, client: assignment_transfer(
        actor=worker,
        client=client,
        to_worker=colleague,
        reason="herverdeling",
        expected_worker_id=worker.pk,
    ),
    "closing": lambda worker, colleague, client: client_close(
        actor=worker,
        client_id=client.pk,
        expected_version=client.version,
        on=timezone.localdate(),
        reason="hulpverlening afgerond",
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_whose_access_log_row_fails_is_not_saved(
    change: str, worker: User, team: Wijkteam
) -> None:
    colleague = social_worker(team)
    client = client_of(worker)
    # Without the refusing trigger each change goes through (the test can fail).
    control = client_of(worker)
    before = _file_state(control)
    CHANGES[change](worker, colleague, control)
    assert _file_state(control) != before

    _refuse_access_log()
    before = _file_state(client)
    with pytest.raises(DatabaseError, match="access log refused"):
        CHANGES[change](worker, colleague, client)
    assert _file_state(client) == before


def test_no_client_page_is_shown_without_its_access_log_row(
    refused_log: None, client: HttpClient, worker: User
) -> None:
    file = client_of(worker, last_name="Vandenbroucke")
    with pytest.raises(DatabaseError, match="access log refused"):
        login(client, worker).get(reverse("clients:file", args=[file.pk]))


def test_no_export_is_served_without_its_access_log_row(
    refused_log: None, client: HttpClient, team: Wijkteam, worker: User
) -> None:
    file = client_of(worker)
    lead = team_lead(team)
    with pytest.raises(DatabaseError, match="access log refused"):
        login(client, lead).post(
            reverse("clients:file_gdpr", args=[file.pk]), {"export_format": "json"}
        )
