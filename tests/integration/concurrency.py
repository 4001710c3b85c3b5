"""Two changes at the same moment, each in its own thread and so its own database session
(PostgreSQL row locks): what each one came to."""

import threading
from collections.abc import Callable

from django.db import connection

from clients.services import EditConflictError


def at_once(
    *changes: Callable[[], object],
    refusals: tuple[type[Exception], ...] = (EditConflictError,),
    refused: str = "conflict",
) -> list[str]:
    """Run `changes` together from a barrier: "ok" for each that succeeds, `refused` for each
    that raises one of `refusals`, sorted."""
    start = threading.Barrier(len(changes))
    outcomes: list[str] = []

    def run(change: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            change()
            outcomes.append("ok")
        except refusals:
            outcomes.append(refused)
        finally:
            connection.close()  # each thread has its own connection: a second session

    threads = [threading.Thread(target=run, args=(change,)) for change in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)
