"""The PostgreSQL guard of migration 0006, written to directly with the ORM and SQL (no
services): the access log is append-only and kept 10 years, even against a shell session, a
bad data migration or code that forgets the rules."""

import datetime as dt
import importlib
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from clients.access_log import access_log_purge, access_log_record
from clients.log_actions import SEEN_JOURNAL
from clients.models import AccessLog, Client
from tests.factories import client_of
from wijkteams.models import User, Wijkteam

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="triggers are PostgreSQL's (CI runs it there)",
    ),
    pytest.mark.django_db,
]


@pytest.fixture
def fatima(worker: User, team: Wijkteam) -> Client:
    return client_of(worker, team=team)


def _row(client: Client, actor: User) -> AccessLog:
    return access_log_record(
        client=client, actor=actor, action=AccessLog.Action.VIEW, what=SEEN_JOURNAL
    )


def _row_aged(time_machine: Any, client: Client, actor: User, *, days: int) -> AccessLog:
    """A row written `days` ago (the `at` column is set on insert, so travel there)."""
    now = timezone.now()
    time_machine.move_to(now - dt.timedelta(days=days), tick=False)
    try:
        return _row(client, actor)
    finally:
        time_machine.move_to(now, tick=True)


def test_a_row_cannot_be_updated(worker: User, fatima: Client) -> None:
    row = _row(fatima, worker)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(what="something else")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(what_params={"name": "x"})
    row.what_key = "something.else"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        row.save()

    stored = AccessLog.objects.get(pk=row.pk)
    assert (stored.what, stored.what_key, stored.what_params) == ("", SEEN_JOURNAL, {})


def test_an_old_row_cannot_be_updated_either(
    time_machine: Any, worker: User, fatima: Client
) -> None:
    row = _row_aged(time_machine, fatima, worker, days=11 * 365)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(purpose="x")


def test_a_row_younger_than_ten_years_cannot_be_deleted(
    time_machine: Any, worker: User, fatima: Client
) -> None:
    fresh = _row(fatima, worker)
    nine = _row_aged(time_machine, fatima, worker, days=9 * 365)

    for row in (fresh, nine):
        with pytest.raises(DatabaseError, match="kept 10 years"), transaction.atomic():
            row.delete()
    with (
        pytest.raises(DatabaseError, match="kept 10 years"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM clients_accesslog")

    assert AccessLog.objects.count() == 2


def test_a_row_older_than_ten_years_can_be_deleted(
    time_machine: Any, worker: User, fatima: Client
) -> None:
    row = _row_aged(time_machine, fatima, worker, days=11 * 365)

    row.delete()

    assert not AccessLog.objects.exists()


def test_the_table_cannot_be_truncated(worker: User, fatima: Client) -> None:
    _row(fatima, worker)

    with transaction.atomic(), connection.cursor() as cursor:
        # The test settings allow it for Django's flush between browser tests; a session that
        # does not say so (any other) is refused.
        cursor.execute("SET LOCAL ocmw.allow_access_log_truncate = off")
        # The row's foreign-key checks wait for the commit; TRUNCATE needs them done first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="never truncated"), transaction.atomic():
            cursor.execute("TRUNCATE clients_accesslog")

    assert AccessLog.objects.count() == 1


def test_the_purge_passes_the_guard(time_machine: Any, worker: User, fatima: Client) -> None:
    nine = _row_aged(time_machine, fatima, worker, days=9 * 365)
    _row_aged(time_machine, fatima, worker, days=11 * 365)

    assert access_log_purge() == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [nine.pk]


def test_the_migration_reverses_cleanly() -> None:
    """Its backward SQL drops exactly what the forward SQL made (run inside the test's
    transaction, which PostgreSQL rolls back with the DDL)."""
    migration = importlib.import_module("clients.migrations.0006_accesslog_append_only")

    def triggers() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'clients_accesslog'::regclass "
                "AND NOT tgisinternal"
            )
            return {name for (name,) in cursor.fetchall()}

    assert triggers() == {"accesslog_append_only", "accesslog_no_truncate"}
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKWARD)
        assert triggers() == set()
        cursor.execute(migration.FORWARD)
    assert triggers() == {"accesslog_append_only", "accesslog_no_truncate"}
