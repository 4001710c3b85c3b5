"""PostgreSQL: the access log's retention purge as a function of the owner.

The app's database role may read the access log and add rows, never change or delete one
(core/db_roles.py). The monthly purge (clients.access_log.access_log_purge) runs as that role,
so it deletes through this function: SECURITY DEFINER, it runs with its owner's rights (the
role that migrates), and it deletes only rows older than the cutoff it is given and older than
the legal 10 years, whatever the caller asks, one batch per call. The trigger of 0006 still
checks every row it deletes.

PUBLIC may not execute it; the app's role gets EXECUTE with its other grants. Its search_path is
fixed to the schema it was created in (a SECURITY DEFINER function must not find a caller's
objects first). SQLite has no roles: there the purge deletes with the ORM.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = """
CREATE FUNCTION clients_accesslog_purge(cutoff timestamptz, batch_size integer)
RETURNS integer AS $$
DECLARE
    deleted integer;
BEGIN
    -- The legal minimum, as in the trigger: a later cutoff is moved back to it.
    cutoff := least(cutoff, now() - interval '10 years');
    DELETE FROM clients_accesslog WHERE id IN (
        SELECT id FROM clients_accesslog WHERE at < cutoff ORDER BY id LIMIT batch_size
    );
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp;

REVOKE ALL ON FUNCTION clients_accesslog_purge(timestamptz, integer) FROM PUBLIC;
"""

BACKWARD = "DROP FUNCTION clients_accesslog_purge(timestamptz, integer);"


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT quote_ident(current_schema())")
            (schema,) = cursor.fetchone() or ("public",)
        schema_editor.execute(FORWARD.replace("{schema}", schema))


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("clients", "0016_bounded_texts")]

    operations = [migrations.RunPython(forward, backward)]
