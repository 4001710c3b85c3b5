"""The decision letter of a request: what it says (the decision, its motivation, the amount and
period, the appeal paragraph naming the labour court of the OCMW's district and the last day to
appeal), and the letter made into a PDF, kept in the client's documents and on the request, with
the notification it made."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Assignment
from clients.selectors import current_assignment
from clients.services import client_require_editor
from documents.models import LETTER_SENT, Document
from documents.services import document_store_generated
from procedure import selectors
from procedure.models import Decision, Notification, Request, RequestDocument
from procedure.services import decisions
from wijkteams.models import User

# The languages a letter goes out in: Dutch, and English on request (?taal=en), whatever
# language the staff member works in.
LETTER_LANGUAGES = {"nl": "nl-be", "en": "en"}


def decision_letter_context(
    *,
    request: Request,
    decision: Decision,
    language: str,
    notified_on: dt.date | None,
    assignment: Assignment | None,
) -> dict[str, Any]:
    """What the letter's template (procedure/decision_letter_body.html) needs. `language` is
    "nl-be" or "en"; without `notified_on` (not notified yet) the letter gives the appeal's
    three months from the notification instead of its last day."""
    ends_on = (
        selectors.period_end(decision.starts_on, decision.months)
        if decision.starts_on is not None and decision.months
        else None
    )
    return {
        "client": request.client,
        "help_request": request,
        "decision": decision,
        "ends_on": ends_on,
        "appeal_until": selectors.appeal_last_day(notified_on) if notified_on else None,
        "court_name": settings.OCMW_LABOUR_COURT_NAME,
        "court_address": settings.OCMW_LABOUR_COURT_ADDRESS,
        "assignment": assignment,
        "letter_language": language,
        "letter_date": timezone.localdate(),
    }


def _standing_decision(request: Request) -> Decision:
    try:
        return decisions.standing_decision(request)
    except Decision.DoesNotExist:
        raise ValidationError(_("This request has no decision to notify yet.")) from None


def notification_record_with_letter(
    *,
    actor: User,
    request: Request,
    expected_version: int,
    notified_on: dt.date,
    way: str,
    language: str,
) -> Notification:
    """Make the decision letter into a PDF (in `language`, "nl-be" or "en", with the last day to
    appeal counted from `notified_on`), keep it in the client's documents as a letter sent and
    on the request, and record the notification with it (decisions.notification_record): all
    of it or nothing, the stored file removed again when the notification is refused."""
    client = request.client
    client_require_editor(actor, client)
    decision = _standing_decision(request)
    try:
        # WeasyPrint loads Pango when imported: imported here, so that the app starts on a
        # machine without it, and only making a letter says what is missing.
        from documents.letters import letter_pdf
    except (ImportError, OSError):
        raise ValidationError(
            _("Letters cannot be made into PDF on this server: WeasyPrint needs Pango (README).")
        ) from None
    today = timezone.localdate()
    # Rendered before the transaction of the store: WeasyPrint takes a moment.
    pdf = letter_pdf(
        "procedure/decision_letter_pdf.html",
        decision_letter_context(
            request=request,
            decision=decision,
            language=language,
            notified_on=notified_on,
            assignment=current_assignment(client),
        ),
    )
    recorded: list[Notification] = []

    def notify_with(document: Document) -> None:
        # In the store's transaction: a refused notification takes the letter with it.
        recorded.append(
            decisions.notification_record(
                actor=actor,
                request=request,
                expected_version=expected_version,
                notified_on=notified_on,
                way=way,
                letter_id=document.pk,
            )
        )
        RequestDocument.objects.create(request=request, document=document)

    document_store_generated(
        actor=actor,
        client=client,
        data=pdf,
        name=f"{_('decision-letter')}-{today:%Y-%m-%d}.pdf",
        type_code=LETTER_SENT,
        document_date=today,
        then=notify_with,
    )
    [notification] = recorded
    return notification
