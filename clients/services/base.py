"""What every write to a client file shares: the change signal after commit, the editor's
rights, and the save of a versioned row (optimistic locking) with its access-log row."""

import datetime as dt
import logging
import threading
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _

from clients.access_log import access_log_record
from clients.models import (
    AccessLog,
    Client,
)
from clients.selectors import client_editable_by
from clients.signals import client_file_changed
from wijkteams.models import User

ADDRESS_FIELDS = ("street", "house_number", "postcode", "municipality")
# What the national number encodes and must agree with (national_number_check_match).
IDENTITY_FIELDS = frozenset({"national_number", "birth_date", "sex"})

M = TypeVar("M", bound=Model)
logger = logging.getLogger(__name__)
# Clients whose change waits for its transaction to commit, per thread (a thread's connection).
_changes_pending = threading.local()


def client_file_change_notify(client_id: int) -> None:
    """Send `client_file_changed` when the transaction commits, once per client even when one
    transaction saves the record, the household and the incomes (the intake). Services of
    other apps that change what the non-take-up rules read call it too."""
    pending: set[int] = _changes_pending.__dict__.setdefault("clients", set())
    pending.add(client_id)

    def send() -> None:
        # A rolled-back transaction drops its callbacks but leaves the id here: the next
        # commit that changes this client sends it, once.
        if client_id not in pending:
            return
        pending.discard(client_id)
        for receiver, result in client_file_changed.send_robust(sender=Client, client_id=client_id):
            if isinstance(result, Exception):
                logger.error("client_file_changed receiver %r failed: %r", receiver, result)

    transaction.on_commit(send, robust=True)


def client_require_editor(actor: User, client: Client) -> None:
    """Only the client's social worker or the team lead change a file (PermissionDenied)."""
    if not client_editable_by(user=actor, client=client):
        raise PermissionDenied(_("Only the client's social worker or the team lead may do this."))


def client_require_open(client: Client) -> None:
    """A closed file is read-only until someone reopens it (client_reopen)."""
    if client.closed_on is not None:
        raise ValidationError(_("This client file is closed: reopen it first to change it."))


class EditConflictError(Exception):
    """Someone else saved the record since the editor loaded it: the client record or one of the
    file's rows (a household member, an income, a trajectory, a debt). `current` is the record
    as it is now, locked until the transaction ends; typed Any, as the caller knows which model
    it saved."""

    def __init__(self, current: Model) -> None:
        super().__init__(f"{type(current).__name__} changed meanwhile")
        self.current: Any = current


class RecordRemovedError(Exception):
    """The row the editor loaded was removed meanwhile (by someone else)."""


def _save_child(instance: Any, *, actor: User, client: Client, what: str) -> None:
    client_require_editor(actor, client)
    instance.full_clean()
    instance.save()
    access_log_record(client=client, actor=actor, action=AccessLog.Action.CHANGE, what=what)


def _lock_row(row: M, expected_version: int) -> None:
    """Lock the saved `row` until the transaction ends; refuse if someone saved it since its
    editor loaded it (EditConflictError) or removed it (RecordRemovedError)."""
    current = type(row)._default_manager.select_for_update().filter(pk=row.pk).first()
    if current is None:
        raise RecordRemovedError(f"{type(row).__name__} {row.pk} was removed meanwhile")
    if getattr(current, "version") != expected_version:  # noqa: B009  # every versioned row
        raise EditConflictError(current=current)


def _save_row(
    row: Any,
    *,
    actor: User,
    client: Client,
    what: str,
    expected_version: int | None = None,
    update_fields: Sequence[str] | None = None,
) -> None:
    """Save a row of the file that has a version (optimistic locking, as the client record).

    A new row is saved as is. An existing one is saved whole only with the version its editor
    loaded (`expected_version`), and refused if someone saved it since; a status change names
    the fields it writes (`update_fields`) instead, so that it undoes nobody's edit. Either way
    the row's version goes up.
    """
    if row.pk is None:
        _save_child(row, actor=actor, client=client, what=what)
        return
    client_require_editor(actor, client)
    if expected_version is not None:
        _lock_row(row, expected_version)
    elif update_fields is None:
        raise TypeError("an existing row is saved with the version its editor loaded")
    row.full_clean()
    row.version = F("version") + 1
    row.save(update_fields=None if update_fields is None else [*update_fields, "version"])
    row.refresh_from_db(fields=["version"])
    access_log_record(client=client, actor=actor, action=AccessLog.Action.CHANGE, what=what)


def _day(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"
