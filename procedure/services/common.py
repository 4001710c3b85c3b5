"""What the procedure's writes share: the request locked against a stale copy, and moved to a
state with a new version (optimistic locking, as clients.services.EditConflictError)."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from clients.services import EditConflictError
from procedure.models import Request


def request_lock(request_id: int, *, expected_version: int | None) -> Request:
    """The request as it is now, with its client and kind, locked until the transaction ends;
    EditConflictError when the editor's copy is stale (expected_version None: the caller checks
    another row's version)."""
    current = (
        Request.objects.select_for_update(of=("self",))
        .select_related("client", "kind")
        .get(pk=request_id)
    )
    if expected_version is not None and current.version != expected_version:
        raise EditConflictError(current=current)
    return current


def request_require_state(request: Request, *states: str) -> None:
    if request.state not in states:
        raise ValidationError(
            _("This request is %(state)s: it can no longer change this way.")
            % {"state": request.get_state_display()}
        )


def request_state_set(request: Request, state: str, *, fields: Sequence[str] = ()) -> None:
    """Save `state` (and the other changed `fields`) with a new version, read back."""
    request.state = state
    request.version = F("version") + 1
    request.save(update_fields=[*fields, "state", "version"])
    request.refresh_from_db(fields=["version"])
