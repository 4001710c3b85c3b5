"""Documents added to a request for help: kept by the documents app like any upload to the
client's file (checked by content, encrypted, all files or none) and linked to the request
(procedure.models.RequestDocument) in the same transaction."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from clients.access_log import Params
from documents.models import Document, DocumentType
from documents.services import documents_upload
from procedure.log_actions import LOG_DOCUMENTS_ADDED
from procedure.models import Request, RequestDocument
from wijkteams.models import User


def _require_open(request: Request) -> None:
    if not request.is_open:
        raise ValidationError(
            _("This request is %(state)s: it takes no more documents.")
            % {"state": request.get_state_display()}
        )


def request_documents_upload(
    *,
    actor: User,
    request: Request,
    files: Sequence[UploadedFile],
    document_type: DocumentType,
    document_date: dt.date,
    valid_until: dt.date | None = None,
) -> list[Document]:
    """Add files of one type and date to an open request, by the client's social worker or the
    team lead (the documents app checks who, the file and the files). One access-log row names
    the request; a refused upload is logged by the documents app."""
    _require_open(request)

    def link(documents: list[Document]) -> tuple[str, Params]:
        # In the upload's transaction: the request is locked and still open, or nothing is kept.
        current = Request.objects.select_for_update(of=("self",)).get(pk=request.pk)
        _require_open(current)
        RequestDocument.objects.bulk_create(
            RequestDocument(request=current, document=document) for document in documents
        )
        return LOG_DOCUMENTS_ADDED, {"request": request.pk, "count": len(documents)}

    return documents_upload(
        actor=actor,
        client=request.client,
        files=files,
        document_type=document_type,
        document_date=document_date,
        valid_until=valid_until,
        link=link,
    )
