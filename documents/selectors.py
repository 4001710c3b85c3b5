"""Reads of a client's documents. The client comes from clients' scoping selector
(`open_client_file`), so these only narrow down to what the file holds."""

from django.db.models import QuerySet

from clients.models import Client, HouseholdMember
from documents.models import Document, DocumentType


def client_documents(*, client: Client, health_data: bool) -> QuerySet[Document]:
    """The file's documents, newest first, with what the list shows: one query. Without
    `health_data` (clients.selectors.confidential_readable_by) the confidential types are left
    out, as confidential journal entries are."""
    documents = Document.objects.filter(client=client)
    if not health_data:
        documents = documents.exclude(document_type__confidential=True)
    return documents.select_related("document_type", "member", "uploaded_by", "withdrawn_by")


def client_document_get(*, client: Client, pk: int, health_data: bool) -> Document:
    """One document of the client the user may see (Document.DoesNotExist otherwise)."""
    return client_documents(client=client, health_data=health_data).get(pk=pk)


def document_types_active() -> QuerySet[DocumentType]:
    return DocumentType.objects.filter(is_active=True)


def household_members(*, client: Client) -> QuerySet[HouseholdMember]:
    return HouseholdMember.objects.filter(client=client)
