"""Every write to the request register: registering a request as received, withdrawing it,
forwarding it to the competent OCMW, and keeping its receipt as PDF in the file's documents.
Each checks who may and what is allowed and writes one access-log row; a change to an
existing request carries the version its editor loaded (optimistic locking,
clients.services.EditConflictError)."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access_log import access_log_listed, access_log_record, access_log_record_many
from clients.models import AccessLog, Client
from clients.selectors import current_assignment
from clients.services import EditConflictError, client_require_editor, client_require_open
from core.dates import date_range_errors, date_text
from documents.models import LETTER_SENT, Document
from documents.services import document_store_generated
from procedure import registry, selectors
from procedure.log_actions import (
    EXPORTED_REGISTER,
    LOG_FORWARDED,
    LOG_REGISTERED,
    LOG_WITHDRAWN,
    SEEN_REGISTER,
)
from procedure.models import (
    AgendaItem,
    CommitteeSession,
    Forwarding,
    Request,
    RequestDocument,
    RequestKind,
)
from procedure.services.common import request_lock, request_require_state, request_state_set
from wijkteams.models import User


def requests_listed(*, actor: User, client_ids: Iterable[int]) -> None:
    """Log a view for every client a page of the register shows: one query per page (no
    transaction of its own: a single INSERT is atomic, and the page keeps its query count)."""
    access_log_listed(actor=actor, client_ids=client_ids, what=SEEN_REGISTER)


def requests_exported(*, actor: User, client_ids: Iterable[int]) -> None:
    """Log an export for every client of a CSV of the register, in one insert."""
    access_log_record_many(
        client_ids=list(dict.fromkeys(client_ids)),
        actor=actor,
        action=AccessLog.Action.EXPORT,
        what=EXPORTED_REGISTER,
    )


# A request is registered on the day it is received (the receipt is dated); one received more
# than this long ago is a mistake in the date, not a request to register now.
REGISTER_WINDOW_DAYS = 365


def _received_on_errors(received_on: dt.date, today: dt.date) -> dict[str, str]:
    errors = date_range_errors(received_on=received_on)
    if errors:
        return errors
    earliest = today - dt.timedelta(days=REGISTER_WINDOW_DAYS)
    if received_on > today:
        return {"received_on": _("A request cannot be received on a day in the future.")}
    if received_on < earliest:
        return {
            "received_on": _(
                "A request is registered when it is received: a date before %(earliest)s "
                "is too long ago."
            )
            % {"earliest": date_text(earliest)}
        }
    return {}


@transaction.atomic
def request_register(
    *,
    actor: User,
    client: Client,
    kind: RequestKind,
    received_on: dt.date,
    location: str,
    own_words: str,
) -> Request:
    """Register a request as received: by the client's social worker or the team lead, on an
    open file. From `received_on` the legal deadlines run."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    client_require_editor(actor, client)
    client_require_open(client)
    errors = _received_on_errors(received_on, timezone.localdate())
    if not kind.is_active:
        errors["kind"] = _("Choose a kind of help from the list.")
    location = location.strip()
    if not location:
        errors["location"] = _("Say where the request was received.")
    if errors:
        raise ValidationError(errors)
    request = Request(
        client=client,
        kind=kind,
        received_on=received_on,
        received_by=actor,
        location=location,
        own_words=own_words.strip(),
    )
    request.full_clean()
    request.save()
    access_log_record(
        client=client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_REGISTERED,
        params={"request": request.pk},
    )
    return request


def _locked_open(request: Request, *, actor: User, expected_version: int) -> Request:
    """The request locked until the transaction ends, refused if the file is not theirs to
    change, its editor's copy is stale, the file is closed, or the request is no longer open."""
    current = request_lock(request.pk, expected_version=None)
    client_require_editor(actor, current.client)
    if current.version != expected_version:
        raise EditConflictError(current=current)
    client_require_open(current.client)
    request_require_state(current, *Request.OPEN_STATES)
    return current


def _agenda_items_drop(request: Request) -> None:
    """A request withdrawn or forwarded leaves the agendas of the sessions still planned: an
    item nobody can record would keep its session from closing. Items with a result stay."""
    AgendaItem.objects.filter(
        request=request,
        result=AgendaItem.Result.PENDING,
        session__state=CommitteeSession.State.PLANNED,
    ).delete()


@transaction.atomic
def request_withdraw(
    *, actor: User, request: Request, expected_version: int, reason: str
) -> Request:
    """The applicant withdraws the request (or it turns out not to be one): with the reason;
    the row and its receipt stay."""
    request = _locked_open(request, actor=actor, expected_version=expected_version)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    request.state = Request.State.WITHDRAWN
    request.withdrawn_at = timezone.now()
    request.withdrawn_by = actor
    request.withdrawal_reason = reason
    request.full_clean()
    request_state_set(
        request,
        Request.State.WITHDRAWN,
        fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"],
    )
    _agenda_items_drop(request)
    for listener in registry.withdrawal_listeners():
        listener(request)
    access_log_record(
        client=request.client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_WITHDRAWN,
        params={"request": request.pk},
    )
    return request


def _forwarding_errors(
    request: Request, *, reason: str, forwarded_to: str, forwarded_on: dt.date
) -> dict[str, str]:
    errors = date_range_errors(forwarded_on=forwarded_on)
    if not errors and forwarded_on < request.received_on:
        errors["forwarded_on"] = _(
            "A request cannot be forwarded before it was received (%(received)s)."
        ) % {"received": date_text(request.received_on)}
    elif not errors and forwarded_on > timezone.localdate():
        errors["forwarded_on"] = _("The forwarding date cannot be in the future.")
    if not reason:
        errors["reason"] = _("Give the reasons why the OCMW is not competent.")
    if not forwarded_to:
        errors["forwarded_to"] = _("Name the OCMW the request goes to.")
    return errors


@transaction.atomic
def request_forward(
    *,
    actor: User,
    request: Request,
    expected_version: int,
    reason: str,
    forwarded_to: str,
    forwarded_on: dt.date,
) -> Forwarding:
    """The OCMW is not competent: record the reasons and the OCMW the request was sent to
    (within 5 days of the receipt, procedure/deadlines.py). The request becomes forwarded."""
    request = _locked_open(request, actor=actor, expected_version=expected_version)
    reason, forwarded_to = reason.strip(), forwarded_to.strip()
    errors = _forwarding_errors(
        request, reason=reason, forwarded_to=forwarded_to, forwarded_on=forwarded_on
    )
    if Forwarding.objects.filter(request=request).exists():
        errors[NON_FIELD_ERRORS] = _("This request was already forwarded.")
    if errors:
        raise ValidationError(errors)
    forwarding = Forwarding(
        request=request,
        reason=reason,
        forwarded_to=forwarded_to,
        forwarded_on=forwarded_on,
        forwarded_by=actor,
    )
    forwarding.full_clean()
    forwarding.save()
    request_state_set(request, Request.State.FORWARDED)
    _agenda_items_drop(request)
    access_log_record(
        client=request.client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_FORWARDED,
        params={"request": request.pk},
    )
    return forwarding


def request_receipt_keep(*, actor: User, request: Request, language: str) -> Document:
    """Render the receipt to PDF (in `language`, "nl-be" or "en") and keep it in the client's
    documents as a letter sent; for the client's social worker and team lead, who may add
    documents to the file. Each press makes a new document."""
    client = request.client
    client_require_editor(actor, client)
    try:
        # WeasyPrint loads Pango when imported: imported here, so that the app starts on a
        # machine without it, and only keeping a letter says what is missing.
        from documents.letters import letter_pdf
    except (ImportError, OSError):
        raise ValidationError(
            _("Letters cannot be made into PDF on this server: WeasyPrint needs Pango (README).")
        ) from None
    today = timezone.localdate()
    # Rendered before the transaction of the store: WeasyPrint takes a moment.
    pdf = letter_pdf(
        "procedure/receipt_pdf.html",
        {
            "client": client,
            "help_request": request,
            "decision_due": selectors.decision_due(request),
            "assignment": current_assignment(client),
            "receipt_language": language,
        },
    )
    return document_store_generated(
        actor=actor,
        client=client,
        data=pdf,
        name=f"{_('receipt')}-{today:%Y-%m-%d}.pdf",
        type_code=LETTER_SENT,
        document_date=today,
        # A document of the file, and of the request it acknowledges.
        then=lambda document: RequestDocument.objects.create(request=request, document=document),
    )
