"""The preamble every change of a row of a client's file shares in integration's services: the
row locked (its own row only: the client's row stays free for other changes of the file), the
actor allowed to change the client's file, the file open, and the row still as its editor
loaded it."""

from operator import attrgetter
from typing import TypeVar

from django.db.models import Model, QuerySet

from clients.services import EditConflictError, client_require_editor, client_require_open
from wijkteams.models import User

M = TypeVar("M", bound=Model)


def row_for_change(
    rows: "QuerySet[M]",
    pk: int,
    *,
    actor: User,
    expected_version: int,
    client_path: str = "client",
) -> M:
    """The row `pk` of `rows`, locked until the transaction ends, once `actor` may change the
    file of its client (reached through `client_path`, e.g. "contract__client") and that file
    is open; EditConflictError when someone saved the row since its editor loaded it."""
    row = rows.select_for_update(of=("self",)).select_related(client_path).get(pk=pk)
    client = attrgetter(client_path.replace("__", "."))(row)
    client_require_editor(actor, client)
    client_require_open(client)
    if getattr(row, "version") != expected_version:  # noqa: B009  # every versioned row
        raise EditConflictError(current=row)
    return row
