# ruff: noqa: S608  # every statement is built from this module's constants, never from input
"""The team page's figures (and the worker home's), kept up to date by the database itself.

`CaseloadCount` holds, per wijkteam and social worker, the number of open client files and of
open trajectories per kind; `FollowUpCount` holds, per wijkteam, social worker and date, the
number of journal follow-ups not done yet. A file counts for its team and its current worker
(the open assignment) while it is open. Counting these over 100,000 files on every view of the
team page cost three joins of a team's files with all open assignments (30 ms); reading them is
a few hundred rows (issue 3's page target).

Row triggers on the four tables the figures depend on (assignments, client files,
trajectories, journal entries) add or subtract each change in the same statement, so every
write counts, whichever code makes it: services, bulk loads (PostgreSQL's COPY fires them too),
the admin, a data migration. Each trigger reads only the other tables, never the one it fires
on, so a statement changing many rows gives the same figures as one row at a time, on
PostgreSQL (whose AFTER row triggers run at the end of the statement) and on SQLite (whose run
at each row).

Rows are never deleted: a figure that drops to 0 stays 0 (readers skip zero rows). `rebuild()`
counts everything afresh; the migration that installs the triggers fills the tables with it.

SQLite drops a table's triggers when Django rebuilds the table to alter it: a migration that
alters one of the four tables must call `install()` again (the consistency tests fail if not).
"""

from collections.abc import Iterator

from django.db.backends.base.base import BaseDatabaseWrapper

COUNTS = "clients_caseloadcount"
FOLLOW_UPS = "clients_followupcount"
OPEN_STATUSES = "('open', 'active')"  # Trajectory.Status values that are not closed
# Trajectory.Kind value -> column. Plain text, not the model's enum: migration 0009 installs
# the triggers from this module, which must not depend on the models of a later day (a test
# checks both lists are the same).
KIND_COLUMNS = {"intake": "intake", "debt_help": "debt_help", "activation": "activation"}
# A file without a team (the intake and the imports refuse an address no team covers, but the
# column allows it) counts under team 0, which no team has: the worker's own totals include it,
# no team page shows it.
NO_TEAM = 0
TEAM = f"COALESCE(c.team_id, {NO_TEAM})"
# Per operation, the name used in trigger names.
EVENTS = {"INSERT": "ins", "UPDATE": "upd", "DELETE": "del"}


COUNT_COLUMNS = ["files", *KIND_COLUMNS.values()]


def _not_done(entry: str) -> str:
    """The journal entry `entry` has a follow-up that is not done."""
    return f"{entry}.follow_up_on IS NOT NULL AND {entry}.follow_up_done_at IS NULL"


def _add_to_counts(select: str) -> str:
    """Add the rows of `select` (team, worker, then COUNT_COLUMNS) to the kept counts."""
    updates = ", ".join(f"{c} = {COUNTS}.{c} + excluded.{c}" for c in COUNT_COLUMNS)
    return (
        f"INSERT INTO {COUNTS} (team_id, worker_id, {', '.join(COUNT_COLUMNS)}) {select}"
        f" ON CONFLICT (team_id, worker_id) DO UPDATE SET {updates}"
    )


def _add_to_follow_ups(select: str) -> str:
    """Add the rows of `select` (team, worker, date, number) to the kept follow-ups."""
    return (
        f"INSERT INTO {FOLLOW_UPS} (team_id, worker_id, due_on, entries) {select}"
        " ON CONFLICT (team_id, worker_id, due_on)"
        f" DO UPDATE SET entries = {FOLLOW_UPS}.entries + excluded.entries"
    )


def _file_rows(sign: str, client: str, team: str, worker: str, condition: str) -> list[str]:
    """Add (sign '1') or subtract ('-1') everything one open file counts: the file, its open
    trajectories per kind and its follow-ups not done, for `team` and `worker` (SQL
    expressions), when `condition` holds."""
    kinds = ", ".join(
        f"{sign} * (SELECT COUNT(*) FROM clients_trajectory t WHERE t.client_id = {client}"
        f" AND t.status IN {OPEN_STATUSES} AND t.kind = '{kind}')"
        for kind in KIND_COLUMNS
    )
    guard = f"({condition}) AND ({team}) IS NOT NULL AND ({worker}) IS NOT NULL"
    return [
        _add_to_counts(f"SELECT {team}, {worker}, {sign}, {kinds} WHERE {guard}"),
        _add_to_follow_ups(
            f"SELECT {team}, {worker}, j.follow_up_on, {sign} * COUNT(*)"
            f" FROM clients_journalentry j WHERE j.client_id = {client} AND {_not_done('j')}"
            f" AND {guard} GROUP BY j.follow_up_on"
        ),
    ]


# The open files with their worker now (c and a); a WHERE clause follows.
OPEN_FILES = (
    "FROM clients_client c JOIN clients_assignment a ON a.client_id = c.id AND a.ended_at IS NULL"
)


def _trajectory_row(sign: str, row: str) -> list[str]:
    kinds = ", ".join(
        f"CASE WHEN {row}.kind = '{kind}' THEN {sign} ELSE 0 END" for kind in KIND_COLUMNS
    )
    return [
        _add_to_counts(
            f"SELECT {TEAM}, a.worker_id, 0, {kinds} {OPEN_FILES}"
            f" WHERE c.id = {row}.client_id AND c.closed_on IS NULL"
            f" AND {row}.status IN {OPEN_STATUSES}"
        )
    ]


def _journal_row(sign: str, row: str) -> list[str]:
    return [
        _add_to_follow_ups(
            f"SELECT {TEAM}, a.worker_id, {row}.follow_up_on, {sign} {OPEN_FILES}"
            f" WHERE c.id = {row}.client_id AND c.closed_on IS NULL AND {_not_done(row)}"
        )
    ]


def _assignment_row(sign: str, row: str) -> list[str]:
    team = (
        f"(SELECT {TEAM} FROM clients_client c"
        f" WHERE c.id = {row}.client_id AND c.closed_on IS NULL)"
    )
    return _file_rows(sign, f"{row}.client_id", team, f"{row}.worker_id", f"{row}.ended_at IS NULL")


def _client_row(sign: str, row: str) -> list[str]:
    worker = (
        f"(SELECT a.worker_id FROM clients_assignment a"
        f" WHERE a.client_id = {row}.id AND a.ended_at IS NULL)"
    )
    team = f"COALESCE({row}.team_id, {NO_TEAM})"
    return _file_rows(sign, f"{row}.id", team, worker, f"{row}.closed_on IS NULL")


ROW_CHANGES = {
    "clients_assignment": _assignment_row,
    "clients_client": _client_row,
    "clients_trajectory": _trajectory_row,
    "clients_journalentry": _journal_row,
}


def _when(table: str, event: str, distinct: str) -> str:
    """When a trigger has something to do: only changes that move a figure."""
    if table == "clients_client":
        if event == "INSERT":
            return ""  # a new file has no assignment yet: it counts from its assignment on
        if event == "UPDATE":
            return (
                f"OLD.team_id {distinct} NEW.team_id"
                " OR (OLD.closed_on IS NULL) <> (NEW.closed_on IS NULL)"
            )
        return "OLD.closed_on IS NULL"
    if table == "clients_assignment":
        if event == "UPDATE":
            return (
                "(OLD.ended_at IS NULL) <> (NEW.ended_at IS NULL)"
                " OR OLD.worker_id <> NEW.worker_id OR OLD.client_id <> NEW.client_id"
            )
        return f"{'NEW' if event == 'INSERT' else 'OLD'}.ended_at IS NULL"
    if table == "clients_trajectory":
        if event == "UPDATE":
            return (
                "OLD.status <> NEW.status OR OLD.kind <> NEW.kind OR OLD.client_id <> NEW.client_id"
            )
        return f"{'NEW' if event == 'INSERT' else 'OLD'}.status IN {OPEN_STATUSES}"
    # journal entries
    if event == "UPDATE":
        return (
            f"OLD.follow_up_on {distinct} NEW.follow_up_on"
            " OR (OLD.follow_up_done_at IS NULL) <> (NEW.follow_up_done_at IS NULL)"
            " OR OLD.client_id <> NEW.client_id"
        )
    return _not_done("NEW" if event == "INSERT" else "OLD")


def _triggers() -> Iterator[tuple[str, str, str, list[str]]]:
    """(table, event, name, statements) of every trigger, the old row's part first."""
    for table, row_change in ROW_CHANGES.items():
        for event, short in EVENTS.items():
            if table == "clients_client" and event == "INSERT":
                continue
            statements = []
            if event != "INSERT":
                statements += row_change("-1", "OLD")
            if event != "DELETE":
                statements += row_change("1", "NEW")
            yield table, event, f"{table}_caseload_{short}", statements


def install_sql(vendor: str) -> list[str]:
    """The statements that (re)create every trigger on this database."""
    sql = drop_sql(vendor)
    for table, event, name, statements in _triggers():
        if vendor == "postgresql":
            when = _when(table, event, "IS DISTINCT FROM")
            body = ";\n  ".join(statements)
            sql.append(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n  {body};\n  RETURN NULL;\nEND $$"
            )
            sql.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW"
                f"{f' WHEN ({when})' if when else ''} EXECUTE FUNCTION {name}()"
            )
        else:
            when = _when(table, event, "IS NOT")
            body = "".join(f"  {s};\n" for s in statements)
            sql.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW"
                f"{f' WHEN {when}' if when else ''}\nBEGIN\n{body}END"
            )
    return sql


def drop_sql(vendor: str) -> list[str]:
    sql = []
    for table, _event, name, _statements in _triggers():
        if vendor == "postgresql":
            sql.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            sql.append(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            sql.append(f"DROP TRIGGER IF EXISTS {name}")
    return sql


def rebuild_sql() -> list[str]:
    """Count everything afresh (the same on both databases)."""
    kinds = ", ".join(f"COUNT(*) FILTER (WHERE t.kind = '{kind}')" for kind in KIND_COLUMNS)
    no_kinds = ", ".join("0" for _ in KIND_COLUMNS)
    by_worker = f"GROUP BY {TEAM}, a.worker_id"
    return [
        f"DELETE FROM {COUNTS}",
        f"DELETE FROM {FOLLOW_UPS}",
        _add_to_counts(
            f"SELECT {TEAM}, a.worker_id, COUNT(*), {no_kinds} {OPEN_FILES}"
            f" WHERE c.closed_on IS NULL {by_worker}"
        ),
        _add_to_counts(
            f"SELECT {TEAM}, a.worker_id, 0, {kinds} {OPEN_FILES}"
            " JOIN clients_trajectory t ON t.client_id = c.id"
            f" WHERE c.closed_on IS NULL AND t.status IN {OPEN_STATUSES} {by_worker}"
        ),
        _add_to_follow_ups(
            f"SELECT {TEAM}, a.worker_id, j.follow_up_on, COUNT(*) {OPEN_FILES}"
            " JOIN clients_journalentry j ON j.client_id = c.id"
            f" WHERE c.closed_on IS NULL AND {_not_done('j')} {by_worker}, j.follow_up_on"
        ),
    ]


def _run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: BaseDatabaseWrapper) -> None:
    """(Re)create the triggers and count everything afresh, in the caller's transaction."""
    _run(connection, install_sql(connection.vendor))
    rebuild(connection)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    _run(connection, drop_sql(connection.vendor))


def rebuild(connection: BaseDatabaseWrapper) -> None:
    """Count every figure afresh from the files (also a repair, should they ever drift)."""
    _run(connection, rebuild_sql())


def _kept(connection: BaseDatabaseWrapper) -> dict[tuple[object, ...], tuple[object, ...]]:
    """Every non-zero figure now kept: (table, team, worker, date) -> figures."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 'files', team_id, worker_id, NULL, files, {', '.join(KIND_COLUMNS.values())}"
            f" FROM {COUNTS} WHERE files <> 0 OR "
            + " OR ".join(f"{c} <> 0" for c in KIND_COLUMNS.values())
        )
        rows = cursor.fetchall()
        cursor.execute(
            f"SELECT 'follow-ups', team_id, worker_id, due_on, entries, NULL, NULL, NULL"
            f" FROM {FOLLOW_UPS} WHERE entries <> 0"
        )
        rows += cursor.fetchall()
    return {tuple(row[:4]): tuple(row[4:]) for row in rows}


def recount(connection: BaseDatabaseWrapper) -> int:
    """Count afresh; how many kept figures differed. In the caller's transaction, which a
    check only rolls back."""
    before = _kept(connection)
    rebuild(connection)
    after = _kept(connection)
    return sum(before.get(key) != after.get(key) for key in before.keys() | after.keys())
