"""What the documents' views share: one document of an opened client file."""

from django.http import Http404

from clients.views.common import ClientFile
from documents import selectors
from documents.models import Document


def document_of(file: ClientFile, document_pk: int) -> Document:
    """A document of the file the user may read (404 otherwise): whoever may edit the file may
    read its health data (clients' confidential_readable_by), others not its confidential
    types."""
    try:
        return selectors.client_document_get(
            client=file.client, pk=document_pk, health_data=file.can_edit
        )
    except Document.DoesNotExist:
        raise Http404 from None
