"""PostgreSQL: a trigram index for the client search (clients.selectors.search_text).

The expression must stay exactly what Django generates for Upper(search_text()), or the planner
does not use the index (tests/clients/test_search_index_postgres.py checks it). Written as SQL
because GinIndex(OpClass(Upper(Concat(...)))) puts the operator class inside the expression's
parentheses. SQLite searches without it.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS "client_search_trgm" ON "clients_client" USING gin ((UPPER((COALESCE("first_name", '') || COALESCE((COALESCE(' ', '') || COALESCE((COALESCE("last_name", '') || COALESCE((COALESCE(' ', '') || COALESCE((COALESCE("street", '') || COALESCE((COALESCE(' ', '') || COALESCE("municipality", '')), '')), '')), '')), '')), '')))) gin_trgm_ops);
"""  # noqa: E501

BACKWARD = 'DROP INDEX IF EXISTS "client_search_trgm";'


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_client_actual_costs")]

    operations = [migrations.RunPython(forward, backward)]
