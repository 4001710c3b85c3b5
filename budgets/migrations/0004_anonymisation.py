"""PostgreSQL: a saved calculation may be changed by the GDPR anonymisation, and by nothing else.

The guard of migration 0002 refuses every UPDATE and DELETE. The anonymisation of a closed file
(clients/gdpr.py) must remove the names from the snapshot's `inputs` and the free-text `note`;
it says so with `set_config('ocmw.anonymising', 'on', true)` (SET LOCAL: it ends with the
transaction) and may then change those two columns only. Amounts, dates, versions and the
breakdown still never change, and a calculation is still never deleted.

SQLite has no triggers; there the services are the only guard.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = """
CREATE OR REPLACE FUNCTION budgets_calculation_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('ocmw.anonymising', true) = 'on'
       AND (to_jsonb(NEW) - 'inputs' - 'note') = (to_jsonb(OLD) - 'inputs' - 'note') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a saved aid calculation never changes';
END;
$$ LANGUAGE plpgsql;
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION budgets_calculation_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a saved aid calculation never changes';
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("budgets", "0003_one_open_proposal")]

    operations = [migrations.RunPython(forward, backward)]
