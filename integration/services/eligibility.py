"""Writes of the eligibility check of a leefloon request: the worker's findings on the
conditions of art. 3 of the law of 26 May 2002 that only the social inquiry can tell (actual
residence, art. 3 1°; for a minor the ground of art. 7; willingness to work, art. 3 5°; the
rights to other benefits used first, art. 3 6°). Age, residence status and resources are read
from the file and the calculation when shown (integration.selectors_eligibility), never stored
here. One check per request; a stale copy is refused (EditConflictError)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from clients.access_log import access_log_record
from clients.models import AccessLog, Client
from clients.services import EditConflictError, client_require_editor, client_require_open
from integration.log_actions import LOG_ELIGIBILITY
from integration.models import LEEFLOON_KIND, Eligibility, WorkWillingness
from integration.models.files import OTHER_RIGHTS
from procedure.models import Request
from wijkteams.models import User

# The fields the worker fills in; the rest of the row is who checked and when.
ELIGIBILITY_FIELDS = (
    "actual_residence",
    "actual_residence_note",
    "minor_ground",
    "work_willingness",
    "work_willingness_note",
    *(field for field, _label in OTHER_RIGHTS),
    "other_rights_note",
)
EXEMPT = (WorkWillingness.EXEMPT_HEALTH, WorkWillingness.EXEMPT_EQUITY)


def EXEMPT_MESSAGE() -> str:  # noqa: N802  # a message, named as the constants it sits with
    return _("Say why the client is exempt from the willingness to work (health or equity).")


def leefloon_request_check(request: Request, client: Client) -> None:
    """The request is one of this client's leefloon requests (else ValidationError)."""
    if request.client_id != client.pk or request.kind.code != LEEFLOON_KIND:
        raise ValidationError(_("This is not a leefloon request of this client."))


@transaction.atomic
def eligibility_save(
    *, actor: User, request: Request, data: Mapping[str, Any], expected_version: int
) -> Eligibility:
    """Save the check of `request` from `data` (the ELIGIBILITY_FIELDS; a missing one keeps its
    value). `expected_version` is the version the worker saw: 0 for a check not made yet. An
    exemption from the willingness to work says why (art. 3 5°: health or equity)."""
    client = Client.objects.select_for_update().get(pk=request.client_id)
    client_require_editor(actor, client)
    client_require_open(client)
    leefloon_request_check(request, client)
    current = Eligibility.objects.select_for_update().filter(request=request).first()
    if (current.version if current is not None else 0) != expected_version:
        if current is None:
            raise ValidationError(_("This check was removed meanwhile."))
        raise EditConflictError(current)
    eligibility = current or Eligibility(request=request)
    for field in ELIGIBILITY_FIELDS:
        if field in data:
            value = data[field]
            setattr(eligibility, field, value.strip() if isinstance(value, str) else value)
    errors: dict[str, str] = {}
    if eligibility.work_willingness in EXEMPT and not eligibility.work_willingness_note:
        errors["work_willingness_note"] = EXEMPT_MESSAGE()
    if errors:
        raise ValidationError(errors)
    eligibility.checked_by = actor
    eligibility.full_clean(exclude=["request", "checked_by"])
    if eligibility.pk is None:
        eligibility.save()
    else:
        eligibility.version = F("version") + 1  # an expression, read back
        eligibility.save()
        eligibility.refresh_from_db(fields=["version"])
    access_log_record(
        client=client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_ELIGIBILITY,
        params={"request": request.pk},
    )
    return eligibility
