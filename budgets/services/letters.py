"""Letters the OCMW sends, kept as PDF in the client's documents (issue 18 point 6): rendered
from the same template as the print page, stored with their SHA-256 and never changed; sending
again makes a new document."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import AidDecision
from budgets.selectors.decisions import decision_letter_context, decisions_visible_to
from clients.selectors import client_editable_by, current_assignment
from documents.models import LETTER_SENT, Document
from documents.services import document_store_generated
from wijkteams.models import User

DECIDED = (AidDecision.Status.APPROVED, AidDecision.Status.REJECTED)


def decision_letter_send(*, actor: User, decision: AidDecision) -> Document:
    """Render the decision letter to PDF and keep it in the client's file, once the proposal is
    decided; for the client's social worker and team lead (who may add documents to the file)."""
    try:
        decision = (
            decisions_visible_to(actor)
            .select_related(
                "client",
                "client__team",
                "calculation__budget_version",
                "calculation__policy",
                "decided_by",
            )
            .get(pk=decision.pk)
        )
    except AidDecision.DoesNotExist:
        raise PermissionDenied from None
    if decision.status not in DECIDED:
        raise PermissionDenied(_("A letter exists once the proposal is approved or rejected."))
    # Keeping it adds a document to the file: as an upload, for the client's worker and lead.
    if not client_editable_by(user=actor, client=decision.client):
        raise PermissionDenied(_("Only the client's social worker or the team lead may do this."))
    try:
        # WeasyPrint loads Pango when imported: imported here, so that the app (`make run`)
        # starts on a machine without Pango, and only keeping a letter says what is missing.
        from documents.letters import letter_pdf
    except (ImportError, OSError):
        raise ValidationError(
            _("Letters cannot be made into PDF on this server: WeasyPrint needs Pango (README).")
        ) from None
    today = timezone.localdate()
    # Rendered before the transaction of the store: WeasyPrint takes a moment.
    pdf = letter_pdf(
        "budgets/decisions/letter_pdf.html",
        {
            "client": decision.client,
            "decision": decision,
            "calculation": decision.calculation,
            "today": today,
            "assignment": current_assignment(decision.client),
            **decision_letter_context(decision),
        },
    )
    return document_store_generated(
        actor=actor,
        client=decision.client,
        data=pdf,
        name=f"{_('decision-letter')}-{today:%Y-%m-%d}.pdf",
        type_code=LETTER_SENT,
        document_date=today,
    )
