"""The PostgreSQL guard of wijkteams/migrations/0006, written to directly with the ORM and SQL
(no services): the account log is append-only, even against a shell session, a bad data
migration or an administrator with database access through the app's own connection."""

import importlib

import pytest
from django.db import DatabaseError, connection, transaction

from wijkteams.accounts.log import account_log_record
from wijkteams.models import AccountLog, User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="triggers are PostgreSQL's (CI runs it there)",
    ),
    pytest.mark.django_db,
]


@pytest.fixture
def row(admin_user: User, worker: User) -> AccountLog:
    return account_log_record(
        actor=admin_user,
        subject=worker,
        action=AccountLog.Action.RESET,
        params={"delivery": "shown"},
    )


def test_a_row_cannot_be_updated(row: AccountLog) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccountLog.objects.filter(pk=row.pk).update(actor=None)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccountLog.objects.filter(pk=row.pk).update(params={})
    row.action = AccountLog.Action.ACTIVATED
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        row.save()

    stored = AccountLog.objects.get(pk=row.pk)
    assert (stored.action, stored.params) == ("reset", {"delivery": "shown"})


def test_a_row_cannot_be_deleted(row: AccountLog) -> None:
    with pytest.raises(DatabaseError, match="never deleted"), transaction.atomic():
        AccountLog.objects.filter(pk=row.pk).delete()
    with (
        pytest.raises(DatabaseError, match="never deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM wijkteams_accountlog")
    assert AccountLog.objects.filter(pk=row.pk).exists()


def test_the_table_cannot_be_truncated(row: AccountLog) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # The test settings allow it for Django's flush between browser tests; a session that
        # does not say so (any other) is refused.
        cursor.execute("SET LOCAL ocmw.allow_account_log_truncate = off")
        # The row's foreign-key checks wait for the commit; TRUNCATE needs them done first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="never truncated"), transaction.atomic():
            cursor.execute("TRUNCATE wijkteams_accountlog")
    assert AccountLog.objects.count() == 1


def test_the_migration_reverses_cleanly() -> None:
    """Its backward SQL drops exactly what the forward SQL made (inside the test's transaction,
    which PostgreSQL rolls back with the DDL)."""
    migration = importlib.import_module("wijkteams.migrations.0006_accountlog_append_only")

    def triggers() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'wijkteams_accountlog'::regclass "
                "AND NOT tgisinternal"
            )
            return {name for (name,) in cursor.fetchall()}

    assert triggers() == {"accountlog_append_only", "accountlog_no_truncate"}
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKWARD)
        assert triggers() == set()
        cursor.execute(migration.FORWARD)
    assert triggers() == {"accountlog_append_only", "accountlog_no_truncate"}
