"""PostgreSQL: the account log is append-only.

A trigger refuses every UPDATE, every DELETE and every TRUNCATE of the account log, whatever
the code, a shell session or a data migration tries: an administrator who reset someone's
account cannot make the row go away. Rows are never purged (a few per staff member a year).

TRUNCATE is refused unless the session sets `ocmw.allow_account_log_truncate = on`: only the
test settings do, because Django's `flush` (which empties the database between browser tests)
truncates every table. As for the access log (clients/migrations/0006), the table's owner can
drop the trigger anyway; the guard stops mistakes, and a bypass must be a deliberate act.

SQLite has no such triggers; there the log module is the only code that writes the table.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = """
CREATE FUNCTION wijkteams_accountlog_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'the account log is append-only: a row never changes';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the account log is append-only: a row is never deleted';
    END IF;
    -- TRUNCATE (a statement trigger: row triggers do not fire for it).
    IF current_setting('ocmw.allow_account_log_truncate', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION 'the account log is append-only: it is never truncated';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accountlog_append_only BEFORE UPDATE OR DELETE ON wijkteams_accountlog
    FOR EACH ROW EXECUTE FUNCTION wijkteams_accountlog_guard();
CREATE TRIGGER accountlog_no_truncate BEFORE TRUNCATE ON wijkteams_accountlog
    FOR EACH STATEMENT EXECUTE FUNCTION wijkteams_accountlog_guard();
"""

BACKWARD = """
DROP TRIGGER accountlog_no_truncate ON wijkteams_accountlog;
DROP TRIGGER accountlog_append_only ON wijkteams_accountlog;
DROP FUNCTION wijkteams_accountlog_guard();
"""


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("wijkteams", "0005_account_log")]

    operations = [migrations.RunPython(forward, backward)]
