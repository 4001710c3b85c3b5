"""Least privilege in the database (core/db_roles.py): the app's PostgreSQL role reads and adds
to the access log but never changes, deletes or truncates it, even with the append-only trigger
dropped; it does the app's ordinary work; the retention purge works through the owner's
function; a new table gets the grants. Each test makes a throwaway role and connects as it
(psycopg, or Django's own connection), so it needs committed data: transactional tests."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import DatabaseError, connection
from django.utils import timezone
from django_otp.oath import totp

from clients.access_log import PURGE_FUNCTION, access_log_purge, access_log_record
from clients.log_actions import SEEN_JOURNAL
from clients.models import AccessLog, Client
from core import db_roles
from core.db_roles import SchemaObjects, app_role_apply, grant_statements, quote_ident
from tests.factories import client_of
from wijkteams.accounts.services import account_reset, enrolment_complete
from wijkteams.models import AccountLog, User, Wijkteam
from wijkteams.two_factor.services import two_factor_device_pending

ROOT = Path(__file__).resolve().parents[2]


def on_postgresql(test: Any) -> Any:
    """Marked and skipped as the suite's other PostgreSQL-only tests are."""
    skip = pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="database roles are PostgreSQL's (CI runs these there)",
    )
    return pytest.mark.postgres(skip(test))


DENIED = psycopg.errors.InsufficientPrivilege


@dataclass(frozen=True)
class Role:
    name: str
    password: str


def _execute(*statements: str) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def app_role(transactional_db: None) -> Iterator[Role]:
    """A login role that owns nothing, as the init script makes ocmw_app; dropped afterwards
    (roles belong to the whole server, so the name is new each time)."""
    role = Role(f"ocmw_test_app_{secrets.token_hex(4)}", secrets.token_hex(16))
    _execute(f"CREATE ROLE {quote_ident(role.name)} LOGIN PASSWORD '{role.password}'")
    yield role
    _execute(f"DROP OWNED BY {quote_ident(role.name)}", f"DROP ROLE {quote_ident(role.name)}")


@contextmanager
def session_as(role: Role) -> Iterator[psycopg.Connection[Any]]:
    """A psycopg session of `role` on the test database, each statement committed on its own."""
    own = connection.settings_dict
    with psycopg.connect(
        host=own["HOST"] or None,
        port=own["PORT"] or None,
        dbname=own["NAME"],
        user=role.name,
        password=role.password,
        autocommit=True,
    ) as session:
        yield session


@contextmanager
def django_as(role: Role) -> Iterator[None]:
    """Django's own connection logs in as `role` for a while: the app's code, run as the app."""
    own = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(USER=role.name, PASSWORD=role.password)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(USER=own["USER"], PASSWORD=own["PASSWORD"])


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


@pytest.fixture
def fatima(app_role: Role, worker: User, team: Wijkteam) -> Client:
    return client_of(worker, team=team)


# --- what the grants are (any database: no SQL is run) ------------------------------------------

OBJECTS = SchemaObjects(
    schema="public",
    tables=frozenset({"clients_client", "clients_accesslog", "django_migrations"}),
    views=frozenset(),
    sequences=frozenset({"clients_client_id_seq"}),
    functions=frozenset({"clients_accesslog_purge(timestamp with time zone,integer)"}),
)


def test_append_only_tables_get_select_and_insert_only() -> None:
    statements = grant_statements("ocmw_app", OBJECTS, append_only=frozenset({"clients_accesslog"}))

    assert statements == [
        'REVOKE ALL ON ALL TABLES IN SCHEMA "public" FROM "ocmw_app"',
        'REVOKE ALL ON ALL SEQUENCES IN SCHEMA "public" FROM "ocmw_app"',
        'REVOKE ALL ON ALL FUNCTIONS IN SCHEMA "public" FROM "ocmw_app"',
        'GRANT USAGE ON SCHEMA "public" TO "ocmw_app"',
        'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "public"."clients_client" TO "ocmw_app"',
        'GRANT SELECT, INSERT ON TABLE "public"."clients_accesslog" TO "ocmw_app"',
        'GRANT SELECT ON TABLE "public"."django_migrations" TO "ocmw_app"',
        'GRANT USAGE, SELECT ON SEQUENCE "public"."clients_client_id_seq" TO "ocmw_app"',
        "GRANT EXECUTE ON FUNCTION clients_accesslog_purge(timestamp with time zone,integer)"
        ' TO "ocmw_app"',
    ]
    assert not any("TRUNCATE" in statement for statement in statements)


def test_a_role_name_cannot_break_out_of_its_quotes() -> None:
    statements = grant_statements('app"; DROP TABLE x; --', OBJECTS, append_only=frozenset())
    assert 'TO "app""; DROP TABLE x; --"' in statements[-1]


def test_the_access_log_its_purge_function_and_the_account_log_are_registered() -> None:
    """clients registers the first two in its AppConfig.ready(), wijkteams the account log."""
    assert "clients_accesslog" in db_roles.append_only_tables()
    assert PURGE_FUNCTION in db_roles.app_functions()
    assert "wijkteams_accountlog" in db_roles.append_only_tables()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's answer")
def test_the_command_refuses_a_database_without_roles(db: None) -> None:
    with pytest.raises(CommandError, match="PostgreSQL's"):
        call_command("db_roles", "--app", "ocmw_app")


# --- the app's role on PostgreSQL ---------------------------------------------------------------

TRIGGERS = """
CREATE TRIGGER accesslog_append_only BEFORE UPDATE OR DELETE ON clients_accesslog
    FOR EACH ROW EXECUTE FUNCTION clients_accesslog_guard();
CREATE TRIGGER accesslog_no_truncate BEFORE TRUNCATE ON clients_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION clients_accesslog_guard();
"""


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'clients_accesslog'::regclass"
            " AND NOT tgisinternal"
        )
        return {name for (name,) in cursor.fetchall()}


@on_postgresql
def test_the_app_role_cannot_alter_the_access_log_even_without_its_trigger(
    time_machine: Any, app_role: Role, worker: User, fatima: Client
) -> None:
    young = _row(fatima, worker)
    old = _row_aged(time_machine, fatima, worker, days=11 * 365)  # the trigger lets this go
    app_role_apply(role=app_role.name)
    _execute(
        "DROP TRIGGER accesslog_append_only ON clients_accesslog",
        "DROP TRIGGER accesslog_no_truncate ON clients_accesslog",
    )
    try:
        with session_as(app_role) as session:
            for statement, params in (
                ("UPDATE clients_accesslog SET purpose = 'changed' WHERE id = %s", [young.pk]),
                ("DELETE FROM clients_accesslog WHERE id = %s", [young.pk]),
                ("DELETE FROM clients_accesslog WHERE id = %s", [old.pk]),
                ("TRUNCATE clients_accesslog", []),
            ):
                with pytest.raises(DENIED, match="permission denied for table clients_accesslog"):
                    session.execute(statement, params)
    finally:
        _execute(TRIGGERS)
    assert _triggers() == {"accesslog_append_only", "accesslog_no_truncate"}
    assert sorted(AccessLog.objects.values_list("pk", "purpose")) == [(young.pk, ""), (old.pk, "")]


@on_postgresql
def test_the_app_role_does_the_apps_ordinary_work(
    app_role: Role, worker: User, fatima: Client
) -> None:
    app_role_apply(role=app_role.name)
    row = (fatima.pk, worker.pk, "", "view", SEEN_JOURNAL, "{}", "")

    with session_as(app_role) as session:
        # Log rows go in one at a time and by COPY (core.bulk), ids from the sequence.
        [(inserted,)] = session.execute(
            "INSERT INTO clients_accesslog (at, what, client_id, actor_id, actor_label, action,"
            " what_key, what_params, purpose) VALUES (now(), '', %s, %s, %s, %s, %s, %s, %s)"
            " RETURNING id",
            row,
        ).fetchall()
        [(reserved,)] = session.execute(
            "SELECT nextval(pg_get_serial_sequence('clients_accesslog', 'id'))"
        ).fetchall()
        with session.cursor().copy(
            "COPY clients_accesslog (id, at, what, client_id, actor_id, actor_label, action,"
            " what_key, what_params, purpose) FROM STDIN"
        ) as copy:
            copy.write_row((reserved, timezone.now(), "", *row))
        logged = session.execute(
            "SELECT id FROM clients_accesslog WHERE client_id = %s ORDER BY id", [fatima.pk]
        ).fetchall()
        # An ordinary table: read, change, add and remove rows.
        session.execute(
            "UPDATE clients_client SET phone = '056 00 00 00' WHERE id = %s", [fatima.pk]
        )
        [(location,)] = session.execute(
            "INSERT INTO wijkteams_location (team_id, name, street, house_number, postcode,"
            " municipality, phone, opening_hours, is_active)"
            " VALUES (%s, 'Probe', '', '', '8500', '', '', '', true) RETURNING id",
            [fatima.team_id],
        ).fetchall()
        session.execute("DELETE FROM wijkteams_location WHERE id = %s", [location])
        # Only the owner makes or drops tables.
        with pytest.raises(DENIED):
            session.execute("CREATE TABLE app_made (id integer)")
        with pytest.raises(DENIED):
            session.execute("TRUNCATE wijkteams_location")

    assert logged == [(inserted,), (reserved,)]
    assert Client.objects.get(pk=fatima.pk).phone == "056 00 00 00"


@on_postgresql
def test_the_purge_works_as_the_app_role_through_the_owners_function(
    time_machine: Any, app_role: Role, worker: User, fatima: Client
) -> None:
    nine = _row_aged(time_machine, fatima, worker, days=9 * 365)
    eleven = _row_aged(time_machine, fatima, worker, days=11 * 365)
    twelve = _row_aged(time_machine, fatima, worker, days=12 * 365)
    with session_as(app_role) as session, pytest.raises(DENIED):
        # Not PUBLIC's: without the grants the role cannot run it.
        session.execute("SELECT clients_accesslog_purge(now(), 10)")
    app_role_apply(role=app_role.name)

    with session_as(app_role) as session:
        with pytest.raises(DENIED):
            session.execute("DELETE FROM clients_accesslog WHERE id = %s", [eleven.pk])
        # Asked for everything up to now, the function keeps the legal 10 years; a batch of one
        # takes the lowest id.
        [(purged,)] = session.execute("SELECT clients_accesslog_purge(now(), 1)").fetchall()
    assert purged == 1
    assert set(AccessLog.objects.values_list("pk", flat=True)) == {nine.pk, twelve.pk}

    with django_as(app_role):
        deleted = access_log_purge()  # the app's own code, as the app
        with pytest.raises(DatabaseError, match="permission denied"):
            AccessLog.objects.filter(pk=nine.pk).delete()
        added = _row(fatima, worker)
    assert deleted == 1
    assert set(AccessLog.objects.values_list("pk", flat=True)) == {nine.pk, added.pk}


@on_postgresql
def test_a_new_table_gets_the_grants_when_they_are_applied(
    app_role: Role, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table a later migration makes is closed to the app until the grants run again; an
    append-only one, once registered, then takes rows and keeps them."""
    _execute(
        "CREATE TABLE probe_notes (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
        " note text)",
        "CREATE TABLE probe_log (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
        " note text)",
    )
    try:
        with session_as(app_role) as session, pytest.raises(DENIED):
            session.execute("SELECT * FROM probe_notes")
        monkeypatch.setattr(db_roles, "_append_only", {*db_roles.append_only_tables(), "probe_log"})

        applied = app_role_apply(role=app_role.name)

        assert applied.append_only == ("clients_accesslog", "probe_log", "wijkteams_accountlog")
        with session_as(app_role) as session:
            session.execute("INSERT INTO probe_notes (note) VALUES ('a')")
            session.execute("UPDATE probe_notes SET note = 'b'")
            session.execute("DELETE FROM probe_notes")
            session.execute("INSERT INTO probe_log (note) VALUES ('kept')")
            for statement in (
                "UPDATE probe_log SET note = 'changed'",
                "DELETE FROM probe_log",
                "TRUNCATE probe_log",
            ):
                with pytest.raises(DENIED):
                    session.execute(statement)
            assert session.execute("SELECT note FROM probe_log").fetchall() == [("kept",)]
    finally:
        _execute("DROP TABLE probe_notes", "DROP TABLE probe_log")


@on_postgresql
def test_migrate_grants_the_role_named_in_the_settings(
    app_role: Role, settings: Any, fatima: Client
) -> None:
    with session_as(app_role) as session, pytest.raises(DENIED):
        session.execute("SELECT count(*) FROM clients_client")
    settings.DATABASE_APP_ROLE = app_role.name
    out = io.StringIO()

    # What `migrate` sends when it is done, once per app with models.
    emit_post_migrate_signal(verbosity=1, interactive=False, db="default", stdout=out)

    with session_as(app_role) as session:
        assert session.execute("SELECT count(*) FROM clients_client").fetchall() == [(1,)]
        with pytest.raises(DENIED):
            session.execute("UPDATE clients_accesslog SET purpose = 'x'")
    assert out.getvalue().count(f"Database role {app_role.name}:") == 1


@on_postgresql
def test_the_command_grants_and_its_dry_run_only_prints(app_role: Role) -> None:
    out = io.StringIO()
    call_command("db_roles", "--app", app_role.name, "--dry-run", stdout=out)
    assert (
        'GRANT SELECT, INSERT ON TABLE "public"."clients_accesslog", '
        f'"public"."wijkteams_accountlog" TO "{app_role.name}";'
    ) in out.getvalue()
    with session_as(app_role) as session, pytest.raises(DENIED):
        session.execute("SELECT count(*) FROM clients_accesslog")

    out = io.StringIO()
    call_command("db_roles", "--app", app_role.name, stdout=out)
    assert "append-only: clients_accesslog, wijkteams_accountlog" in out.getvalue()
    with session_as(app_role) as session:
        assert session.execute("SELECT count(*) FROM clients_accesslog").fetchall() == [(0,)]


@on_postgresql
def test_the_command_refuses_a_role_that_would_defeat_the_point(app_role: Role) -> None:
    with pytest.raises(CommandError, match="no database role"):
        call_command("db_roles", "--app", f"{app_role.name}_missing")
    with pytest.raises(CommandError, match="the owner"):
        call_command("db_roles", "--app", connection.settings_dict["USER"] or "postgres")
    _execute(
        f"GRANT {quote_ident(connection.settings_dict['USER'] or 'postgres')} TO "
        f"{quote_ident(app_role.name)}"
    )
    with pytest.raises(CommandError, match="member of the owner"):
        call_command("db_roles", "--app", app_role.name)


@on_postgresql
@pytest.mark.django_db
def test_the_purge_function_runs_as_its_owner_in_a_fixed_schema_and_reverses() -> None:
    """SECURITY DEFINER with its own search_path (a caller's objects are never found first);
    the migration's backward SQL drops it (inside the test's transaction, rolled back)."""
    migration = importlib.import_module("clients.migrations.0017_accesslog_purge_function")

    def purge_function() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT prosecdef, proconfig FROM pg_proc WHERE proname = 'clients_accesslog_purge'"
            )
            rows: list[tuple[Any, ...]] = cursor.fetchall()
            return rows

    assert purge_function() == [(True, ["search_path=public, pg_temp"])]
    _execute(migration.BACKWARD)
    assert purge_function() == []


# --- the init script of docker-compose.yml (and of scripts/production_run.py) -------------------


@on_postgresql
@pytest.mark.skipif(shutil.which("psql") is None, reason="needs psql, as the db image has")
def test_the_init_script_makes_an_owner_and_an_app_role(transactional_db: None) -> None:
    suffix = secrets.token_hex(4)
    database, owner, app = (f"ocmw_init_{suffix}", f"ocmw_init_{suffix}_o", f"ocmw_init_{suffix}_a")
    own = connection.settings_dict
    server = {
        "host": own["HOST"] or None,
        "port": own["PORT"] or None,
        "user": own["USER"],
        "password": own["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f"CREATE DATABASE {database}")
        try:
            env = {
                "PATH": "/usr/bin:/bin",
                "PGHOST": own["HOST"] or "",
                "PGPORT": str(own["PORT"] or ""),
                "PGPASSWORD": own["PASSWORD"] or "",
                "POSTGRES_USER": own["USER"] or "postgres",
                "POSTGRES_DB": database,
                "OCMW_OWNER_ROLE": owner,
                "OCMW_APP_ROLE": app,
                "POSTGRES_OWNER_PASSWORD": "owner-secret",
                "POSTGRES_APP_PASSWORD": "app-secret",
            }
            script = ROOT / "docker" / "postgres-init" / "10-ocmw-roles.sh"
            for _run in range(2):  # a second run changes nothing and does not fail
                subprocess.run([script], env=env, check=True, capture_output=True)  # noqa: S603
            [(db_owner, owner_super, app_super)] = admin.execute(
                "SELECT pg_get_userbyid(datdba), o.rolsuper, a.rolsuper FROM pg_database,"
                " pg_roles o, pg_roles a WHERE datname = %s AND o.rolname = %s"
                " AND a.rolname = %s",
                [database, owner, app],
            ).fetchall()
            assert (db_owner, owner_super, app_super) == (owner, False, False)
            with (
                psycopg.connect(
                    dbname=database, **(server | {"user": app, "password": "app-secret"})
                ) as session,
                pytest.raises(DENIED),
            ):
                session.execute("CREATE TABLE app_made (id integer)")
        finally:
            admin.execute(f"DROP DATABASE {database} WITH (FORCE)")
            admin.execute(f"DROP ROLE IF EXISTS {owner}")
            admin.execute(f"DROP ROLE IF EXISTS {app}")


ACCOUNT_LOG_TRIGGERS = """
CREATE TRIGGER accountlog_append_only BEFORE UPDATE OR DELETE ON wijkteams_accountlog
    FOR EACH ROW EXECUTE FUNCTION wijkteams_accountlog_guard();
CREATE TRIGGER accountlog_no_truncate BEFORE TRUNCATE ON wijkteams_accountlog
    FOR EACH STATEMENT EXECUTE FUNCTION wijkteams_accountlog_guard();
"""


@on_postgresql
def test_the_app_role_resets_an_account_but_cannot_alter_the_account_log(
    app_role: Role, admin_user: User, worker: User
) -> None:
    """A reset and an enrolment run as the app (they change the user and the link), and the
    account log they write cannot be changed or emptied by that role, trigger or not."""
    app_role_apply(role=app_role.name)
    with django_as(app_role):
        issued = account_reset(actor=admin_user, user=worker, link_url=lambda token: token)
        device = two_factor_device_pending(actor=worker)
        enrolment_complete(
            token=issued.url,
            password="Zomer-aan-de-Leie-2026",  # passes the password rules
            otp_token=f"{totp(device.bin_key):06d}",
            address="127.0.0.1",
        )
    assert list(AccountLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "reset",
        "enrolled",
    ]
    _execute(
        "DROP TRIGGER accountlog_append_only ON wijkteams_accountlog",
        "DROP TRIGGER accountlog_no_truncate ON wijkteams_accountlog",
    )
    try:
        with session_as(app_role) as session:
            for statement in (
                "UPDATE wijkteams_accountlog SET params = '{}'",
                "DELETE FROM wijkteams_accountlog",
                "TRUNCATE wijkteams_accountlog",
            ):
                with pytest.raises(
                    DENIED, match="permission denied for table wijkteams_accountlog"
                ):
                    session.execute(statement)
    finally:
        _execute(ACCOUNT_LOG_TRIGGERS)
    assert AccountLog.objects.count() == 2
