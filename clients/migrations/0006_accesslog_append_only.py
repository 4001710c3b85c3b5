"""PostgreSQL: the access log is append-only and kept at least 10 years.

A trigger refuses every UPDATE, every DELETE of a row younger than 10 years and every TRUNCATE,
whatever the code, a shell session or a data migration tries. The 10 years are the legal
minimum and written here on purpose: ACCESS_LOG_RETENTION_YEARS may only lengthen them (the
settings refuse less), and the purge (clients/access_log.py) deletes only what both allow.

TRUNCATE is refused unless the session sets `ocmw.allow_access_log_truncate = on`: only the
test settings do, because Django's `flush` (which empties the database between browser tests)
truncates every table. The table's owner can drop a trigger anyway; the guard stops mistakes,
and a bypass must be a deliberate, greppable act.

SQLite has no such triggers; there the purge service is the only code that deletes rows.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = """
CREATE FUNCTION clients_accesslog_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'the access log is append-only: a row never changes';
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.at >= now() - interval '10 years' THEN
            RAISE EXCEPTION 'the access log is kept 10 years: this row may not be deleted yet';
        END IF;
        RETURN OLD;
    END IF;
    -- TRUNCATE (a statement trigger: row triggers do not fire for it).
    IF current_setting('ocmw.allow_access_log_truncate', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION 'the access log is append-only: it is never truncated';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accesslog_append_only BEFORE UPDATE OR DELETE ON clients_accesslog
    FOR EACH ROW EXECUTE FUNCTION clients_accesslog_guard();
CREATE TRIGGER accesslog_no_truncate BEFORE TRUNCATE ON clients_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION clients_accesslog_guard();
"""

BACKWARD = """
DROP TRIGGER accesslog_no_truncate ON clients_accesslog;
DROP TRIGGER accesslog_append_only ON clients_accesslog;
DROP FUNCTION clients_accesslog_guard();
"""


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("clients", "0005_data_protection")]

    operations = [migrations.RunPython(forward, backward)]
