"""On PostgreSQL a flag's and a data-missing note's right and thresholds are one foreign key,
(right, parameters) -> a version of that right's thresholds (rights/migrations/0010): one check
per row at the commit instead of two, and a row can no longer name another right's thresholds.
The migration goes back to the two keys Django makes, under their own names."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from rights.models import DataMissingNote, NonTakeUpFlag, RightParameters
from tests.factories import (
    ClientFactory,
    DataMissingNoteFactory,
    NonTakeUpFlagFactory,
    RightParametersFactory,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the composite key is PostgreSQL's; SQLite keeps Django's two keys",
    ),
]

TABLES = {NonTakeUpFlag: "rights_nontakeupflag", DataMissingNote: "rights_datamissingnote"}
BEFORE = [("rights", "0009_no_index_served_by_another")]


def _foreign_keys(table: str) -> dict[tuple[str, ...], tuple[str, str]]:
    """The table's foreign keys: their columns -> (table referred to, its columns)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conname, c.confrelid::regclass::text,"
            " ARRAY(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)"
            "  JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.n ORDER BY k.i),"
            " ARRAY(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i)"
            "  JOIN pg_attribute ON attrelid = c.confrelid AND attnum = k.n ORDER BY k.i)"
            " FROM pg_constraint c WHERE c.conrelid = %s::regclass AND c.contype = 'f'",
            [table],
        )
        return {
            tuple(columns): (referred, ", ".join(referred_columns))
            for _name, referred, columns, referred_columns in cursor.fetchall()
        }


@pytest.mark.django_db
@pytest.mark.parametrize("model", [NonTakeUpFlag, DataMissingNote])
def test_right_and_parameters_are_one_foreign_key(model: Any) -> None:
    keys = _foreign_keys(TABLES[model])
    assert keys[("right_id", "parameters_id")] == ("rights_rightparameters", "right_id, id")
    assert ("right_id",) not in keys
    assert ("parameters_id",) not in keys
    assert keys[("client_id",)] == ("clients_client", "id")


@pytest.fixture
def checked_now() -> Iterator[None]:
    """Foreign keys checked at each statement, not at the commit the test never reaches."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.mark.django_db
@pytest.mark.usefixtures("checked_now")
@pytest.mark.parametrize("factory", [NonTakeUpFlagFactory, DataMissingNoteFactory])
def test_a_row_cannot_name_another_rights_thresholds(factory: Any) -> None:
    own = RightParametersFactory.create()
    other = RightParametersFactory.create()
    client = ClientFactory.create()
    factory.create(client=client, right=own.right, parameters=own)  # its own: accepted
    with pytest.raises(IntegrityError), transaction.atomic():
        factory.create(client=ClientFactory.create(), right=own.right, parameters=other)


@pytest.mark.django_db
@pytest.mark.usefixtures("checked_now")
def test_thresholds_in_use_cannot_be_deleted_behind_the_apps_back() -> None:
    flag = NonTakeUpFlagFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM rights_rightparameters WHERE id = %s", [flag.parameters_id])
    assert RightParameters.objects.filter(pk=flag.parameters_id).exists()


def _migrate(targets: list[tuple[str, str]] | None = None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_goes_back_to_djangos_two_keys() -> None:
    _migrate(BEFORE)
    try:
        for table in TABLES.values():
            keys = _foreign_keys(table)
            assert keys[("right_id",)] == ("rights_right", "id")
            assert keys[("parameters_id",)] == ("rights_rightparameters", "id")
            assert ("right_id", "parameters_id") not in keys
    finally:
        _migrate()
    for table in TABLES.values():
        assert ("right_id", "parameters_id") in _foreign_keys(table)
