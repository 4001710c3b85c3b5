"""Least privilege in PostgreSQL: what the app's database role may do.

A real deployment has two roles (README, "Database roles"). The owner owns the database and its
schema and runs the migrations. The app (gunicorn, the Celery worker and beat) connects as a
role that owns nothing and holds only what its work needs:

- SELECT, INSERT, UPDATE, DELETE on the ordinary tables;
- SELECT, INSERT on the append-only tables, which their app registers here
  (`append_only_register`, in its AppConfig.ready()): even with a table's guard trigger dropped,
  the app cannot change or delete a row of it;
- SELECT on the tables only migrations write (`django_migrations`);
- USAGE, SELECT on the sequences (core.bulk reserves ids with nextval);
- EXECUTE on the functions registered with `app_function_register`: SECURITY DEFINER functions
  of the owner that do one narrow thing the app may not do itself (the access log's retention
  purge deletes only rows past the legal minimum). Their migration revokes them from PUBLIC.

Never TRUNCATE, REFERENCES or TRIGGER, and nothing on a table nobody listed: a table is closed
to the app until the grants are applied again, so a forgotten step fails loudly rather than
opening a table silently. They are applied after every `migrate` when DATABASE_APP_ROLE names
the app's role (a post_migrate receiver, see core.apps), or by the owner with
`manage.py db_roles --app ROLE`. Applying is idempotent: every grant of the role in the schema
is revoked and given again, in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.db import connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

ALL_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
APPEND_ONLY_RIGHTS = "SELECT, INSERT"
READ_ONLY_RIGHTS = "SELECT"
SEQUENCE_RIGHTS = "USAGE, SELECT"

# Written by `migrate` alone (the owner); the app only reads them.
READ_ONLY_TABLES = frozenset({"django_migrations"})

_append_only: set[str] = set()
_functions: set[str] = set()


class DbRolesError(Exception):
    """The grants cannot be applied as asked: the message says why."""


def append_only_register(model: type[models.Model]) -> None:
    """`model`'s table is append-only: the app's role may read it and add rows, nothing more."""
    _append_only.add(model._meta.db_table)


def app_function_register(signature: str) -> None:
    """The app's role may execute this function, e.g. `clients_accesslog_purge(timestamptz,
    integer)` (PostgreSQL's regprocedure form: the name and the argument types)."""
    _functions.add(signature)


def append_only_tables() -> frozenset[str]:
    return frozenset(_append_only)


def app_functions() -> frozenset[str]:
    return frozenset(_functions)


def quote_ident(name: str) -> str:
    """A PostgreSQL identifier, quoted whatever it holds (a role name comes from the operator)."""
    return '"' + name.replace('"', '""') + '"'


def _listed(names: Iterable[str]) -> str:
    return ", ".join(quote_ident(name) for name in sorted(names))


@dataclass(frozen=True)
class SchemaObjects:
    """What one schema holds, as the catalogue says: the names the grants cover."""

    schema: str
    tables: frozenset[str]
    views: frozenset[str]
    sequences: frozenset[str]
    functions: frozenset[str]  # registered functions that exist, as regprocedure text


def grant_statements(
    role: str,
    objects: SchemaObjects,
    *,
    append_only: frozenset[str] | None = None,
    read_only: frozenset[str] = READ_ONLY_TABLES,
) -> list[str]:
    """The SQL that gives `role` exactly its rights on `objects`, after taking every earlier
    grant of the role in the schema back (so a table that became append-only loses UPDATE)."""
    append_only = append_only_tables() if append_only is None else append_only
    who = quote_ident(role)
    schema = quote_ident(objects.schema)
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {who}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {who}",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {schema} FROM {who}",
        f"GRANT USAGE ON SCHEMA {schema} TO {who}",
    ]

    def qualified(names: Iterable[str]) -> str:
        return ", ".join(f"{schema}.{quote_ident(name)}" for name in sorted(names))

    groups = [
        (ALL_RIGHTS, objects.tables - append_only - read_only),
        (APPEND_ONLY_RIGHTS, objects.tables & append_only),
        (READ_ONLY_RIGHTS, (objects.tables & (read_only - append_only)) | objects.views),
    ]
    for rights, names in groups:
        if names:
            statements.append(f"GRANT {rights} ON TABLE {qualified(names)} TO {who}")
    if objects.sequences:
        statements.append(
            f"GRANT {SEQUENCE_RIGHTS} ON SEQUENCE {qualified(objects.sequences)} TO {who}"
        )
    for function in sorted(objects.functions):
        # regprocedure text is already quoted where it needs to be, with its schema if needed.
        statements.append(f"GRANT EXECUTE ON FUNCTION {function} TO {who}")
    return statements


# --- reading the catalogue and applying ----------------------------------------------------------


def _one(connection: BaseDatabaseWrapper, sql: str, params: Sequence[Any] = ()) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else row[0] if len(row) == 1 else row


def schema_objects(connection: BaseDatabaseWrapper) -> SchemaObjects:
    """The tables, views and sequences of the connection's current schema, and the registered
    functions that exist."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relkind FROM pg_class c"
            " WHERE c.relnamespace = current_schema()::regnamespace"
            " AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
            # An extension's own tables are the extension's business.
            " AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
            " AND d.objid = c.oid AND d.deptype = 'e')"
        )
        rows = cursor.fetchall()
        functions = set()
        for signature in app_functions():
            cursor.execute("SELECT to_regprocedure(%s)::text", [signature])
            found = cursor.fetchone()
            if found and found[0]:
                functions.add(found[0])
    return SchemaObjects(
        schema=_one(connection, "SELECT current_schema()"),
        tables=frozenset(name for name, kind in rows if kind in ("r", "p")),
        views=frozenset(name for name, kind in rows if kind in ("v", "m")),
        sequences=frozenset(name for name, kind in rows if kind == "S"),
        functions=frozenset(functions),
    )


def check_app_role(connection: BaseDatabaseWrapper, role: str) -> None:
    """Refuse a role that would defeat the point: missing, the connection's own (the owner), a
    superuser, one that inherits the owner's rights, or one that owns objects here."""
    found = _one(
        connection,
        "SELECT rolsuper OR rolbypassrls, pg_has_role(%s, current_user, 'MEMBER'),"
        " %s = current_user"
        " FROM pg_roles WHERE rolname = %s",
        [role, role, role],
    )
    if found is None:
        raise DbRolesError(f"there is no database role {role!r}: create it first")
    superuser, inherits_owner, is_self = found
    if is_self:
        raise DbRolesError(
            f"{role!r} is the role migrating the database (the owner): the app needs its own"
        )
    if superuser:
        raise DbRolesError(f"{role!r} is a superuser or bypasses row security: no grant binds it")
    if inherits_owner:
        raise DbRolesError(f"{role!r} is a member of the owner role and would have all its rights")
    owned = _one(
        connection,
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner"
        " WHERE r.rolname = %s AND c.relnamespace = current_schema()::regnamespace",
        [role],
    )
    if owned:
        raise DbRolesError(
            f"{role!r} owns {owned} tables or sequences here: an owner has all rights"
        )


@dataclass(frozen=True)
class Applied:
    role: str
    tables: int
    append_only: tuple[str, ...]
    sequences: int
    functions: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"Database role {self.role}: {self.tables} tables"
            f" (append-only: {', '.join(self.append_only) or 'none'}),"
            f" {self.sequences} sequences,"
            f" functions: {', '.join(self.functions) or 'none'}."
        )


def app_role_apply(*, role: str, using: str = "default", dry_run: bool = False) -> Applied:
    """Give the app's database role exactly its rights on the schema (see the module's
    docstring), in one transaction; with `dry_run` nothing is changed. Run as the owner."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise DbRolesError("database roles are PostgreSQL's: this database has none")
    with transaction.atomic(using=using):
        check_app_role(connection, role)
        objects = schema_objects(connection)
        statements = grant_statements(role, objects)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        if dry_run:
            transaction.set_rollback(True, using=using)
    applied = Applied(
        role=role,
        tables=len(objects.tables | objects.views),
        append_only=tuple(sorted(objects.tables & append_only_tables())),
        sequences=len(objects.sequences),
        functions=tuple(sorted(objects.functions)),
    )
    if not dry_run:
        logger.info(
            "database grants applied to role %s",
            role,
            extra={"event": "db_roles_applied", "tables": applied.tables},
        )
    return applied


def apply_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: with DATABASE_APP_ROLE set, give that role its rights on what migrate made.
    Django sends post_migrate once per app with models; this acts on the last one only."""
    role = settings.DATABASE_APP_ROLE
    if not role or connections[using].vendor != "postgresql":
        return
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    applied = app_role_apply(role=role, using=using)
    stdout = kwargs.get("stdout")
    if stdout is not None and kwargs.get("verbosity", 1) >= 1:
        stdout.write(f"{applied}\n")
