"""core.migration_ops.DropFieldIndex: the field's own index goes, its foreign key constraint
stays as it is (Django's AlterField drops and adds it back, which checks every row again under
a lock), and reversing the migration makes the index again. Runs on both databases."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("clients", "0017_accesslog_purge_function")]
TABLE = "clients_accesslog"


def _migrate(targets: list[tuple[str, str]] | None = None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def _client_id_indexes() -> list[str]:
    """Names of the indexes on client_id alone, and of the foreign key on it."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return sorted(
        name
        for name, info in constraints.items()
        if info["columns"] == ["client_id"] and info["index"] and not info["foreign_key"]
    )


def _foreign_key_oid() -> int | None:
    """PostgreSQL: the identity of the client_id foreign key constraint (a new one if dropped
    and made again)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid FROM pg_constraint c JOIN pg_attribute a"
            " ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)"
            " WHERE c.conrelid = %s::regclass AND c.contype = 'f' AND a.attname = 'client_id'",
            [TABLE],
        )
        (oid,) = cursor.fetchone()
    return int(oid)


@pytest.mark.django_db(transaction=True)
def test_the_own_index_goes_and_comes_back_and_the_foreign_key_is_left_alone() -> None:
    _migrate(BEFORE)
    assert _client_id_indexes() == ["clients_accesslog_client_id_7235fb7f"]
    constraint = _foreign_key_oid()

    _migrate()
    assert _client_id_indexes() == []
    assert _foreign_key_oid() == constraint  # not dropped and added again

    _migrate(BEFORE)
    assert _client_id_indexes() == ["clients_accesslog_client_id_7235fb7f"]
    _migrate()
