"""Named locks held until the transaction ends, for check-then-insert races that no existing
row can be locked for (for example "start a scan unless one is running")."""

from django.db import connection


def transaction_lock(name: str) -> None:
    """Serialise the transactions that take the lock `name`: the second waits until the first
    commits or rolls back, and then sees what the first wrote.

    PostgreSQL: an advisory transaction lock. SQLite: every write transaction of this project
    takes the database's write lock at BEGIN (IMMEDIATE mode, see settings), which serialises
    them already.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("transaction_lock needs a transaction: it is released at its end")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
